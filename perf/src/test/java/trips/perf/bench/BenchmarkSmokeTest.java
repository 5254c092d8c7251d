package trips.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness on a small file, so it never rots: the real jar, psql \copy, HTTP questions
 * checked against brute-force SQL. Speed is not asserted here; correctness of every answer is.
 */
class BenchmarkSmokeTest {

    @Test
    void should_run_the_whole_benchmark_on_200k_rows_with_every_answer_right(@TempDir Path work) throws Exception {
        Path jar = Path.of("../web/target/trips.jar");
        assertThat(jar).as("mvn package builds web before perf").exists();
        BenchReport report = Benchmark.run(Map.of("rows", "200000", "seed", "5", "work", work.toString(),
                "jar", jar.toString(), "out", work.resolve("results").toString(), "repeats", "3", "boxes", "3",
                "verify", "3", "xmx", "256m"));

        assertThat(report.status).isEqualTo("COMPLETED");
        assertThat(report.storedTrips).isEqualTo(200_000);
        assertThat(report.queries.wrong()).isEmpty();
        assertThat(report.queries.checked()).isGreaterThan(30);
        assertThat(report.copySeconds).isPositive();
        assertThat(report.peakRssMb).isPositive();
        try (var files = Files.list(work.resolve("results"))) {
            assertThat(files.toList()).singleElement()
                    .satisfies(f -> assertThat(Files.readString(f)).contains("ratio platform / \\copy", "top-50 groups"));
        }
    }
}
