package trips.web.live;

import io.vertx.core.Vertx;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import trips.events.IngestionEvents;

/**
 * The SockJS bridge at {@code /eventbus}: browsers and programs may listen to the ingestion addresses
 * and nothing else. No inbound address is permitted, so a client's send or publish is answered with
 * an {@code err} frame ("access_denied") and never reaches the bus.
 */
public final class StatusBridge {

    /** The bridge matches the whole address, so {@code trips.ingestions.1x} or {@code trips.ingestionsX} do not pass. */
    static final String ONE_INGESTION = "trips\\.ingestions\\.[0-9]+";

    private StatusBridge() {
    }

    public static SockJSBridgeOptions options() {
        return new SockJSBridgeOptions()
                .addOutboundPermitted(new PermittedOptions().setAddress(IngestionEvents.ADDRESS))
                .addOutboundPermitted(new PermittedOptions().setAddressRegex(ONE_INGESTION));
    }

    /** The router to mount with {@code router.route("/eventbus/*").subRouter(...)}. */
    public static Router router(Vertx vertx) {
        return SockJSHandler.create(vertx).bridge(options());
    }
}
