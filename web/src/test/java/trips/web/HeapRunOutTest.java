package trips.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import trips.testing.TestDatabase;

/**
 * The heap running out while a file is read is not the file's fault, and must not stop the door: as
 * an Error it went past the route's catch and killed the inbox's poll task for good, the file left
 * RUNNING with its run lock held, every later file left unread, and health still said UP.
 */
class HeapRunOutTest {

    @Test
    void should_keep_the_inbox_taking_files_after_the_heap_ran_out_reading_one() throws Exception {
        Path dir = Files.createTempDirectory("trips-heap");
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        try (TestDatabase db = new TestDatabase();
             // a record may hold 64M characters: the reader's buffer for it (128 MB) cannot fit a 128 MB heap
             ServerProcess server = ServerProcess.start("128m", Map.of(
                     "TRIPS_DB_URL", db.url(),
                     "TRIPS_INBOX", inbox.toString(),
                     "TRIPS_INGEST_READ_LOCK_MIN_AGE_MS", "200",
                     "TRIPS_INGEST_MAX_RECORD_CHARS", String.valueOf(64 * 1024 * 1024)))) {
            writeHugeRecord(dir.resolve("huge.csv"));
            Files.move(dir.resolve("huge.csv"), inbox.resolve("huge.csv"));
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> server.log().contains("OutOfMemoryError") || server.log().contains("heap ran out"));

            TripFiles.write(dir.resolve("after.csv"), 3, 0, 7);
            Files.move(dir.resolve("after.csv"), inbox.resolve("after.csv"));

            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() ->
                    db.count("SELECT count(*) FROM ingestion WHERE file = 'after.csv' AND status = 'COMPLETED'") == 1);
            assertThat(db.count("SELECT count(*) FROM trip")).isEqualTo(3);
            // the huge file is left to resume, its run lock let go of; nothing of it was kept
            assertThat(db.text("SELECT status FROM ingestion WHERE file = 'huge.csv'")).isEqualTo("RUNNING");
            assertThat(server.log()).contains("huge.csv: interrupted by a passing fault, will resume");
            assertThat(server.log()).doesNotContain("Fatal error occurred during running scheduled task");
            assertThat(Http.get(server.url("/api/health")).statusCode()).isEqualTo(200);
        } finally {
            Folders.delete(dir);
        }
    }

    /** A valid header, then one row whose data source runs to 80M characters. */
    private static void writeHugeRecord(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("region,origin_coord,destination_coord,datetime,datasource\n");
            w.write("Prague,POINT (14.4 50.0),POINT (14.5 50.1),2018-05-01 08:00:00,");
            char[] chunk = "x".repeat(1 << 20).toCharArray();
            for (int i = 0; i < 80; i++) {
                w.write(chunk);
            }
            w.write('\n');
        }
    }
}
