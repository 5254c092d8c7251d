package trips.web;

import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import trips.events.IngestionEvents;

/**
 * A program on the bridge, as a partner would write one: a raw websocket on /eventbus/websocket,
 * JSON frames, a ping every five seconds. Keeps every frame it receives, in order.
 */
public final class BridgeClient implements AutoCloseable {

    private final Vertx vertx;
    // held for the socket's lifetime: a client that is no longer referenced is closed by Vert.x, sockets and all
    private final WebSocketClient wsClient;
    private final WebSocket socket;
    private final long pinger;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** A frame and when it arrived: the wall clock (to compare with the server's) and a monotonic one. */
    record Received(JsonObject frame, Instant at, long nanos) {
    }

    private BridgeClient(Vertx vertx, WebSocketClient wsClient, WebSocket socket) {
        this.vertx = vertx;
        this.wsClient = wsClient;
        this.socket = socket;
        // the bridge writes its frames as binary websocket messages on the raw transport, as text elsewhere
        socket.textMessageHandler(text -> keep(new JsonObject(text)));
        socket.binaryMessageHandler(bytes -> keep(new JsonObject(bytes)));
        // not awaited: a ping may meet a socket its node has just closed (a cluster test stops a node),
        // which is no failure of the test
        pinger = vertx.setPeriodic(5000, t -> socket.writeTextMessage(new JsonObject().put("type", "ping").encode()));
    }

    public static BridgeClient connect(Vertx vertx, int port) {
        WebSocketClient wsClient = vertx.createWebSocketClient();
        WebSocket ws = TripsApp.await(wsClient.connect(port, "localhost", "/eventbus/websocket"));
        return new BridgeClient(vertx, wsClient, ws);
    }

    /**
     * Registers and waits until the bridge has taken the registration: frames are handled in order,
     * so once a refused send behind it is answered, the registration before it is in place.
     */
    public BridgeClient listen(String address) {
        write(new JsonObject().put("type", "register").put("address", address));
        int errors = errors().size();
        write(new JsonObject().put("type", "send").put("address", "trips.sync").put("body", new JsonObject()));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> errors().size() > errors);
        return this;
    }

    private void keep(JsonObject frame) {
        received.add(new Received(frame, Instant.now(), System.nanoTime()));
    }

    void write(JsonObject frame) {
        TripsApp.await(socket.writeTextMessage(frame.encode()));
    }

    List<JsonObject> frames() {
        return received.stream().map(Received::frame).collect(Collectors.toList());
    }

    /** When the first event of a type for a file arrived, or null. */
    Received arrival(String file, String type) {
        return received.stream().filter(r -> "rec".equals(r.frame().getString("type"))
                        && IngestionEvents.ADDRESS.equals(r.frame().getString("address"))
                        && file.equals(r.frame().getJsonObject("body").getString("file"))
                        && type.equals(r.frame().getJsonObject("body").getString("type")))
                .findFirst().orElse(null);
    }

    List<JsonObject> errors() {
        return frames().stream().filter(f -> "err".equals(f.getString("type"))).collect(Collectors.toList());
    }

    /** The bodies received on an address, in order. */
    public List<JsonObject> events(String address) {
        return frames().stream()
                .filter(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address")))
                .map(f -> f.getJsonObject("body"))
                .collect(Collectors.toList());
    }

    /** The events of one file (by name) on the all-ingestions address, in order. */
    public List<JsonObject> eventsOf(String file) {
        return events("trips.ingestions").stream().filter(e -> file.equals(e.getString("file")))
                .collect(Collectors.toList());
    }

    /** The terminal event of a file, waiting for it. */
    public JsonObject awaitEnd(String file, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> eventsOf(file).stream().filter(e -> isTerminal(e.getString("type")))
                        .findFirst().orElse(null), e -> e != null);
    }

    public static boolean isTerminal(String type) {
        return "COMPLETED".equals(type) || "FAILED".equals(type) || "DUPLICATE".equals(type);
    }

    @Override
    public void close() {
        vertx.cancelTimer(pinger);
        socket.close();
        wsClient.close();
    }
}
