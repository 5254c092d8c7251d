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
 * The database ending the completion's connection (a restart, pg_terminate_backend) is a passing
 * fault: the pool then closes the connection, so its rollback fails too, and that second error must
 * not hide the first. The file resumes and completes; it is not FAILED and its trips are kept.
 */
class ConnectionLostDuringCompletionTest {

    private IngestionFixture fx;

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    @Test
    void should_resume_a_file_whose_completion_lost_its_connection() throws Exception {
        fx = new IngestionFixture(Map.of());
        try (Connection blocker = fx.db.connect(); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE trip_group IN ACCESS EXCLUSIVE MODE");
            fx.dropText("cut.csv", TripCsv.rows("cut", 1000));
            String waiting = "FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'"
                    + " AND wait_event_type = 'Lock'";
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> fx.db.count("SELECT count(*) " + waiting) > 0);
            // the completion's backend ends as in a restart of PostgreSQL (SQLSTATE 57P01)
            s.execute("SELECT pg_terminate_backend(pid) " + waiting);
            blocker.rollback();
        }
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> !fx.db.text(
                "SELECT status FROM ingestion WHERE file = 'cut.csv' ORDER BY id LIMIT 1").equals("RUNNING"));
        assertThat(fx.db.text("SELECT status FROM ingestion WHERE file = 'cut.csv' ORDER BY id LIMIT 1"))
                .as("a lost connection is a passing fault").isEqualTo("COMPLETED");
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(1000);
    }
}
