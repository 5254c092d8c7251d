package trips.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness on a small file, so it never rots: the real jar, psql \copy, HTTP questions
 * checked against brute-force SQL. Speed is not asserted here; correctness of every answer is.
 */
class BenchmarkSmokeTest {

    /** Not trips_bench: running the tests must not drop the database a big run left for --reuse-db. */
    private static final String DB = "trips_bench_smoke";

    @AfterAll
    static void dropDatabase() throws Exception {
        new Psql("localhost", 5432, "postgres").admin("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
    }

    @Test
    void should_run_the_whole_benchmark_on_200k_rows_with_every_answer_right_and_ask_again_of_the_same_database(@TempDir Path work) throws Exception {
        Path jar = Path.of("../web/target/trips.jar");
        assertThat(jar).as("mvn package builds web before perf").exists();
        BenchReport report = Benchmark.run(Map.of("rows", "200000", "seed", "5", "work", work.toString(),
                "jar", jar.toString(), "out", work.resolve("results").toString(), "repeats", "3", "boxes", "3",
                "verify", "3", "xmx", "256m", "db", DB));

        assertThat(report.status).isEqualTo("COMPLETED");
        assertThat(report.storedTrips).isEqualTo(200_000);
        assertThat(report.queries.wrong()).isEmpty();
        assertThat(report.queries.checked()).isGreaterThan(30);
        assertThat(report.copySeconds).isPositive();
        assertThat(report.peakRssMb).isPositive();
        // the split table holds the same requests: one first request per question, the rest after it
        report.queries.http().forEach((kind, all) -> assertThat(report.queries.firstAsked().get(kind).count()
                + report.queries.askedAgain().get(kind).count()).as(kind).isEqualTo(all.count()));
        assertThat(report.queries.firstAsked().get("top-50 groups").count()).isEqualTo(1);
        assertThat(report.queries.askedAgain().get("top-50 groups").count()).isEqualTo(2);
        try (var files = Files.list(work.resolve("results"))) {
            assertThat(files.toList()).singleElement()
                    .satisfies(f -> assertThat(Files.readString(f)).contains("ratio platform / \\copy", "top-50 groups",
                            "requests after the first"));
        }

        // the questions again, of the database just loaded, without loading it again
        Map<String, String> questionsOnly = new HashMap<>(Map.of("rows", "200000", "work", work.toString(),
                "jar", jar.toString(), "out", work.resolve("results").toString(), "repeats", "2", "boxes", "2",
                "verify", "2", "xmx", "256m", "db", DB));
        questionsOnly.put("reuse-db", "true");
        BenchReport again = Benchmark.run(questionsOnly);
        assertThat(again.ok()).isTrue();
        assertThat(again.copySeconds).isZero();
        assertThat(again.summaryLine()).contains("ingestion=not-measured").doesNotContain("ratio");
        assertThat(again.queries.checked()).isGreaterThan(20);
        try (var files = Files.list(work.resolve("results"))) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith("-queries.md")).toList()).singleElement()
                    .satisfies(f -> assertThat(Files.readString(f)).contains("Not measured", "200,000 trips stored",
                            "top-50 groups").doesNotContain("ratio platform"));
        }
    }

    @Test
    void should_refuse_to_ask_again_of_a_database_no_run_has_loaded(@TempDir Path work) {
        assertThatThrownBy(() -> Benchmark.run(Map.of("rows", "1000", "work", work.toString(),
                "db", "trips_bench_never_loaded", "reuse-db", "true", "out", work.resolve("results").toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("trips_bench_never_loaded")
                .hasMessageContaining("run once without --reuse-db first");
        assertThat(work.resolve("results")).doesNotExist();
    }
}
