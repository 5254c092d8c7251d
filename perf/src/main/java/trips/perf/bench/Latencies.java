package trips.perf.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Response times of one kind of question, in milliseconds, and their percentiles. */
final class Latencies {

    private final List<Double> millis = new ArrayList<>();

    void add(long nanos) {
        millis.add(nanos / 1e6);
    }

    int count() {
        return millis.size();
    }

    double totalSeconds() {
        return millis.stream().mapToDouble(Double::doubleValue).sum() / 1000;
    }

    double percentile(double p) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** p50 and the slowest, for the few first requests of a kind (one per question). */
    String medianAndMax() {
        return String.format("%.1f | %.1f", percentile(50), percentile(100));
    }

    String summary() {
        return String.format("%.1f | %.1f | %.1f", percentile(50), percentile(95), percentile(99));
    }
}
