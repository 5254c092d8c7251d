package trips.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import trips.events.IngestionEvent;
import trips.events.IngestionEvents;

/** Keeps every event, in order, for assertions. */
public final class RecordingEvents implements IngestionEvents {

    private final List<IngestionEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(IngestionEvent event) {
        events.add(event);
    }

    public List<IngestionEvent> all() {
        return List.copyOf(events);
    }

    public List<IngestionEvent> of(long id) {
        return events.stream().filter(e -> e.id() == id).collect(Collectors.toList());
    }

    /** The terminal event of the file with this name, or null while it runs. */
    public IngestionEvent terminal(String file) {
        return events.stream()
                .filter(e -> e.file().equals(file) && e.type() != IngestionEvent.Type.STARTED
                        && e.type() != IngestionEvent.Type.PROGRESS)
                .reduce((a, b) -> b).orElse(null);
    }
}
