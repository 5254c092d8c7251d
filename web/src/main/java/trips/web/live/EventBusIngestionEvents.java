package trips.web.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import trips.events.IngestionEvent;
import trips.events.IngestionEvents;

/**
 * The engine's events on the Vert.x event bus (DESIGN section 5): every event on
 * {@code trips.ingestions}, and each ingestion's own on {@code trips.ingestions.<id>}; counted by type
 * in {@code trips_events_published_total}. In a cluster, publish reaches the listeners of every node.
 * {@code publish} only enqueues, so the Camel and ticker threads that call it never wait on a client.
 */
public final class EventBusIngestionEvents implements IngestionEvents {

    private final EventBus bus;
    private final Map<IngestionEvent.Type, Counter> published = new EnumMap<>(IngestionEvent.Type.class);

    public EventBusIngestionEvents(EventBus bus, MeterRegistry registry) {
        this.bus = bus;
        for (IngestionEvent.Type type : IngestionEvent.Type.values()) {
            published.put(type, Counter.builder("trips.events.published").tag("type", type.name())
                    .description("ingestion events published on the event bus").register(registry));
        }
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
        published.get(event.type()).increment();
    }
}
