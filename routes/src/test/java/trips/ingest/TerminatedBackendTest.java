package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import trips.events.IngestionEvent;
import trips.sftp.TripCsv;
import trips.testing.IngestionFixture;

/**
 * The server dropping a connection (a restart, pg_terminate_backend: SQLSTATE 57P01) in the middle of
 * a batch or a completion is a passing fault: the file stays in the inbox, RUNNING, and resumes; it
 * must not end FAILED (which drops its load table and moves it to .failed).
 */
class TerminatedBackendTest {

    private IngestionFixture fx;

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    @Test
    void should_resume_a_file_whose_completion_lost_its_connection() throws Exception {
        assertResumesAfterTerminating("trip_group", "completion.csv");
    }

    @Test
    void should_resume_a_file_whose_batch_lost_its_connection() throws Exception {
        assertResumesAfterTerminating("ingestion_batch", "batch.csv");
    }

    /** Holds a lock on {@code table} until the file's transaction waits for it, then terminates that backend. */
    private void assertResumesAfterTerminating(String table, String file) throws Exception {
        fx = new IngestionFixture(Map.of());
        try (Connection blocker = fx.db.connect(); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE " + table + " IN SHARE MODE");
            fx.dropText(file, TripCsv.rows("held", 1000));
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> fx.db.count("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock'") > 0);
            fx.db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND state = 'active' AND wait_event_type = 'Lock'");
            Thread.sleep(1000);
            assertThat(fx.events.terminal(file)).as("no terminal event while the lock is held").isNull();
            assertThat(fx.db.text("SELECT status FROM ingestion WHERE file = '" + file + "'")).isEqualTo("RUNNING");
            blocker.rollback();
        }
        IngestionEvent end = fx.awaitEnd(file);
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(1000);
        assertThat(fx.db.count("SELECT sum(trips) FROM trip_group")).isEqualTo(1000);
    }
}
