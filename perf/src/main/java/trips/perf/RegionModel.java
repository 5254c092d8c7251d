package trips.perf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** A region turned into flat arrays, so drawing a point allocates nothing. */
final class RegionModel {

    private static final double METRES_PER_DEGREE_LAT = 111_320;
    /** How much more often commute ends are picked in their direction of the rush hour. */
    private static final double COMMUTE_BIAS = 3;

    final byte[] name;
    final WeightedIndex datasources;
    final WeightedIndex anySpot;
    final WeightedIndex morningOrigin;
    final WeightedIndex morningDestination;

    private final double[] lon;
    private final double[] lat;
    private final double[] sigmaLon;
    private final double[] sigmaLat;
    private final double minLon;
    private final double minLat;
    private final double lonSpan;
    private final double latSpan;
    private final double background;

    RegionModel(Region region) {
        name = region.name().getBytes(StandardCharsets.UTF_8);
        datasources = new WeightedIndex(region.datasourceWeightArray());
        List<HotSpot> spots = region.hotSpots();
        int n = spots.size();
        lon = new double[n];
        lat = new double[n];
        sigmaLon = new double[n];
        sigmaLat = new double[n];
        double[] any = new double[n];
        double[] fromHome = new double[n];
        double[] toWork = new double[n];
        for (int i = 0; i < n; i++) {
            HotSpot spot = spots.get(i);
            lon[i] = spot.lon();
            lat[i] = spot.lat();
            sigmaLat[i] = spot.sigmaMetres() / METRES_PER_DEGREE_LAT;
            // StrictMath: the same bytes on every JVM; the floor keeps polar spots finite
            double cos = Math.max(0.01, StrictMath.cos(StrictMath.toRadians(spot.lat())));
            sigmaLon[i] = sigmaLat[i] / cos;
            any[i] = spot.weight();
            fromHome[i] = spot.weight() * (spot.kind().morningOrigin() ? COMMUTE_BIAS : 1);
            toWork[i] = spot.weight() * (spot.kind().morningDestination() ? COMMUTE_BIAS : 1);
        }
        anySpot = n == 0 ? null : new WeightedIndex(any);
        morningOrigin = n == 0 ? null : new WeightedIndex(fromHome);
        morningDestination = n == 0 ? null : new WeightedIndex(toWork);
        minLon = region.minLon();
        minLat = region.minLat();
        lonSpan = region.maxLon() - region.minLon();
        latSpan = region.maxLat() - region.minLat();
        background = n == 0 ? 1 : region.backgroundShare();
    }

    /** Writes lon into out[at] and lat into out[at + 1]. */
    void point(SplittableRandom rng, WeightedIndex spots, double[] out, int at) {
        if (rng.nextDouble() < background) {
            out[at] = minLon + rng.nextDouble() * lonSpan;
            out[at + 1] = minLat + rng.nextDouble() * latSpan;
            return;
        }
        int spot = spots.sample(rng);
        // Marsaglia's polar method: two independent normals for one log; our own code rather than
        // nextGaussian() so the stream cannot change with the JDK's algorithm.
        double x;
        double y;
        double q;
        do {
            x = 2 * rng.nextDouble() - 1;
            y = 2 * rng.nextDouble() - 1;
            q = x * x + y * y;
        } while (q >= 1 || q == 0);
        double f = Math.sqrt(-2 * StrictMath.log(q) / q);
        // clamping only matters for custom regions at the poles or the antimeridian
        out[at] = Math.max(-180, Math.min(180, lon[spot] + x * f * sigmaLon[spot]));
        out[at + 1] = Math.max(-90, Math.min(90, lat[spot] + y * f * sigmaLat[spot]));
    }
}
