package trips.web.live;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import trips.events.IngestionEvent;
import trips.events.IngestionEvents;

/**
 * The engine's events on the Vert.x event bus (DESIGN section 5): every event on
 * {@code trips.ingestions}, and each ingestion's own on {@code trips.ingestions.<id>}.
 * {@code publish} only enqueues, so the Camel and ticker threads that call it never wait on a client.
 */
public final class EventBusIngestionEvents implements IngestionEvents {

    private final EventBus bus;

    public EventBusIngestionEvents(EventBus bus) {
        this.bus = bus;
    }

    /** The address that carries one ingestion's events only. */
    public static String addressOf(long id) {
        return ADDRESS + "." + id;
    }

    @Override
    public void publish(IngestionEvent event) {
        JsonObject body = new JsonObject(event.asMap());
        bus.publish(ADDRESS, body);
        bus.publish(addressOf(event.id()), body);
    }
}
