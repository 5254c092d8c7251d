package trips.web.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trips.events.IngestionEvents;

/**
 * The SockJS bridge at {@code /eventbus}: browsers and programs may listen to the ingestion addresses
 * and nothing else. No inbound address is permitted, so a client's send or publish is answered with
 * an {@code err} frame ("access_denied") and never reaches the bus. The clients connected at any
 * moment are the gauge {@code trips_sockjs_clients}.
 */
public final class StatusBridge {

    private static final Logger LOG = LoggerFactory.getLogger(StatusBridge.class);

    /** The bridge matches the whole address, so {@code trips.ingestions.1x} or {@code trips.ingestionsX} do not pass. */
    static final String ONE_INGESTION = "trips\\.ingestions\\.[0-9]+";

    /** A client only ever sends register, unregister and ping frames. */
    public static final long FRAME_LIMIT = 64 * 1024;

    private StatusBridge() {
    }

    public static SockJSBridgeOptions options() {
        return new SockJSBridgeOptions()
                .addOutboundPermitted(new PermittedOptions().setAddress(IngestionEvents.ADDRESS))
                .addOutboundPermitted(new PermittedOptions().setAddressRegex(ONE_INGESTION));
    }

    /** The router to mount with {@code router.route("/eventbus/*").subRouter(...)}. */
    public static Router router(Vertx vertx, MeterRegistry registry) {
        AtomicInteger clients = new AtomicInteger();
        Gauge.builder("trips.sockjs.clients", clients, AtomicInteger::get)
                .description("clients connected to the event-bus bridge (SockJS or raw websocket)")
                .strongReference(true)
                .register(registry);
        return SockJSHandler.create(vertx).bridge(options(), event -> count(event, clients));
    }

    // every event must be completed with true, or the bridge refuses what it was about to do
    private static void count(BridgeEvent event, AtomicInteger clients) {
        if (event.type() == BridgeEventType.SOCKET_CREATED) {
            clients.incrementAndGet();
        } else if (event.type() == BridgeEventType.SOCKET_CLOSED) {
            clients.decrementAndGet();
        }
        event.complete(true);
        if (event.type() == BridgeEventType.SOCKET_ERROR) {
            closeAfterError(event);
        }
    }

    /**
     * After a socket error the bridge forgets the client's registrations but leaves its websocket
     * open: a message over the websocket's size limit (a compressed one can be 256 KiB once inflated)
     * left a client connected, pinging, and hearing nothing, for as long as it liked. It is closed
     * instead, 1009 when the message was too big; its SOCKET_CLOSED then takes it off the gauge.
     */
    private static void closeAfterError(BridgeEvent event) {
        String message = event.getRawMessage() == null ? null : event.getRawMessage().getString("message");
        boolean tooBig = message != null && message.contains("max message size");
        LOG.debug("closing a bridge client after a socket error: {}", message);
        event.socket().close(tooBig ? 1009 : 1011, tooBig ? "message too big" : "socket error");
    }
}
