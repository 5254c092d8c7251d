package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import trips.sftp.TripCsv;
import trips.testing.IngestionFixture;

/**
 * A run's lock lives in a database session of its own, idle while the run works. When that session
 * ends (an operator, an idle timeout) the run goes on, and a copy of the file dropped meanwhile found
 * the run's lock free and ran it a second time beside it: one attempt COMPLETED the file, the other
 * then FAILED it, leaving a FAILED file's trips in trip.
 */
class LostRunLockTest {

    private static final int ROWS = 20_000;

    @Test
    void should_stop_a_run_whose_lock_session_ended_and_complete_the_file_once() throws Exception {
        try (IngestionFixture fx = new IngestionFixture(Map.of("trips.ingest.batch-size", "500"))) {
            // batches slow enough for the lock to be lost and the copy to come while the file loads
            fx.db.execute("CREATE FUNCTION slow_batch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " PERFORM pg_sleep(0.1); RETURN NEW; END $$");
            fx.db.execute("CREATE TRIGGER slow_batch BEFORE INSERT ON ingestion_batch FOR EACH ROW EXECUTE FUNCTION slow_batch()");
            String csv = TripCsv.rows("lost-lock", ROWS);
            fx.dropText("first.csv", csv);
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> fx.db.count("SELECT count(*) FROM ingestion_batch") >= 2);

            assertThat(fx.db.count("SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).isEqualTo(1);
            fx.dropText("copy.csv", csv);

            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(fx.inbox.resolve(".done/first.csv"))
                    && Files.exists(fx.inbox.resolve(".done/copy.csv")));
            assertThat(fx.db.count("SELECT count(*) FROM ingestion WHERE status = 'COMPLETED'")).isEqualTo(1);
            assertThat(fx.db.count("SELECT count(*) FROM ingestion WHERE status IN ('FAILED', 'RUNNING')")).isZero();
            assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(ROWS);
            assertThat(fx.db.count("SELECT sum(trips) FROM trip_group")).isEqualTo(ROWS);
            assertThat(fx.db.count("SELECT sum(rows_loaded) FROM ingestion WHERE status = 'COMPLETED'")).isEqualTo(ROWS);
            assertThat(fx.events.all().stream().filter(e -> e.type() == trips.events.IngestionEvent.Type.FAILED)).isEmpty();
        }
    }
}
