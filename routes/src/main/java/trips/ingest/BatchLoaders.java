package trips.ingest;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import trips.enrich.TripEnricher;
import trips.parse.TripBatch;

/**
 * The loader threads, fed by the thread that reads a file: each batch it cuts is handed over to be
 * enriched and loaded while it reads the next, and when every loader is busy and the short queue is
 * full, it waits. So parsing and PostgreSQL each get a core, and a slow database slows the reading
 * rather than filling the heap. (Camel's parallel split ran the overflow, and its own next iteration,
 * on the reading thread one level deeper each time: under a slow database, a level per batch, each
 * keeping the batch it had read, until a 512 MB heap ran out.)
 */
public final class BatchLoaders implements AutoCloseable {

    private final ThreadPoolExecutor pool;
    private final TripEnricher enricher;
    private final IngestionSteps steps;

    public BatchLoaders(int threads, TripEnricher enricher, IngestionSteps steps) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads),
                r -> {
                    Thread t = new Thread(r, "trips-loader-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new WaitForRoom());
        this.enricher = enricher;
        this.steps = steps;
    }

    /** Hands the exchange's batch over, waiting for room; first throws what failed a batch handed over before. */
    public void handOver(Exchange exchange) throws Exception {
        IngestionRun run = exchange.getProperty(IngestionOpener.RUN, IngestionRun.class);
        run.inFlight.requireNoFailure();
        Load load = new Load(run, exchange.getIn().getBody(TripBatch.class));
        try {
            pool.execute(load);
        } catch (RuntimeException e) {
            load.abandon(e);
            throw e;
        }
    }

    /** Waits for the file's batches to load; throws the first failure among them. */
    public void awaitLoaded(Exchange exchange) throws Exception {
        exchange.getProperty(IngestionOpener.RUN, IngestionRun.class).inFlight.awaitLoaded();
    }

    /** After Camel stopped: batches still queued are abandoned, so no reader waits for them for good. */
    @Override
    public void close() {
        List<Runnable> queued = pool.shutdownNow();
        for (Runnable r : queued) {
            ((Load) r).abandon(WaitForRoom.stopping());
        }
    }

    private final class Load implements Runnable {

        private final IngestionRun run;
        private final TripBatch batch;

        Load(IngestionRun run, TripBatch batch) {
            this.run = run;
            this.batch = batch;
            run.inFlight.add();
        }

        @Override
        public void run() {
            Throwable failure = null;
            try {
                steps.load(run, enricher.enrich(batch));
            } catch (Throwable e) {
                failure = e;
            } finally {
                run.inFlight.done(failure);
            }
        }

        void abandon(Throwable why) {
            run.inFlight.done(why);
        }
    }
}
