package trips.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small helpers the tests share: generate a file, read its data lines back. */
final class GeneratedFiles {

    private GeneratedFiles() {
    }

    static TripFileOptions.Builder options(long rows, long seed) {
        return TripFileOptions.builder().rows(rows).seed(seed);
    }

    static GenerationSummary generate(TripFileOptions options, Path file) throws IOException {
        return new TripFileGenerator(options).write(file);
    }

    /** Data lines without the header; splits on LF only, as the format promises. */
    static List<String> dataLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.get(lines.size() - 1).isEmpty()) {
            throw new AssertionError("file does not end with LF");
        }
        lines.remove(lines.size() - 1);
        if (!lines.get(0).equals(TripFileGenerator.HEADER)) {
            throw new AssertionError("unexpected header: " + lines.get(0));
        }
        return lines.subList(1, lines.size());
    }

    static List<SimpleTripValidator.Trip> validTrips(Path file) throws IOException {
        List<SimpleTripValidator.Trip> trips = new ArrayList<>();
        for (String line : dataLines(file)) {
            SimpleTripValidator.Result result = SimpleTripValidator.check(line);
            if (result.valid()) {
                trips.add(result.trip());
            }
        }
        return trips;
    }
}
