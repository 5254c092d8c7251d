package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import trips.events.IngestionEvent;
import trips.load.FileCompletion;
import trips.sftp.TripCsv;
import trips.testing.IngestionFixture;

/**
 * A writer that pauses longer than the read lock's minimum age gets its file picked up half
 * written. Nothing of such a file may be kept as if it were the file.
 */
class GrowingFileTest {

    private IngestionFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new IngestionFixture(Map.of("trips.ingest.batch-size", "2000"));
    }

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    @Test
    void should_fail_a_file_that_grows_while_it_is_read_and_keep_nothing_of_it() throws Exception {
        Path file = fx.dropText("growing.csv", TripCsv.rows("growing", 300_000));
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
                .until(() -> fx.events.all().stream().anyMatch(e -> "growing.csv".equals(e.file())));

        // the writer comes back from its pause
        Files.writeString(file, TripCsv.row("growing", 300_000), StandardOpenOption.APPEND);

        IngestionEvent end = fx.awaitEnd("growing.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(end.error()).contains("changed while it was read").contains("still being written");
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isZero();
        assertThat(fx.db.count(AggregateChecks.LOAD_TABLES_LEFT)).isZero();
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".failed/growing.csv")));
        assertThat(Files.readString(fx.inbox.resolve(".failed/growing.csv")))
                .as("the whole file, kept to be dropped again").endsWith(TripCsv.row("growing", 300_000));
    }

    @Test
    void should_fail_a_file_that_grows_after_it_was_read_while_it_completes() throws Exception {
        try (java.sql.Connection blocker = fx.db.connect(); java.sql.Statement s = blocker.createStatement()) {
            // the merge lock: the completion waits in its transaction, all rows loaded
            s.execute("SELECT pg_advisory_lock(" + FileCompletion.MERGE_LOCK + ")");
            Path file = fx.dropText("late.csv", TripCsv.rows("late", 3000));
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> fx.db.count(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 1);

            // the writer comes back from its pause after the read, while the file completes
            Files.writeString(file, TripCsv.row("late", 3000), StandardOpenOption.APPEND);
            s.execute("SELECT pg_advisory_unlock(" + FileCompletion.MERGE_LOCK + ")");
        }

        IngestionEvent end = fx.awaitEnd("late.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(end.error()).contains("changed while it was read").contains("still being written");
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isZero();
        assertThat(fx.db.count("SELECT count(*) FROM trip_group")).isZero();
        assertThat(fx.db.count(AggregateChecks.LOAD_TABLES_LEFT)).isZero();
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".failed/late.csv")));
        assertThat(Files.readString(fx.inbox.resolve(".failed/late.csv"))).endsWith(TripCsv.row("late", 3000));
    }

    @Test
    void should_fail_a_file_written_over_in_place_while_it_is_read() throws Exception {
        Path file = fx.dropText("overwritten.csv", TripCsv.rows("overwritten", 300_000));
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
                .until(() -> fx.events.all().stream().anyMatch(e -> "overwritten.csv".equals(e.file())));

        // one byte changed, the size the same
        try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap("T".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 100);
        }
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 1000));

        IngestionEvent end = fx.awaitEnd("overwritten.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(end.error()).contains("written over");
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isZero();
    }
}
