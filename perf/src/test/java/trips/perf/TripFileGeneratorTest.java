package trips.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static trips.perf.GeneratedFiles.dataLines;
import static trips.perf.GeneratedFiles.generate;
import static trips.perf.GeneratedFiles.options;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TripFileGeneratorTest {

    private static final Pattern VALID_ROW = Pattern.compile("[A-Za-z]+"
            + ",POINT \\(-?\\d{1,3}\\.\\d+ -?\\d{1,2}\\.\\d+\\)"
            + ",POINT \\(-?\\d{1,3}\\.\\d+ -?\\d{1,2}\\.\\d+\\)"
            + ",\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"
            + ",(funny_car|baba_car|cheap_mobile|bad_diesel_vehicles|pt_search_app)");

    /** SHA-256 of 2,000 rows, seed 42, badShare 0.05, default regions and dates. */
    private static final String PINNED_SHA256 = "b5ce681a1debd915cee894cfd6f89a6191d693760fab8c4e97a2f91b06a00c20";

    @TempDir
    Path dir;

    @Test
    void sameSeedAndOptionsGiveIdenticalBytes() throws IOException {
        TripFileOptions options = options(50_000, 7).badShare(0.02).build();
        generate(options, dir.resolve("a.csv"));
        generate(options, dir.resolve("b.csv"));
        assertThat(Files.mismatch(dir.resolve("a.csv"), dir.resolve("b.csv"))).isEqualTo(-1L);
    }

    @Test
    void differentSeedsGiveDifferentFiles() throws IOException {
        generate(options(10_000, 1).build(), dir.resolve("a.csv"));
        generate(options(10_000, 2).build(), dir.resolve("b.csv"));
        List<String> a = dataLines(dir.resolve("a.csv"));
        List<String> b = dataLines(dir.resolve("b.csv"));
        assertThat(a).hasSize(10_000).doesNotContainAnyElementsOf(b.subList(0, 100));
    }

    /** Pins the format and the random stream: if you changed either on purpose, update the hash. */
    @Test
    void outputForAFixedSeedNeverChangesSilently() throws Exception {
        Path file = dir.resolve("pinned.csv");
        generate(options(2_000, 42).badShare(0.05).build(), file);
        assertThat(sha256(Files.readAllBytes(file))).isEqualTo(PINNED_SHA256);
    }

    @Test
    void rowsLookLikeTheRealSample() throws IOException {
        Path file = dir.resolve("trips.csv");
        generate(options(20_000, 3).build(), file);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).startsWith(TripFileGenerator.HEADER + "\n").doesNotContain("\r").doesNotContain("\"");
        assertThat(dataLines(file)).hasSize(20_000).allMatch(line -> VALID_ROW.matcher(line).matches());
    }

    @Test
    void zeroRowsWritesOnlyTheHeader() throws IOException {
        Path file = dir.resolve("empty.csv");
        GenerationSummary summary = generate(options(0, 1).build(), file);
        assertThat(Files.readString(file)).isEqualTo(TripFileGenerator.HEADER + "\n");
        assertThat(summary.rows()).isZero();
        assertThat(summary.validByRegion().values()).containsOnly(0L);
    }

    @Test
    void summaryCountsEqualWhatAnIndependentValidatorFindsInTheFile() throws IOException {
        Path file = dir.resolve("counted.csv");
        GenerationSummary summary = generate(options(100_000, 11).badShare(0.03).build(), file);

        long valid = 0;
        long bad = 0;
        Map<String, Long> byRegion = new LinkedHashMap<>();
        for (String line : dataLines(file)) {
            SimpleTripValidator.Result result = SimpleTripValidator.check(line);
            if (result.valid()) {
                valid++;
                byRegion.merge(result.trip().region(), 1L, Long::sum);
            } else {
                bad++;
            }
        }
        assertThat(summary.rows()).isEqualTo(100_000);
        assertThat(summary.validRows()).isEqualTo(valid);
        assertThat(summary.badRows()).isEqualTo(bad);
        assertThat(valid + bad).isEqualTo(100_000);
        assertThat(summary.validByRegion()).isEqualTo(byRegion);
        assertThat(summary.bytes()).isEqualTo(Files.size(file));
        assertThat(summary.file()).isEqualTo(file);
    }

    @Test
    void gzipOutputDecompressesToExactlyThePlainOutput() throws IOException {
        TripFileOptions plain = options(30_000, 5).badShare(0.01).build();
        Path csv = dir.resolve("t.csv");
        Path gz = dir.resolve("t.csv.gz");
        GenerationSummary plainSummary = generate(plain, csv);
        GenerationSummary gzSummary = generate(plain.toBuilder().gzip(true).build(), gz);

        byte[] unpacked;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            unpacked = in.readAllBytes();
        }
        assertThat(unpacked).isEqualTo(Files.readAllBytes(csv));
        assertThat(gzSummary.validRows()).isEqualTo(plainSummary.validRows());
        assertThat(gzSummary.bytes()).isEqualTo(Files.size(gz)).isLessThan(plainSummary.bytes() / 2);
    }

    @Test
    void writingToAStreamGivesTheSameBytesAsWritingAFile() throws IOException {
        TripFileOptions options = options(5_000, 9).badShare(0.1).build();
        Path file = dir.resolve("f.csv");
        generate(options, file);
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        GenerationSummary summary = new TripFileGenerator(options).write(memory);
        assertThat(memory.toByteArray()).isEqualTo(Files.readAllBytes(file));
        assertThat(summary.file()).isNull();
        assertThat(summary.bytes()).isEqualTo(memory.size());
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
