package trips.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trips.testing.TestDatabase;

/** TRIPS_UPLOAD_MAX_BYTES, set in the environment of a server in its own JVM, refuses larger bodies with 413. */
class UploadLimitTest {

    @Test
    void should_refuse_bodies_over_the_configured_limit_with_413_and_accept_smaller_ones() throws Exception {
        Path dir = Files.createTempDirectory("trips-limit");
        byte[] big = Files.readAllBytes(TripFiles.write(dir.resolve("big.csv"), 40, 0, 41));
        byte[] small = Files.readAllBytes(TripFiles.write(dir.resolve("small.csv"), 3, 0, 42));
        assertThat(big.length).isGreaterThan(4_000);
        assertThat(small.length).isLessThan(1_000);
        try (TestDatabase db = new TestDatabase();
             ServerProcess server = ServerProcess.start("128m", Map.of(
                     "TRIPS_DB_URL", db.url(),
                     "TRIPS_INBOX", dir.resolve("inbox").toString(),
                     "TRIPS_UPLOAD_MAX_BYTES", "1000"))) {
            String url = server.url("/api/ingestions?name=big.csv");

            HttpResponse<String> declared = Http.post(url, "text/csv", BodyPublishers.ofByteArray(big));
            HttpResponse<String> chunked = Http.post(url, "text/csv",
                    BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
            HttpResponse<String> multipart = Http.postMultipart(server.url("/api/ingestions"), "file", "big.csv", big);
            HttpResponse<String> fits = Http.post(server.url("/api/ingestions?name=small.csv"), "text/csv",
                    BodyPublishers.ofByteArray(small));

            for (HttpResponse<String> refused : new HttpResponse[] {declared, chunked, multipart}) {
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
                assertThat(Http.json(refused).getString("error")).isNotBlank();
            }
            assertThat(fits.statusCode()).isEqualTo(202);
            assertThat(db.count("SELECT count(*) FROM ingestion")).isEqualTo(1);
            try (var left = Files.list(dir.resolve("inbox").resolve(".uploads"))) {
                assertThat(left).isEmpty();
            }
        } finally {
            Folders.delete(dir);
        }
    }
}
