package trips.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateTripsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsOneSummaryLineAndWritesWhatTheApiWrites() throws IOException {
        Path file = dir.resolve("cli.csv");
        int code = run("--rows", "3_000", "--seed", "5", "--out", file.toString(), "--bad-share", "0.05",
                "--from", "2018-03-01", "--to", "2018-04-30", "--regions", "Prague,Turin");

        assertThat(code).isZero();
        Matcher line = Pattern.compile("rows=3000 valid=(\\d+) bad=(\\d+) file=(.+)\n").matcher(text(out));
        assertThat(line.matches()).as(text(out)).isTrue();
        assertThat(Long.parseLong(line.group(1)) + Long.parseLong(line.group(2))).isEqualTo(3000);
        assertThat(line.group(3)).isEqualTo(file.toString());

        Path viaApi = dir.resolve("api.csv");
        new TripFileGenerator(TripFileOptions.builder().rows(3000).seed(5).badShare(0.05)
                .from(LocalDate.of(2018, 3, 1)).to(LocalDate.of(2018, 4, 30)).regions("Prague,Turin").build())
                .write(viaApi);
        assertThat(Files.mismatch(file, viaApi)).isEqualTo(-1L);
    }

    @Test
    void gzFileNameOrFlagCompresses() throws IOException {
        Path byName = dir.resolve("a.csv.gz");
        Path byFlag = dir.resolve("b.csv");
        assertThat(run("--rows", "100", "--seed", "1", "--out", byName.toString())).isZero();
        assertThat(run("--rows", "100", "--seed", "1", "--out", byFlag.toString(), "--gzip")).isZero();
        for (Path file : new Path[] {byName, byFlag}) {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(bytes[0]).isEqualTo((byte) 0x1f);
            assertThat(bytes[1]).isEqualTo((byte) 0x8b);
        }
    }

    @Test
    void badArgumentsExitWithTwoAndShowUsage() {
        String file = dir.resolve("x.csv").toString();
        assertThat(run("--rows", "10", "--seed", "1")).isEqualTo(2);
        assertThat(run("--rows", "10", "--seed", "1", "--out", file, "--regions", "Atlantis")).isEqualTo(2);
        assertThat(text(err)).contains("unknown region 'Atlantis'").contains("Prague");
        assertThat(run("--rows", "10", "--seed", "1", "--out", file, "--from", "2018-07-01")).isEqualTo(2);
        assertThat(run("--rows", "ten", "--seed", "1", "--out", file)).isEqualTo(2);
        assertThat(run("--rows", "10", "--seed", "1", "--out", file, "--bad-share", "2")).isEqualTo(2);
        assertThat(run("--rows", "10", "--seed", "1", "--out", file, "--colour")).isEqualTo(2);
        assertThat(run("--rows")).isEqualTo(2);
        assertThat(text(err)).contains("usage: GenerateTrips");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void helpPrintsUsage() {
        assertThat(run("--help")).isZero();
        assertThat(text(out)).contains("--rows N --seed S --out FILE");
    }

    private int run(String... args) {
        return GenerateTrips.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
