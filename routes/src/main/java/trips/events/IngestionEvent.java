package trips.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What watchers hear about one ingestion (DESIGN section 5). */
public record IngestionEvent(Type type, long id, String source, String file, long rowsRead, long rowsLoaded,
                             long rowsRejected, long bytesRead, Long bytesTotal, double rowsPerSecond,
                             Instant at, String error) {

    public enum Type { STARTED, PROGRESS, COMPLETED, FAILED, DUPLICATE }

    /** The event body as JSON-ready values, in the documented field order. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type.name());
        m.put("id", id);
        m.put("source", source);
        m.put("file", file);
        m.put("rowsRead", rowsRead);
        m.put("rowsLoaded", rowsLoaded);
        m.put("rowsRejected", rowsRejected);
        m.put("bytesRead", bytesRead);
        m.put("bytesTotal", bytesTotal);
        m.put("rowsPerSecond", Math.round(rowsPerSecond * 10) / 10.0);
        m.put("at", at.toString());
        m.put("error", error);
        return m;
    }
}
