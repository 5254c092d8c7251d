package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trips.events.IngestionEvent;
import trips.load.FileCompletion;
import trips.sftp.TripCsv;
import trips.testing.IngestionFixture;

/**
 * A writer that pauses longer than the read lock's minimum age gets its file picked up half
 * written. Nothing of such a file may be kept as if it were the file; nor may a file renamed over it
 * be taken for it.
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

    /**
     * A partner writes each day's file aside and renames it over {@code daily.csv}, while yesterday's
     * is still being ingested. Both files are trips: each is loaded once, from its own bytes, and the
     * archive holds the file that is there, never one under the other's ingestion.
     */
    @ParameterizedTest(name = "same size and time: {0}")
    @ValueSource(booleans = {false, true})
    void should_complete_the_file_being_read_and_take_the_one_renamed_over_it_on_its_own(boolean lookAlike)
            throws Exception {
        String yesterday = TripCsv.rows("day_one", 3000);
        // the same length when lookAlike: a fixed-width export of the next day
        String today = lookAlike ? TripCsv.rows("day_two", 3000) : TripCsv.rows("day_two_longer", 1000);
        Path daily;
        try (Connection blocker = fx.db.connect(); Statement s = blocker.createStatement()) {
            // the merge lock: yesterday's file waits, read whole, in its completion
            s.execute("SELECT pg_advisory_lock(" + FileCompletion.MERGE_LOCK + ")");
            daily = fx.dropText("daily.csv", yesterday);
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> fx.db.count(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 1);

            Path aside = Files.writeString(fx.inbox.resolve(".daily.csv.tmp"), today);
            if (lookAlike) {
                Files.setLastModifiedTime(aside, Files.getLastModifiedTime(daily));
                assertThat(Files.size(aside)).isEqualTo(Files.size(daily));
            }
            Files.move(aside, daily, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            s.execute("SELECT pg_advisory_unlock(" + FileCompletion.MERGE_LOCK + ")");
        }

        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> ends("daily.csv").size() == 2);
        List<IngestionEvent> ends = ends("daily.csv");
        assertThat(ends).extracting(IngestionEvent::type)
                .containsExactly(IngestionEvent.Type.COMPLETED, IngestionEvent.Type.COMPLETED);
        assertThat(ends).extracting(IngestionEvent::rowsLoaded).containsExactly(3000L, lookAlike ? 3000L : 1000L);
        assertThat(fx.db.count("SELECT count(*) FROM trip t JOIN datasource d ON d.id = t.datasource_id"
                + " WHERE d.name = 'day_one'")).isEqualTo(3000);
        assertThat(fx.db.count("SELECT count(*) FROM trip t JOIN datasource d ON d.id = t.datasource_id"
                + " WHERE d.name LIKE 'day_two%'")).isEqualTo(lookAlike ? 3000 : 1000);
        // yesterday's bytes went with the rename (its trips are in); today's file is archived as itself
        Awaitility.await().until(() -> !Files.exists(daily));
        assertThat(Files.readString(fx.inbox.resolve(".done/daily.csv"))).isEqualTo(today);
        assertThat(fx.inbox.resolve(".done/daily.2.csv")).doesNotExist();
    }

    private List<IngestionEvent> ends(String file) {
        try (Stream<IngestionEvent> all = fx.events.all().stream()) {
            return all.filter(e -> file.equals(e.file()) && e.type() != IngestionEvent.Type.STARTED
                    && e.type() != IngestionEvent.Type.PROGRESS).toList();
        }
    }
}
