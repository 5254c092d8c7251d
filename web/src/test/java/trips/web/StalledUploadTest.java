package trips.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An upload whose client stops sending half-way is cut off after the idle timeout, and nothing of it stays. */
class StalledUploadTest {

    @Test
    void should_close_a_stalled_upload_after_the_idle_timeout_and_keep_nothing() throws Exception {
        try (AppFixture fx = new AppFixture(Map.of("trips.http.idle-timeout-s", "2"));
             Socket socket = new Socket("localhost", fx.port())) {
            String part = "region,origin_coord,destination_coord,datetime,datasource\n";
            socket.getOutputStream().write(("POST /api/ingestions?name=stalled.csv HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: text/csv\r\nContent-Length: " + (part.length() + 500) + "\r\n\r\n" + part)
                    .getBytes(UTF_8));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (var parts = Files.list(fx.inbox.resolve(".uploads"))) {
                    return parts.findAny().isPresent();
                }
            });

            // the client sends nothing more: the server hangs up
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            long start = System.nanoTime();
            in.readAllBytes();
            assertThat((System.nanoTime() - start) / 1_000_000_000L).as("seconds until the server hung up").isLessThan(15);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (var parts = Files.list(fx.inbox.resolve(".uploads"))) {
                    assertThat(parts).isEmpty();
                }
            });
            assertThat(fx.db.count("SELECT count(*) FROM ingestion WHERE status IN ('QUEUED', 'RUNNING')")).isZero();
        }
    }
}
