package trips.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code GET /metrics}: the engine's, the web side's, the JVM's and the pool's meters, moving as files go through. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest {

    private static final String LOADED = "trips_ingest_rows_total{outcome=\"loaded\"}";
    private static final String REJECTED = "trips_ingest_rows_total{outcome=\"rejected\"}";
    private static final String COMMITS = "trips_ingest_batch_commit_seconds_count";

    private AppFixture fx;
    private Vertx client;

    @BeforeAll
    void start() throws Exception {
        // small batches: the file commits a hundred times, so a scrape can land between two commits
        fx = new AppFixture(Map.of("trips.ingest.batch-size", "2000"));
        client = Vertx.vertx();
    }

    @AfterAll
    void stop() throws Exception {
        TripsApp.await(client.close());
        fx.close();
    }

    @Test
    void should_show_rows_files_batch_commits_and_events_moving_during_an_ingestion() throws Exception {
        try (BridgeClient program = BridgeClient.connect(client, fx.port()).listen("trips.ingestions")) {
            // given
            Scrape before = Scrape.of(fx.url(""));
            Path file = TripFiles.write(fx.staging().resolve("metered.csv"), 200_000, 20, 51);

            // when the file goes through, scraping all along
            fx.land(file, "metered.csv");
            List<Scrape> during = new ArrayList<>();
            JsonObject end = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(25)).until(() -> {
                during.add(Scrape.of(fx.url("")));
                return program.eventsOf("metered.csv").stream().filter(e -> "COMPLETED".equals(e.getString("type")))
                        .findFirst().orElse(null);
            }, e -> e != null);
            Scrape after = Scrape.of(fx.url(""));

            // then the rows counter moved batch by batch, not only at the end
            double loadedBefore = before.value(LOADED);
            assertThat(during).extracting(s -> s.value(LOADED))
                    .anySatisfy(v -> assertThat(v).isGreaterThan(loadedBefore).isLessThan(loadedBefore + 200_000));
            assertThat(during).extracting(s -> s.value("trips_ingest_rows_per_second")).anySatisfy(v -> assertThat(v).isPositive());
            long id = end.getLong("id");
            long batches = fx.db.count("SELECT count(*) FROM ingestion_batch WHERE ingestion_id = " + id);
            assertThat(batches).isEqualTo(101); // 200,020 records in batches of 2,000
            assertThat(after.value(LOADED) - loadedBefore).isEqualTo(200_000);
            assertThat(after.value(REJECTED) - before.value(REJECTED)).isEqualTo(20);
            assertThat(after.value(COMMITS) - before.value(COMMITS)).isEqualTo(batches);
            assertThat(after.value("trips_ingest_batch_commit_seconds_sum")).isPositive();
            assertThat(after.value("trips_ingest_batch_commit_seconds_bucket{le=\"+Inf\"}")).isEqualTo(after.value(COMMITS));
            assertThat(after.has("trips_ingest_batch_commit_seconds_bucket{le=\"0.25\"}")).isTrue();
            assertThat(delta(before, after, "trips_ingest_files_total{status=\"COMPLETED\"}")).isEqualTo(1);
            assertThat(delta(before, after, "trips_events_published_total{type=\"STARTED\"}")).isEqualTo(1);
            assertThat(delta(before, after, "trips_events_published_total{type=\"COMPLETED\"}")).isEqualTo(1);
            long progress = program.eventsOf("metered.csv").stream().filter(e -> "PROGRESS".equals(e.getString("type"))).count();
            assertThat(delta(before, after, "trips_events_published_total{type=\"PROGRESS\"}")).isEqualTo(progress);
        }
    }

    @Test
    void should_count_duplicate_and_failed_files_by_their_final_status() throws Exception {
        try (BridgeClient program = BridgeClient.connect(client, fx.port()).listen("trips.ingestions")) {
            Scrape before = Scrape.of(fx.url(""));
            fx.dropTrips("once.csv", 500, 0, 52);
            program.awaitEnd("once.csv", Duration.ofMinutes(1));
            fx.land(TripFiles.write(fx.staging().resolve("twice.csv"), 500, 0, 52), "twice.csv");
            program.awaitEnd("twice.csv", Duration.ofMinutes(1));
            fx.dropText("headless.csv", "Prague,POINT (14.4 50.0),POINT (14.5 50.1),2018-05-28 09:03:40,funny_car\n");
            program.awaitEnd("headless.csv", Duration.ofMinutes(1));

            Scrape after = Scrape.of(fx.url(""));
            assertThat(delta(before, after, "trips_ingest_files_total{status=\"COMPLETED\"}")).isEqualTo(1);
            assertThat(delta(before, after, "trips_ingest_files_total{status=\"DUPLICATE\"}")).isEqualTo(1);
            assertThat(delta(before, after, "trips_ingest_files_total{status=\"FAILED\"}")).isEqualTo(1);
            assertThat(delta(before, after, "trips_events_published_total{type=\"DUPLICATE\"}")).isEqualTo(1);
            assertThat(delta(before, after, "trips_events_published_total{type=\"FAILED\"}")).isEqualTo(1);
        }
    }

    @Test
    void should_time_http_requests_by_route_pattern_method_and_status() throws Exception {
        long id = fx.db.count("SELECT coalesce(max(id), 0) FROM ingestion");
        Http.get(fx.url("/api/ingestions/" + id));
        Http.get(fx.url("/api/ingestions/987654"));
        Http.get(fx.url("/api/no-such-thing"));
        Http.get(fx.url("/api/health"));
        Http.post(fx.url("/api/ingestions?name=x.txt"), "text/csv", java.net.http.HttpRequest.BodyPublishers.ofString("a"));

        Scrape s = Scrape.of(fx.url(""));

        assertThat(s.value("trips_http_requests_seconds_count{method=\"GET\",route=\"/api/ingestions/:id\",status=\"404\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(s.value("trips_http_requests_seconds_count{method=\"GET\",route=\"/api/health\",status=\"200\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(s.value("trips_http_requests_seconds_count{method=\"GET\",route=\"/api/*\",status=\"404\"}"))
                .isGreaterThanOrEqualTo(1);
        // refused by failing, while its body may still come: counted under its own route all the same
        assertThat(s.value("trips_http_requests_seconds_count{method=\"POST\",route=\"/api/ingestions\",status=\"400\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(s.has("trips_http_requests_seconds_bucket{method=\"GET\",route=\"/api/health\",status=\"200\",le=\"0.1\"}"))
                .isTrue();
        // the raw URI never becomes a label: one series per route, whatever the ids asked for
        assertThat(s.text()).doesNotContain("987654").doesNotContain("no-such-thing");
    }

    @Test
    void should_show_jvm_pool_and_connected_bridge_clients() throws Exception {
        // a client of another test may still be closing
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Scrape.of(fx.url("")).value("trips_sockjs_clients")).isZero());
        try (BridgeClient one = BridgeClient.connect(client, fx.port()).listen("trips.ingestions");
             BridgeClient two = BridgeClient.connect(client, fx.port()).listen("trips.ingestions")) {
            assertThat(Scrape.of(fx.url("")).value("trips_sockjs_clients")).isEqualTo(2);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Scrape.of(fx.url("")).value("trips_sockjs_clients")).isZero());

        Scrape s = Scrape.of(fx.url(""));
        assertThat(s.text()).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "system_cpu_count", "process_cpu_usage");
        assertThat(s.has("hikaricp_connections_max{pool=\"trips\"}")).isTrue();
        assertThat(s.value("hikaricp_connections_max{pool=\"trips\"}"))
                .isEqualTo(fx.app.config().dbPoolSize());
    }

    private static double delta(Scrape before, Scrape after, String series) {
        return after.value(series) - before.value(series);
    }
}
