package trips.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Many watchers at once: the bridge fans every event of a file out to each of them, in order. */
class FiftyClientsTest {

    @Test
    void should_deliver_every_event_of_a_file_to_each_of_fifty_websocket_clients() throws Exception {
        Vertx clientVertx = Vertx.vertx();
        List<BridgeClient> clients = new ArrayList<>();
        try (AppFixture fx = new AppFixture()) {
            // the events as published on the server's bus: what every client must hear
            List<JsonObject> published = new CopyOnWriteArrayList<>();
            MessageConsumer<JsonObject> local = fx.app.vertx().eventBus()
                    .consumer("trips.ingestions", m -> published.add(m.body()));
            TripsApp.await(local.completion());
            for (int i = 0; i < 50; i++) {
                clients.add(BridgeClient.connect(clientVertx, fx.port()).listen("trips.ingestions"));
            }

            fx.dropTrips("crowd.csv", 100_000, 5, 50);

            for (BridgeClient c : clients) {
                c.awaitEnd("crowd.csv", Duration.ofMinutes(2));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> published.stream()
                    .anyMatch(e -> BridgeClient.isTerminal(e.getString("type"))));
            assertThat(published).hasSizeGreaterThanOrEqualTo(3);
            assertThat(published.get(published.size() - 1).getString("type")).isEqualTo("COMPLETED");
            for (BridgeClient c : clients) {
                assertThat(c.eventsOf("crowd.csv")).isEqualTo(published);
            }
        } finally {
            clients.forEach(BridgeClient::close);
            TripsApp.await(clientVertx.close());
        }
    }
}
