package trips.perf;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One city: its bounding box for background trips, its hot spots, its share of all trips and which
 * data sources operate there (a zero weight means the pair never occurs).
 *
 * @param backgroundShare share of trip ends drawn uniformly from the box instead of a hot spot
 */
public record Region(String name, double minLon, double minLat, double maxLon, double maxLat,
                     double weight, double backgroundShare, List<HotSpot> hotSpots,
                     Map<Datasource, Double> datasourceWeights) {

    public Region {
        Objects.requireNonNull(name, "name");
        // Rows must stay plain CSV: the ingestion tests cover quoting on their own.
        if (name.isEmpty() || name.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')
                || name.getBytes(StandardCharsets.UTF_8).length > 100) {
            throw new IllegalArgumentException("region name must be 1..100 bytes without comma, quote or newline: " + name);
        }
        if (!(minLon < maxLon && minLat < maxLat && minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90)) {
            throw new IllegalArgumentException("bad bounding box for region " + name);
        }
        if (!(weight > 0) || !(backgroundShare >= 0 && backgroundShare <= 1)) {
            throw new IllegalArgumentException("region " + name + " needs weight > 0 and backgroundShare in 0..1");
        }
        hotSpots = List.copyOf(hotSpots);
        if (hotSpots.isEmpty() && backgroundShare < 1) {
            throw new IllegalArgumentException("region " + name + " has no hot spots: set backgroundShare to 1");
        }
        Map<Datasource, Double> copy = new EnumMap<>(Datasource.class);
        copy.putAll(datasourceWeights);
        datasourceWeights = Collections.unmodifiableMap(copy);
        double total = 0;
        for (double w : datasourceWeights.values()) {
            if (!(w >= 0)) {
                throw new IllegalArgumentException("negative datasource weight in region " + name);
            }
            total += w;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("region " + name + " needs at least one datasource");
        }
    }

    /** Weights in {@link Datasource} declaration order, so map ordering can never change the output. */
    double[] datasourceWeightArray() {
        Datasource[] all = Datasource.values();
        double[] weights = new double[all.length];
        for (int i = 0; i < all.length; i++) {
            weights[i] = datasourceWeights.getOrDefault(all[i], 0.0);
        }
        return weights;
    }

    /** The same region with another share of all trips. */
    public Region withWeight(double newWeight) {
        return new Region(name, minLon, minLat, maxLon, maxLat, newWeight, backgroundShare, hotSpots, datasourceWeights);
    }
}
