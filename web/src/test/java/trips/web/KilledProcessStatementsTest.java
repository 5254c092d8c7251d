package trips.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import trips.testing.TestDatabase;

/**
 * A process killed outright leaves no statement behind: PostgreSQL ends its backends within about a
 * second, so a resumed completion does not share the machine and the locks with the dead one's.
 */
class KilledProcessStatementsTest {

    private static final String ITS_WAITING_BACKENDS = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND application_name LIKE 'trips-%' AND wait_event_type = 'Lock'";

    @Test
    void should_end_the_statements_of_a_killed_process_while_they_wait() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Path inbox = Files.createTempDirectory("trips-killed-inbox");
            try (ServerProcess server = ServerProcess.start("256m", Map.of("TRIPS_DB_URL", db.url(),
                    "TRIPS_INBOX", inbox.toString()));
                 Connection blocker = db.connect();
                 Statement s = blocker.createStatement()) {
                blocker.setAutoCommit(false);
                // the file's completion waits here, in its group merge, until the kill
                s.execute("LOCK TABLE trip_group IN SHARE MODE");
                Files.copy(Path.of("../routes/src/test/resources/trips.csv"), inbox.resolve(".t.tmp"));
                Files.move(inbox.resolve(".t.tmp"), inbox.resolve("trips.csv"));
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> db.count(ITS_WAITING_BACKENDS) > 0);

                server.kill();

                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> db.count(ITS_WAITING_BACKENDS) == 0);
                assertThat(db.count("SELECT count(*) FROM pg_locks WHERE granted AND mode = 'ShareLock'"
                        + " AND relation = 'trip_group'::regclass")).as("the blocker still holds its lock").isEqualTo(1);
                blocker.rollback();
            } finally {
                Folders.delete(inbox);
            }
        }
    }
}
