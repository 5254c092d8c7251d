package trips.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What a program on the raw websocket of the bridge hears about the files that land in the inbox. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeEventsTest {

    private AppFixture fx;
    private Vertx client;

    @BeforeAll
    void start() throws Exception {
        fx = new AppFixture();
        client = Vertx.vertx();
    }

    @AfterAll
    void stop() throws Exception {
        TripsApp.await(client.close());
        fx.close();
    }

    @Test
    void should_close_a_client_whose_message_is_over_the_size_limit_instead_of_leaving_it_deaf() throws Exception {
        io.vertx.core.http.WebSocketClient wsClient = client.createWebSocketClient();
        io.vertx.core.http.WebSocket ws = TripsApp.await(wsClient.connect(fx.port(), "localhost", "/eventbus/websocket"));
        java.util.concurrent.CompletableFuture<Short> closed = new java.util.concurrent.CompletableFuture<>();
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));

        // 1 MB, sent as 64 KiB frames: over the server's 256 KiB message limit once put together
        ws.writeTextMessage(new JsonObject().put("type", "ping").put("pad", "x".repeat(1_000_000)).encode());

        assertThat(closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo((short) 1009);
        wsClient.close();
    }

    @Test
    void should_hear_started_progress_then_completed_with_the_final_counts_for_a_dropped_file() throws Exception {
        try (BridgeClient program = BridgeClient.connect(client, fx.port()).listen("trips.ingestions")) {
            // given a file big enough to run for more than a second, with 30 bad rows among 300,000 trips
            Path file = TripFiles.write(fx.staging().resolve("big.csv"), 300_000, 30, 1);
            long size = Files.size(file);
            fx.land(file, "big.csv");

            JsonObject end = program.awaitEnd("big.csv", Duration.ofMinutes(3));

            List<JsonObject> events = program.eventsOf("big.csv");
            List<String> types = events.stream().map(e -> e.getString("type")).collect(Collectors.toList());
            assertThat(types.get(0)).isEqualTo("STARTED");
            assertThat(types.subList(1, types.size() - 1)).isNotEmpty().containsOnly("PROGRESS");
            assertThat(types.get(types.size() - 1)).isEqualTo("COMPLETED");
            assertThat(events).extracting(e -> e.getLong("id")).containsOnly(end.getLong("id"));
            assertThat(events).extracting(e -> e.getLong("rowsRead")).isSorted();
            assertThat(end.getLong("rowsRead")).isEqualTo(300_030);
            assertThat(end.getLong("rowsLoaded")).isEqualTo(300_000);
            assertThat(end.getLong("rowsRejected")).isEqualTo(30);
            assertThat(end.getLong("bytesRead")).isEqualTo(size).isEqualTo(end.getLong("bytesTotal"));
            // COMPLETED comes after the last commit: the database already holds every row it announces
            assertThat(fx.db.count("SELECT count(*) FROM trip WHERE ingestion_id = " + end.getLong("id"))).isEqualTo(300_000);
            assertThat(fx.db.text("SELECT status FROM ingestion WHERE id = " + end.getLong("id"))).isEqualTo("COMPLETED");
        }
    }

    @Test
    void should_carry_one_ingestions_events_on_its_own_address_too() throws Exception {
        long next = nextIngestionId();
        String own = "trips.ingestions." + next;
        try (BridgeClient program = BridgeClient.connect(client, fx.port()).listen("trips.ingestions").listen(own)) {
            fx.dropTrips("own-address.csv", 2_000, 0, 2);

            program.awaitEnd("own-address.csv", Duration.ofMinutes(1));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(program.events(own)).isEqualTo(program.eventsOf("own-address.csv")));
            assertThat(program.events(own)).extracting(e -> e.getLong("id")).containsOnly(next);
        }
    }

    @Test
    void should_hear_duplicate_when_the_same_content_lands_again() throws Exception {
        try (BridgeClient program = BridgeClient.connect(client, fx.port()).listen("trips.ingestions")) {
            Path original = TripFiles.write(fx.staging().resolve("first.csv"), 1_000, 0, 3);
            Path copy = Files.copy(original, fx.staging().resolve("again.csv"));
            fx.land(original, "first.csv");
            JsonObject first = program.awaitEnd("first.csv", Duration.ofMinutes(1));

            fx.land(copy, "again.csv");
            JsonObject again = program.awaitEnd("again.csv", Duration.ofMinutes(1));

            assertThat(first.getString("type")).isEqualTo("COMPLETED");
            assertThat(program.eventsOf("again.csv")).extracting(e -> e.getString("type")).containsExactly("DUPLICATE");
            assertThat(again.getLong("id")).isNotEqualTo(first.getLong("id"));
            assertThat(again.getLong("rowsLoaded")).isZero();
            assertThat(again.getString("error")).contains(String.valueOf(first.getLong("id")));
            assertThat(fx.db.count("SELECT count(*) FROM trip WHERE ingestion_id = " + again.getLong("id"))).isZero();
        }
    }

    @Test
    void should_hear_failed_with_the_reason_for_a_file_without_a_header() throws Exception {
        try (BridgeClient program = BridgeClient.connect(client, fx.port()).listen("trips.ingestions")) {
            fx.dropText("no-header.csv", "Prague,POINT (14.4 50.0),POINT (14.5 50.1),2018-05-28 09:03:40,funny_car\n");

            JsonObject end = program.awaitEnd("no-header.csv", Duration.ofMinutes(1));

            assertThat(end.getString("type")).isEqualTo("FAILED");
            assertThat(end.getString("error")).contains("header");
            assertThat(program.eventsOf("no-header.csv").get(0).getString("type")).isEqualTo("STARTED");
            assertThat(fx.db.text("SELECT error FROM ingestion WHERE id = " + end.getLong("id")))
                    .isEqualTo(end.getString("error"));
        }
    }

    /**
     * SockJS falls back to XHR where a websocket cannot pass (proxies, old clients): xhr_send carries
     * the client's frames in a POST body, which the bridge can only read after a BodyHandler.
     */
    @Test
    void should_deliver_events_over_the_xhr_fallback_as_over_the_websocket() throws Exception {
        String session = "/eventbus/000/xhr" + System.nanoTime();
        assertThat(xhrPost(session + "/xhr", "").body()).startsWith("o");
        Answer register = xhrPost(session + "/xhr_send",
                "[\"{\\\"type\\\":\\\"register\\\",\\\"address\\\":\\\"trips.ingestions\\\"}\"]");
        assertThat(register.status()).as(register.body()).isEqualTo(204);

        fx.dropTrips("over-xhr.csv", 2_000, 0, 4);

        List<JsonObject> heard = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            // each poll answers with the frames queued since the last: "h" (heartbeat) or a["<message>", ...]
            String frame = xhrPost(session + "/xhr", "").body().trim();
            if (frame.startsWith("a")) {
                new io.vertx.core.json.JsonArray(frame.substring(1)).forEach(m ->
                        heard.add(new JsonObject((String) m).getJsonObject("body")));
            }
            return heard.stream().anyMatch(e -> "over-xhr.csv".equals(e.getString("file"))
                    && "COMPLETED".equals(e.getString("type")));
        });
        assertThat(heard).filteredOn(e -> "over-xhr.csv".equals(e.getString("file")))
                .extracting(e -> e.getString("type")).first().isEqualTo("STARTED");
    }

    private record Answer(int status, String body) {
    }

    /**
     * A POST on a connection of its own, with "Connection: close", as SockJS's polling has it: the
     * bridge closes a poll's connection after its answer without saying so, and a pooled client
     * sent the next request into it (CI, 2026-11-24: "header parser received no bytes"; one xhr_send
     * in ten against a running platform). Browsers open a new connection then; so does this.
     */
    private Answer xhrPost(String path, String body) {
        io.vertx.core.http.HttpClient http = client.createHttpClient(
                new io.vertx.core.http.HttpClientOptions().setKeepAlive(false));
        try {
            return TripsApp.await(http.request(io.vertx.core.http.HttpMethod.POST, fx.port(), "localhost", path)
                    .compose(request -> request.putHeader("Content-Type", "text/plain").send(body))
                    .compose(response -> response.body().map(b -> new Answer(response.statusCode(), b.toString()))));
        } finally {
            TripsApp.await(http.close());
        }
    }

    @Test
    void should_refuse_a_clients_publish_send_and_foreign_register_and_deliver_nothing() throws Exception {
        List<JsonObject> onTheBus = new CopyOnWriteArrayList<>();
        MessageConsumer<JsonObject> local = fx.app.vertx().eventBus()
                .consumer("trips.ingestions", m -> onTheBus.add(m.body()));
        TripsApp.await(local.completion());
        try (BridgeClient listener = BridgeClient.connect(client, fx.port()).listen("trips.ingestions");
             BridgeClient intruder = BridgeClient.connect(client, fx.port())) {
            JsonObject fake = new JsonObject().put("type", "COMPLETED").put("id", 999_999).put("file", "fake.csv");

            intruder.write(new JsonObject().put("type", "publish").put("address", "trips.ingestions").put("body", fake));
            intruder.write(new JsonObject().put("type", "send").put("address", "trips.ingestions").put("body", fake));
            intruder.write(new JsonObject().put("type", "publish").put("address", "trips.ingestions.1").put("body", fake));
            intruder.write(new JsonObject().put("type", "register").put("address", "trips.secrets"));

            await().atMost(Duration.ofSeconds(10)).until(() -> intruder.errors().size() >= 4);
            assertThat(intruder.errors()).extracting(f -> f.getString("body")).containsOnly("access_denied");
            // the refused frames are answered before anything could be delivered; give a stray delivery time to show
            Thread.sleep(500);
            assertThat(onTheBus).noneMatch(e -> "fake.csv".equals(e.getString("file")));
            assertThat(listener.eventsOf("fake.csv")).isEmpty();
        } finally {
            TripsApp.await(local.unregister());
        }
    }

    private long nextIngestionId() throws Exception {
        long last = fx.db.count("SELECT last_value FROM ingestion_id_seq");
        boolean called = "t".equals(fx.db.text("SELECT is_called FROM ingestion_id_seq"));
        return called ? last + 1 : last;
    }
}
