package trips.perf;

import java.util.SplittableRandom;

/** Draws an index with probability proportional to its weight; a zero weight is never drawn. */
final class WeightedIndex {

    private final double[] cumulative;
    private final int lastPositive;

    WeightedIndex(double[] weights) {
        cumulative = new double[weights.length];
        double total = 0;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + i + " must be finite and >= 0: " + weights[i]);
            }
            total += weights[i];
            cumulative[i] = total;
            if (weights[i] > 0) {
                last = i;
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("all weights are zero");
        }
        lastPositive = last;
    }

    int sample(SplittableRandom rng) {
        double u = rng.nextDouble() * cumulative[lastPositive];
        int low = 0;
        int high = lastPositive;
        // first index whose cumulative weight exceeds u
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > u) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
