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
 * The server dropping a connection (a restart, pg_terminate_backend: SQLSTATE 57P01) or cancelling a
 * statement (pg_cancel_backend, a statement timeout: 57014) in the middle of a batch or a completion
 * is a passing fault: the file stays in the inbox, RUNNING, and resumes; it must not end FAILED (which
 * drops its load table and moves it to .failed), nor DUPLICATE of itself.
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

    @Test
    void should_resume_a_file_of_many_batches_whose_batch_statement_was_cancelled() throws Exception {
        assertResumesAfter("pg_cancel_backend", "ingestion_batch", "cancelled.csv", 20_000);
    }

    private void assertResumesAfterTerminating(String table, String file) throws Exception {
        assertResumesAfter("pg_terminate_backend", table, file, 1000);
    }

    /** Holds a lock on {@code table} until the file's transaction waits for it, then ends that statement. */
    private void assertResumesAfter(String ending, String table, String file, int rows) throws Exception {
        fx = new IngestionFixture(Map.of("trips.ingest.batch-size", "500"));
        try (Connection blocker = fx.db.connect(); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE " + table + " IN SHARE MODE");
            fx.dropText(file, TripCsv.rows("held", rows));
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> fx.db.count("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock'") > 0);
            fx.db.execute("SELECT " + ending + "(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND state = 'active' AND wait_event_type = 'Lock'");
            Thread.sleep(1000);
            assertThat(fx.events.terminal(file)).as("no terminal event while the lock is held").isNull();
            assertThat(fx.db.text("SELECT status FROM ingestion WHERE file = '" + file + "'")).isEqualTo("RUNNING");
            blocker.rollback();
        }
        IngestionEvent end = fx.awaitEnd(file);
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(fx.db.count("SELECT count(*) FROM ingestion")).isEqualTo(1);
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(rows);
        assertThat(fx.db.count("SELECT sum(trips) FROM trip_group")).isEqualTo(rows);
        // the resumed attempt's STARTED starts where the committed batches had read, not at 0
        assertThat(fx.events.all().stream().filter(e -> e.file().equals(file)).map(IngestionEvent::bytesRead).toList())
                .as("bytesRead over both attempts' events").isSorted();
    }
}
