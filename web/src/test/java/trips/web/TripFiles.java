package trips.web;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Trip files for the web tests (the perf generator is not a dependency of web): valid rows around
 * three cities in May 2018, plus optional bad rows spread through the file. Same seed, same bytes;
 * another seed, another content hash, so files of one test class are never duplicates by accident.
 */
public final class TripFiles {

    static final String HEADER = "region,origin_coord,destination_coord,datetime,datasource";
    private static final String[] REGIONS = {"Prague", "Turin", "Hamburg"};
    private static final double[][] CENTRES = {{14.42, 50.08}, {7.68, 45.07}, {9.99, 53.55}};
    private static final String[] SOURCES = {"funny_car", "baba_car", "cheap_mobile", "pt_search_app"};
    /** A bad row whose region needs RFC 4180 quoting and whose origin is not a point. */
    static final String BAD_ROW = "\"Prague, \"\"old town\"\"\",POINT (east north),POINT (14.4 50.1),2018-05-28 09:03:40,funny_car";

    private TripFiles() {
    }

    /** Writes {@code rows} valid trips and {@code bad} rejected ones (rows read = rows + bad). */
    public static Path write(Path file, int rows, int bad, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        int badEvery = bad == 0 ? Integer.MAX_VALUE : Math.max(1, rows / bad);
        int badLeft = bad;
        StringBuilder line = new StringBuilder(160);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), UTF_8), 1 << 16)) {
            out.write(HEADER);
            out.write('\n');
            for (int i = 0; i < rows; i++) {
                if (badLeft > 0 && i % badEvery == 0) {
                    out.write(BAD_ROW);
                    out.write('\n');
                    badLeft--;
                }
                line.setLength(0);
                int r = rng.nextInt(REGIONS.length);
                line.append(REGIONS[r]).append(',');
                point(line, CENTRES[r], rng).append(',');
                point(line, CENTRES[r], rng).append(',');
                line.append("2018-05-").append(pad(1 + rng.nextInt(31))).append(' ').append(pad(rng.nextInt(24)))
                        .append(':').append(pad(rng.nextInt(60))).append(':').append(pad(rng.nextInt(60)))
                        .append(',').append(SOURCES[rng.nextInt(SOURCES.length)]).append('\n');
                out.append(line);
            }
            for (; badLeft > 0; badLeft--) {
                out.write(BAD_ROW);
                out.write('\n');
            }
        }
        return file;
    }

    private static StringBuilder point(StringBuilder sb, double[] centre, SplittableRandom rng) {
        return sb.append("POINT (").append(centre[0] + rng.nextDouble(-0.1, 0.1)).append(' ')
                .append(centre[1] + rng.nextDouble(-0.1, 0.1)).append(')');
    }

    private static String pad(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
