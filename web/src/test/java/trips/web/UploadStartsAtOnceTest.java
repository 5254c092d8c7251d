package trips.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The inbox waits for a file written in place to be read-lock-min-age-ms old (5 s as shipped); an
 * upload is moved in whole, so it must not wait for that.
 */
class UploadStartsAtOnceTest {

    @Test
    void should_start_an_upload_without_waiting_for_the_read_locks_minimum_age() throws Exception {
        Vertx client = Vertx.vertx();
        try (AppFixture fx = new AppFixture(Map.of("trips.ingest.read-lock-min-age-ms", "5000"));
             BridgeClient program = BridgeClient.connect(client, fx.port()).listen("trips.ingestions")) {
            Path file = TripFiles.write(fx.staging().resolve("at-once.csv"), 1_000, 0, 31);

            HttpResponse<String> r = Http.post(fx.url("/api/ingestions?name=at-once.csv"), "text/csv",
                    BodyPublishers.ofFile(file));
            long accepted = System.nanoTime();
            assertThat(r.statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> !program.eventsOf("at-once.csv").isEmpty());
            long millis = (System.nanoTime() - accepted) / 1_000_000;
            assertThat(millis).as("ms from 202 to the first event (the minimum age is 5000)").isLessThan(2500);
        } finally {
            TripsApp.await(client.close());
        }
    }
}
