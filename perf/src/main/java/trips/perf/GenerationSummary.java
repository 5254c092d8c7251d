package trips.perf;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What was written, so a test or benchmark knows the exact expected outcome of ingesting the file.
 *
 * @param file          the file written, or null when written to a stream
 * @param rows          data rows written (header excluded)
 * @param validRows     rows a correct validator must accept
 * @param badRows       rows a correct validator must reject
 * @param validByRegion valid rows per region name, in the options' region order
 * @param badByKind     bad rows per kind, every kind present (possibly 0)
 * @param bytes         bytes written to the file (compressed size for gzip)
 */
public record GenerationSummary(Path file, long rows, long validRows, long badRows,
                                Map<String, Long> validByRegion, Map<BadRowKind, Long> badByKind, long bytes) {

    public GenerationSummary {
        validByRegion = Collections.unmodifiableMap(new LinkedHashMap<>(validByRegion));
        Map<BadRowKind, Long> kinds = new EnumMap<>(BadRowKind.class);
        kinds.putAll(badByKind);
        badByKind = Collections.unmodifiableMap(kinds);
    }

    /** The CLI's one-line form: {@code rows=N valid=V bad=B file=PATH}. */
    public String toLine() {
        return "rows=" + rows + " valid=" + validRows + " bad=" + badRows + " file=" + file;
    }
}
