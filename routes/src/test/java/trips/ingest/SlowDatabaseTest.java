package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import trips.events.IngestionEvent;
import trips.sftp.TripCsv;
import trips.testing.IngestionFixture;

/**
 * When the database loads batches slower than the file is read, reading waits for the loaders. Camel's
 * parallel split did not wait: with the loaders' queue full it ran the next batch and its own next
 * iteration inline, one level deeper each time, every level keeping the batch it had read, until
 * a 512 MB heap ran out under a slow database.
 */
class SlowDatabaseTest {

    private static final int FILES = 3;
    private static final int ROWS = 10_000;
    private static final String LOAD_FRAME = "trips.load.TripBatchLoader.load";

    @Test
    void should_load_every_batch_at_the_same_stack_depth_however_far_the_loaders_fall_behind() throws Exception {
        try (IngestionFixture fx = new IngestionFixture(Map.of("trips.ingest.batch-size", "100"))) {
            // every batch commit waits 15 ms: the 200 batches are read far faster than they load
            fx.db.execute("CREATE FUNCTION slow_batch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " PERFORM pg_sleep(0.015); RETURN NEW; END $$");
            fx.db.execute("CREATE TRIGGER slow_batch BEFORE INSERT ON ingestion_batch"
                    + " FOR EACH ROW EXECUTE FUNCTION slow_batch()");
            AtomicInteger deepest = new AtomicInteger();
            AtomicInteger shallowest = new AtomicInteger(Integer.MAX_VALUE);
            AtomicInteger samples = new AtomicInteger();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
                        int load = depthOf(stack, LOAD_FRAME);
                        if (load >= 0) {
                            samples.incrementAndGet();
                            deepest.accumulateAndGet(load, Math::max);
                            shallowest.accumulateAndGet(load, Math::min);
                        }
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "stack-sampler");
            sampler.start();
            try {
                for (int f = 0; f < FILES; f++) {
                    fx.dropText("slow" + f + ".csv", TripCsv.rows("slow" + f, ROWS));
                }
                for (int f = 0; f < FILES; f++) {
                    assertThat(fx.awaitEnd("slow" + f + ".csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
                }
            } finally {
                sampling.set(false);
                sampler.join();
            }

            assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(FILES * ROWS);
            assertThat(samples.get()).as("stacks caught loading a batch").isGreaterThan(50);
            // a loader thread's frames under the load are the same for every batch; a nested
            // iteration adds some ten frames per level
            assertThat(deepest.get() - shallowest.get())
                    .as("frames between the shallowest and the deepest batch load").isLessThan(10);
        }
    }

    /** How many frames lie beneath the named method's frame (-1 if it is not on the stack). */
    private static int depthOf(StackTraceElement[] stack, String method) {
        for (int i = stack.length - 1; i >= 0; i--) {
            if (method.equals(stack[i].getClassName() + "." + stack[i].getMethodName())) {
                return stack.length - 1 - i;
            }
        }
        return -1;
    }
}
