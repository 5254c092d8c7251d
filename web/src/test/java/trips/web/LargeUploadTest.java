package trips.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trips.testing.TestDatabase;

/**
 * A million-row file posted over HTTP to a server in its own JVM with a 256 MB heap: the body (about
 * 130 MB) is never held in memory, and the file completes with every row.
 */
class LargeUploadTest {

    @Test
    void should_ingest_a_million_row_upload_on_a_server_with_a_256_mb_heap() throws Exception {
        Path dir = Files.createTempDirectory("trips-large");
        Path file = TripFiles.write(dir.resolve("million.csv"), 1_000_000, 10, 31);
        Vertx client = Vertx.vertx();
        try (TestDatabase db = new TestDatabase();
             ServerProcess server = ServerProcess.start("256m", Map.of(
                     "TRIPS_DB_URL", db.url(),
                     "TRIPS_INBOX", dir.resolve("inbox").toString()));
             BridgeClient program = BridgeClient.connect(client, server.port()).listen("trips.ingestions")) {

            HttpResponse<String> r = Http.post(server.url("/api/ingestions?name=million.csv"), "text/csv",
                    BodyPublishers.ofFile(file));

            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            long id = Http.json(r).getLong("id");
            JsonObject end = program.awaitEnd("million.csv", Duration.ofMinutes(5));
            assertThat(end.getLong("id")).isEqualTo(id);
            assertThat(end.getString("type")).as(end.encode()).isEqualTo("COMPLETED");
            assertThat(end.getLong("rowsRead")).isEqualTo(1_000_010);
            assertThat(end.getLong("rowsLoaded")).isEqualTo(1_000_000);
            assertThat(end.getLong("rowsRejected")).isEqualTo(10);
            assertThat(end.getLong("bytesTotal")).isEqualTo(Files.size(file));
            assertThat(db.count("SELECT count(*) FROM trip WHERE ingestion_id = " + id)).isEqualTo(1_000_000);
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
        } finally {
            TripsApp.await(client.close());
            Folders.delete(dir);
        }
    }
}
