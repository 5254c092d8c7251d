package trips.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Command line: {@code java -cp trips-perf.jar trips.perf.GenerateTrips --rows N --seed S --out FILE
 * [--bad-share 0.01] [--from 2018-01-01] [--to 2018-06-30] [--regions A,B] [--gzip]}.
 * Prints {@code rows=N valid=V bad=B file=PATH} on success.
 */
public final class GenerateTrips {

    static final String USAGE = "usage: GenerateTrips --rows N --seed S --out FILE [--bad-share 0.01]"
            + " [--from 2018-01-01] [--to 2018-06-30] [--regions " + String.join(",", Regions.names()) + "]"
            + " [--gzip]\n  a FILE ending in .gz is always compressed; numbers may contain '_' (100_000_000)";

    private GenerateTrips() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Exit code: 0 done, 2 bad arguments, 1 write failed. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        TripFileOptions.Builder options = TripFileOptions.builder();
        Path file = null;
        boolean rowsGiven = false;
        boolean seedGiven = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--rows" -> {
                        options.rows(Long.parseLong(value(args, ++i, arg).replace("_", "")));
                        rowsGiven = true;
                    }
                    case "--seed" -> {
                        options.seed(Long.parseLong(value(args, ++i, arg).replace("_", "")));
                        seedGiven = true;
                    }
                    case "--out" -> file = Path.of(value(args, ++i, arg));
                    case "--bad-share" -> options.badShare(Double.parseDouble(value(args, ++i, arg)));
                    case "--from" -> options.from(LocalDate.parse(value(args, ++i, arg)));
                    case "--to" -> options.to(LocalDate.parse(value(args, ++i, arg)));
                    case "--regions" -> options.regions(value(args, ++i, arg));
                    case "--gzip" -> options.gzip(true);
                    case "--help", "-h" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
            if (!rowsGiven || !seedGiven || file == null) {
                throw new IllegalArgumentException("--rows, --seed and --out are required");
            }
            if (file.getFileName().toString().endsWith(".gz")) {
                options.gzip(true);
            }
            TripFileOptions built = options.build();
            GenerationSummary summary = new TripFileGenerator(built).write(file);
            out.println(summary.toLine());
            return 0;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("error: cannot write " + file + ": " + e);
            return 1;
        }
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }
}
