package trips.perf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a trips CSV file shaped like the real 100-row sample ({@code routes/src/test/resources/trips.csv}): header, LF
 * line endings, {@code POINT (lon lat)}, {@code yyyy-MM-dd HH:mm:ss}, plain unquoted fields.
 * Same options, same bytes: one {@link SplittableRandom} seeded from the options drives everything.
 */
public final class TripFileGenerator {

    public static final String HEADER = "region,origin_coord,destination_coord,datetime,datasource";

    private static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.US_ASCII);

    private final TripFileOptions options;

    public TripFileGenerator(TripFileOptions options) {
        this.options = options;
    }

    public TripFileOptions options() {
        return options;
    }

    /** Writes the file, gzip-compressed when the options say so, replacing any existing file. */
    public GenerationSummary write(Path file) throws IOException {
        GenerationSummary summary;
        try (OutputStream raw = Files.newOutputStream(file)) {
            if (options.gzip()) {
                try (GZIPOutputStream gzip = fastGzip(raw)) {
                    summary = write(gzip);
                }
            } else {
                summary = write(raw);
            }
        }
        return new GenerationSummary(file, summary.rows(), summary.validRows(), summary.badRows(),
                summary.validByRegion(), summary.badByKind(), Files.size(file));
    }

    /**
     * Writes plain CSV bytes (never compressed) to the stream, flushed but not closed; the
     * summary's file is null and its bytes are the uncompressed size.
     */
    public GenerationSummary write(OutputStream out) throws IOException {
        List<Region> regionList = options.regions();
        TimeModel time = new TimeModel(options.from(), options.to());
        TripSampler trip = new TripSampler(regionList, time);
        RowWriter writer = new RowWriter(trip);
        RowBuffer buffer = new RowBuffer(out);
        SplittableRandom rng = new SplittableRandom(options.seed());
        BadRowKind[] kinds = BadRowKind.values();
        long[] validByRegion = new long[regionList.size()];
        long[] badByKind = new long[kinds.length];
        double badShare = options.badShare();

        buffer.put(HEADER_BYTES);
        buffer.endRow();
        for (long row = 0; row < options.rows(); row++) {
            trip.sample(rng);
            if (badShare > 0 && rng.nextDouble() < badShare) {
                BadRowKind kind = kinds[rng.nextInt(kinds.length)];
                writer.bad(buffer, kind, rng);
                badByKind[kind.ordinal()]++;
            } else {
                writer.valid(buffer);
                validByRegion[trip.region]++;
            }
        }
        buffer.flush();
        out.flush();

        Map<String, Long> regions = new LinkedHashMap<>();
        long valid = 0;
        for (int i = 0; i < validByRegion.length; i++) {
            regions.put(regionList.get(i).name(), validByRegion[i]);
            valid += validByRegion[i];
        }
        Map<BadRowKind, Long> bad = new EnumMap<>(BadRowKind.class);
        for (BadRowKind kind : kinds) {
            bad.put(kind, badByKind[kind.ordinal()]);
        }
        return new GenerationSummary(null, options.rows(), valid, options.rows() - valid, regions, bad,
                buffer.bytes());
    }

    /**
     * Level 1: on CSV full of random digits the default level buys a few percent of size for
     * several times the CPU, and the generator must keep up with 100 million rows. Java writes a
     * zero mtime in the gzip header, so the bytes stay reproducible on a given JDK.
     */
    private static GZIPOutputStream fastGzip(OutputStream raw) throws IOException {
        return new GZIPOutputStream(new BufferedOutputStream(raw, RowBuffer.CAPACITY), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }
}
