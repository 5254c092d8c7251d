package trips.events;

/**
 * Where the engine tells the world how each file is going. The engine owns this interface; the web
 * module implements it on the Vert.x event bus. Implementations must not block the caller.
 */
public interface IngestionEvents {

    /** Address of every event; one ingestion's events also go to {@code ADDRESS + "." + id}. */
    String ADDRESS = "trips.ingestions";

    void publish(IngestionEvent event);

    /** Several listeners as one. */
    static IngestionEvents all(IngestionEvents... targets) {
        return e -> {
            for (IngestionEvents t : targets) {
                t.publish(e);
            }
        };
    }
}
