package trips.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static trips.perf.GeneratedFiles.dataLines;
import static trips.perf.GeneratedFiles.generate;
import static trips.perf.GeneratedFiles.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trips.perf.SimpleTripValidator.Reason;

class BadRowsTest {

    @TempDir
    Path dir;

    @Test
    void badShareIsRoughlyRespectedAndEveryKindAppears() throws IOException {
        GenerationSummary summary = generate(options(200_000, 21).badShare(0.01).build(), dir.resolve("b.csv"));
        assertThat(summary.badRows()).isBetween(1_700L, 2_300L);
        assertThat(summary.badByKind()).containsOnlyKeys(BadRowKind.values());
        assertThat(summary.badByKind().values()).allMatch(n -> n > 80);
    }

    @Test
    void noBadRowsUnlessAsked() throws IOException {
        GenerationSummary summary = generate(options(50_000, 21).build(), dir.resolve("g.csv"));
        assertThat(summary.badRows()).isZero();
        assertThat(summary.validRows()).isEqualTo(50_000);
    }

    @Test
    void everyBadRowIsRejectedForTheReasonOfItsKind() throws IOException {
        Path file = dir.resolve("all-bad.csv");
        GenerationSummary summary = generate(options(24_000, 4).badShare(1).build(), file);

        Map<Reason, Long> expected = new EnumMap<>(Reason.class);
        summary.badByKind().forEach((kind, n) -> expected.merge(SimpleTripValidator.expectedReason(kind), n, Long::sum));
        Map<Reason, Long> found = new EnumMap<>(Reason.class);
        for (String line : dataLines(file)) {
            SimpleTripValidator.Result result = SimpleTripValidator.check(line);
            assertThat(result.valid()).as("bad row accepted: %s", line).isFalse();
            found.merge(result.reason(), 1L, Long::sum);
        }
        assertThat(summary.validRows()).isZero();
        assertThat(found).isEqualTo(expected);
    }

    @Test
    void badRowsStayPlainCsvWithoutQuotesOrCarriageReturns() throws IOException {
        Path file = dir.resolve("q.csv");
        generate(options(12_000, 8).badShare(1).build(), file);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\"").doesNotContain("\r");
        assertThat(dataLines(file)).hasSize(12_000);
    }
}
