package trips.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import trips.events.IngestionEvent;
import trips.ingest.AggregateChecks;
import trips.testing.IngestionFixture;

/**
 * Analytics take whole completed files only: a file that fails half-way after committing batches
 * never shows, and two merge runs racing for the same file count it once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileMergeTest {

    private IngestionFixture fx;
    private AnalyticsServer api;

    @BeforeAll
    void start() throws Exception {
        fx = new IngestionFixture(Map.of("trips.ingest.batch-size", "500"));
        api = new AnalyticsServer(fx.database.dataSource(), fx.config);
    }

    @AfterAll
    void close() throws Exception {
        if (api != null) {
            api.close();
        }
        fx.close();
    }

    @Test
    void should_count_a_file_once_when_merges_race_and_never_count_a_failed_file() throws Exception {
        Path good = GeneratedTrips.write(Files.createTempFile("good", ".csv"), 5_000, 1);
        fx.drop(good, "good.csv");
        assertThat(fx.awaitEnd("good.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Callable<Integer> merge = () -> AnalyticsMerger.catchUp(fx.database.dataSource(), "16MB");
            Future<Integer>[] runs = new Future[] {pool.submit(merge), pool.submit(merge), pool.submit(merge)};
            int merged = 0;
            for (Future<Integer> run : runs) {
                merged += run.get();
            }
            // the server's own merger may have won the race too: at most one merge in all
            assertThat(merged).isLessThanOrEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(fx.db.count(AggregateChecks.COMPLETED_NOT_MERGED)).isZero();
        JsonObject before = api.json("/api/weekly-average?bbox=-180,-90,180,90");
        assertThat(before.getLong("trips")).isEqualTo(5_000);

        // a gzip cut short: the first batches commit, then the file fails and its trips are taken back
        byte[] gz = gzip(Files.readAllBytes(GeneratedTrips.write(Files.createTempFile("bad", ".csv"), 20_000, 2)));
        fx.dropBytes("cut.csv.gz", Arrays.copyOf(gz, gz.length * 2 / 3));
        assertThat(fx.awaitEnd("cut.csv.gz").type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(AnalyticsMerger.catchUp(fx.database.dataSource(), "16MB")).isZero();

        assertThat(api.json("/api/weekly-average?bbox=-180,-90,180,90")).isEqualTo(before);
        assertThat(api.json("/api/regions").getJsonArray("regions").stream()
                .mapToLong(r -> ((JsonObject) r).getLong("trips")).sum()).isEqualTo(5_000);
        assertThat(fx.db.count(AggregateChecks.REGION_DAYS_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.REGION_DATASOURCES_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.CELL_WEEKS_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.CELL_POINTS_DIFFERING)).isZero();
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
