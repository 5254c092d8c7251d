package trips.perf;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one trip at a time into its own fields, reused row after row. The order of the random
 * draws is part of the output format: changing it changes every file for a given seed.
 */
final class TripSampler {

    final TimeModel time;
    final RegionModel[] regions;
    private final WeightedIndex regionIndex;

    int region;
    int datasource;
    int day;
    int secondOfDay;
    /** origin lon, origin lat, destination lon, destination lat */
    final double[] points = new double[4];

    TripSampler(List<Region> regionList, TimeModel time) {
        this.time = time;
        regions = new RegionModel[regionList.size()];
        double[] weights = new double[regions.length];
        for (int i = 0; i < regions.length; i++) {
            regions[i] = new RegionModel(regionList.get(i));
            weights[i] = regionList.get(i).weight();
        }
        regionIndex = new WeightedIndex(weights);
    }

    void sample(SplittableRandom rng) {
        region = regionIndex.sample(rng);
        RegionModel model = regions[region];
        datasource = model.datasources.sample(rng);
        day = time.sampleDay(rng);
        secondOfDay = time.sampleSecondOfDay(rng, day);
        int hour = secondOfDay / 3600;
        WeightedIndex origins = model.anySpot;
        WeightedIndex destinations = model.anySpot;
        // Rush hours have a direction, so groups of similar trips are lopsided like real ones.
        if (!time.weekend(day)) {
            if (hour >= 6 && hour < 11) {
                origins = model.morningOrigin;
                destinations = model.morningDestination;
            } else if (hour >= 15 && hour < 20) {
                origins = model.morningDestination;
                destinations = model.morningOrigin;
            }
        }
        model.point(rng, origins, points, 0);
        model.point(rng, destinations, points, 2);
    }
}
