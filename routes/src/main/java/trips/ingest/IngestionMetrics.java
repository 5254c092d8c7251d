package trips.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import trips.events.IngestionEvent;
import trips.events.IngestionEvents;
import trips.parse.TripBatch;

/**
 * The engine's meters, on Micrometer's global registry: the process that embeds the engine decides
 * where they go (web's Main shows them at {@code /metrics}); with no registry added they cost nothing.
 * Recorded once per batch and once per file, never per row. They count for the whole process, so
 * engines sharing a JVM (tests) add up.
 */
public final class IngestionMetrics {

    private static final Counter ROWS_LOADED = rows("loaded");
    private static final Counter ROWS_REJECTED = rows("rejected");
    private static final Map<IngestionEvent.Type, Counter> FILES = new EnumMap<>(IngestionEvent.Type.class);
    private static final RecentRate RATE = new RecentRate();

    static {
        for (IngestionEvent.Type t : new IngestionEvent.Type[] {IngestionEvent.Type.COMPLETED,
                IngestionEvent.Type.FAILED, IngestionEvent.Type.DUPLICATE}) {
            FILES.put(t, Counter.builder("trips.ingest.files").tag("status", t.name())
                    .description("files that reached a final status").register(Metrics.globalRegistry));
        }
        Gauge.builder("trips.ingest.rows.per.second", RATE, RecentRate::perSecond)
                .description("rows loaded per second over the last " + RecentRate.WINDOW + " seconds, all files")
                .strongReference(true)
                .register(Metrics.globalRegistry);
    }

    private IngestionMetrics() {
    }

    private static Counter rows(String outcome) {
        return Counter.builder("trips.ingest.rows").tag("outcome", outcome)
                .description("rows committed by batches: loaded into trip, or rejected (a FAILED file's loaded"
                        + " rows are taken back later but stay counted here)")
                .register(Metrics.globalRegistry);
    }

    /** After a batch committed: what it added. */
    static void committed(TripBatch batch) {
        ROWS_LOADED.increment(batch.size());
        ROWS_REJECTED.increment(batch.rowsRejected());
        RATE.add(batch.size());
    }

    /** The same events, each file's final one (COMPLETED, FAILED, DUPLICATE) counted as it goes out. */
    public static IngestionEvents countingFiles(IngestionEvents events) {
        return e -> {
            Counter files = FILES.get(e.type());
            if (files != null) {
                files.increment();
            }
            events.publish(e);
        };
    }

    /** Rows per second over the last few seconds, in one-second buckets that batches add to. */
    static final class RecentRate {

        static final int WINDOW = 10;
        private final long[] rows = new long[WINDOW];
        private final long[] second = new long[WINDOW];

        RecentRate() {
            java.util.Arrays.fill(second, Long.MIN_VALUE);
        }

        synchronized void add(long n) {
            long now = nowSecond();
            int i = (int) Math.floorMod(now, (long) WINDOW);
            if (second[i] != now) {
                second[i] = now;
                rows[i] = 0;
            }
            rows[i] += n;
        }

        synchronized double perSecond() {
            long now = nowSecond();
            long sum = 0;
            for (int i = 0; i < WINDOW; i++) {
                if (second[i] != Long.MIN_VALUE && now - second[i] < WINDOW) {
                    sum += rows[i];
                }
            }
            return sum / (double) WINDOW;
        }

        private static long nowSecond() {
            return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime());
        }
    }
}
