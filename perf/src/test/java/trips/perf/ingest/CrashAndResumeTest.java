package trips.perf.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import trips.ingest.AggregateChecks;
import trips.perf.GenerationSummary;
import trips.perf.TripFileGenerator;
import trips.perf.TripFileOptions;
import trips.testing.TestDatabase;

/**
 * The engine in a JVM of its own with -Xmx256m, killed with SIGKILL in the middle of a generated
 * 2-million-row file, then started again: the file must end with exactly its valid rows stored,
 * once, and aggregates equal to a GROUP BY over trip.
 */
class CrashAndResumeTest {

    private TestDatabase db;
    private Path work;
    private Path inbox;
    private Process engine;

    @BeforeEach
    void setUp() throws IOException {
        db = new TestDatabase();
        work = Files.createTempDirectory("trips-crash");
        inbox = Files.createDirectories(work.resolve("inbox"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.destroyForcibly().waitFor();
        }
        db.close();
        try (Stream<Path> walk = Files.walk(work)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Process startEngine(String logName) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "trips.testing.EngineMain");
        pb.environment().put("TRIPS_DB_URL", db.url());
        pb.environment().put("TRIPS_INBOX", inbox.toString());
        pb.environment().put("TRIPS_INGEST_READ_LOCK_MIN_AGE_MS", "100");
        pb.environment().put("TRIPS_INGEST_BATCH_SIZE", "20000");
        pb.redirectErrorStream(true).redirectOutput(work.resolve(logName).toFile());
        Process p = pb.start();
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(work.resolve(logName)).contains("ENGINE READY") || !p.isAlive());
        assertThat(p.isAlive()).as("engine started, see " + logName).isTrue();
        return p;
    }

    @Test
    void should_resume_a_killed_ingestion_and_store_each_valid_row_exactly_once() throws Exception {
        Path file = work.resolve("big.csv");
        GenerationSummary summary = new TripFileGenerator(TripFileOptions.builder()
                .rows(2_000_000).seed(11).badShare(0.01).build()).write(file);

        engine = startEngine("engine-1.log");
        Path staged = work.resolve("staged.csv");
        Files.copy(file, staged);
        Files.move(staged, inbox.resolve("big.csv"), StandardCopyOption.ATOMIC_MOVE);

        // let part of the file commit, then kill -9 in the middle
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> batchesDone() >= 20);
        engine.destroyForcibly().waitFor();
        // committed batches, waiting in the file's load table until it completes
        long atKill = db.count("SELECT rows_loaded FROM ingestion");
        assertThat(db.text("SELECT status FROM ingestion")).isEqualTo("RUNNING");
        assertThat(atKill).isPositive().isLessThan(summary.validRows());
        assertThat(inbox.resolve("big.csv")).exists();

        engine = startEngine("engine-2.log");
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> List.of("COMPLETED", "FAILED").contains(String.valueOf(db.text("SELECT status FROM ingestion"))));

        assertThat(db.text("SELECT status FROM ingestion")).isEqualTo("COMPLETED");
        assertThat(db.count("SELECT count(*) FROM ingestion")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM trip")).isEqualTo(summary.validRows());
        assertThat(db.count("SELECT rows_read FROM ingestion")).isEqualTo(summary.rows());
        assertThat(db.count("SELECT rows_loaded FROM ingestion")).isEqualTo(summary.validRows());
        assertThat(db.count("SELECT rows_rejected FROM ingestion")).isEqualTo(summary.badRows());
        assertThat(db.count("SELECT count(*) FROM ingestion_reject")).isEqualTo(summary.badRows());
        assertThat(db.count("SELECT count(*) FROM ingestion_batch")).isEqualTo(100);
        assertThat(db.count(AggregateChecks.GROUPS_DIFFERING)).isZero();
        assertThat(db.count(AggregateChecks.REGION_DAYS_DIFFERING)).isZero();
        assertThat(db.count(AggregateChecks.CELL_WEEKS_DIFFERING)).isZero();
        assertThat(db.count(AggregateChecks.LOAD_TABLES_LEFT)).isZero();
        Awaitility.await().until(() -> Files.exists(inbox.resolve(".done/big.csv")));
        for (String log : List.of("engine-1.log", "engine-2.log")) {
            assertThat(Files.readString(work.resolve(log))).doesNotContain("OutOfMemoryError");
        }
    }

    private long batchesDone() {
        try {
            String v = db.text("SELECT batches_done FROM ingestion");
            return v == null ? 0 : Long.parseLong(v);
        } catch (Exception e) {
            return 0; // the engine has not created the database or the row yet
        }
    }
}
