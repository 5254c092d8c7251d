package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import trips.sftp.TripCsv;
import trips.testing.IngestionFixture;

/**
 * Stopping while a file completes: the completion's statements are cancelled, not waited for, and
 * the file stays RUNNING to resume at the next start (not FAILED: nothing is wrong with it).
 */
class StopDuringCompletionTest {

    private IngestionFixture fx;

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    @Test
    void should_stop_within_seconds_during_a_completion_and_leave_the_file_to_resume() throws Exception {
        fx = new IngestionFixture(Map.of());
        try (Connection blocker = fx.db.connect(); Statement s = blocker.createStatement()) {
            // the completion's group merge waits for this lock for as long as the test holds it: a long completion
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE trip_group IN ACCESS EXCLUSIVE MODE");
            fx.dropText("held.csv", TripCsv.rows("held", 1000));
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> fx.db.count("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock'") > 0);

            long start = System.nanoTime();
            fx.engine.close();
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;

            assertThat(seconds).as("seconds to stop (Camel alone waits 45)").isLessThan(15);
            assertThat(fx.db.text("SELECT status FROM ingestion WHERE file = 'held.csv'")).isEqualTo("RUNNING");
            assertThat(fx.inbox.resolve("held.csv")).as("left in the inbox to resume").exists();
            blocker.rollback();
        }
    }
}
