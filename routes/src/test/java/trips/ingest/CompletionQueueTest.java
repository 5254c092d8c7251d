package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import trips.events.IngestionEvent;
import trips.load.FileCompletion;
import trips.testing.IngestionFixture;

/**
 * A file's completion can take minutes (a big file's merges and indexes) and the next one waits for
 * it on the merge lock. Files dropped meanwhile still load their batches: completions wait on a
 * thread of their own, not on the loader threads, which two waiting completions used to take both.
 */
class CompletionQueueTest {

    private static final String HEADER = "region,origin_coord,destination_coord,datetime,datasource\n";

    @Test
    void should_load_new_files_while_earlier_completions_wait_for_the_merge_lock() throws Exception {
        try (IngestionFixture fx = new IngestionFixture(Map.of("trips.ingest.read-lock-min-age-ms", "0"));
             Connection blocker = fx.db.connect()) {
            // stands for a long completion of another file (or another node)
            mergeLock(blocker, "pg_advisory_lock");

            fx.drop(sample(), "a.csv");
            awaitLoaded(fx, "a.csv", 100);
            fx.dropText("b.csv", HEADER + "Turin,POINT (7.6 45.0),POINT (7.7 45.1),2018-05-01 08:00:00,funny_car\n");
            awaitLoaded(fx, "b.csv", 1);
            fx.dropText("c.csv", HEADER + "Turin,POINT (7.6 45.0),POINT (7.7 45.1),2018-05-02 08:00:00,funny_car\n"
                    + "Prague,POINT (14.4 50.0),POINT (14.5 50.1),2018-05-02 09:00:00,cheap_mobile\n");

            // a and b wait to complete; c's batch loads all the same
            awaitLoaded(fx, "c.csv", 2);
            assertThat(fx.db.count("SELECT count(*) FROM ingestion WHERE status = 'COMPLETED'")).isZero();

            mergeLock(blocker, "pg_advisory_unlock");
            for (String file : new String[] {"a.csv", "b.csv", "c.csv"}) {
                assertThat(fx.awaitEnd(file).type()).as(file).isEqualTo(IngestionEvent.Type.COMPLETED);
            }
            assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(103);
        }
    }

    @Test
    void should_keep_connections_for_the_api_while_many_files_wait_for_a_long_completion() throws Exception {
        try (IngestionFixture fx = new IngestionFixture(Map.of("trips.ingest.read-lock-min-age-ms", "0"));
             Connection blocker = fx.db.connect()) {
            mergeLock(blocker, "pg_advisory_lock");
            int files = 15;
            for (int i = 0; i < files; i++) {
                fx.dropText("f" + i + ".csv", HEADER + "Turin,POINT (7.6 45.0),POINT (7.7 45.1),2018-05-"
                        + String.format("%02d", i + 1) + " 08:00:00,funny_car\n");
            }
            // files read ahead of the long completion each hold their run's lock (a connection): were
            // they not bounded, they would take the whole pool, and the API and health check with it
            Thread.sleep(4_000);
            long start = System.nanoTime();
            try (Connection c = fx.database.dataSource().getConnection()) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            }

            mergeLock(blocker, "pg_advisory_unlock");
            for (int i = 0; i < files; i++) {
                assertThat(fx.awaitEnd("f" + i + ".csv").type()).as("f" + i).isEqualTo(IngestionEvent.Type.COMPLETED);
            }
            assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(files);
            // nothing ran out of connections on the way: every file was started once
            assertThat(fx.events.all().stream().filter(e -> e.type() == IngestionEvent.Type.STARTED).count())
                    .isEqualTo(files);
        }
    }

    private static void mergeLock(Connection c, String function) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT " + function + "(" + FileCompletion.MERGE_LOCK + ")");
        }
    }

    private static void awaitLoaded(IngestionFixture fx, String file, long rows) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> fx.db.count("SELECT coalesce(max(rows_loaded), 0) FROM ingestion WHERE file = '" + file + "'"),
                        n -> n == rows);
    }

    private static Path sample() throws Exception {
        return Path.of(CompletionQueueTest.class.getResource("/trips.csv").toURI());
    }
}
