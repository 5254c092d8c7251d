package trips.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import trips.events.IngestionEvents;

/**
 * Publishes PROGRESS for every running file on a fixed beat, independent of batch size: a batch that
 * takes three seconds to commit still shows the bytes being read every interval.
 */
public final class ProgressTicker implements AutoCloseable {

    private final Map<Long, IngestionRun> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public ProgressTicker(IngestionEvents events, long intervalMillis) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trips-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> running.values().forEach(run -> run.tick(events)),
                intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void track(IngestionRun run) {
        running.put(run.id, run);
    }

    void untrack(IngestionRun run) {
        running.remove(run.id);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
