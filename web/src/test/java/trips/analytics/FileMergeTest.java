package trips.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import trips.events.IngestionEvent;
import trips.ingest.AggregateChecks;
import trips.load.Aggregates;
import trips.testing.IngestionFixture;

/**
 * Analytics take whole completed files only, from the moment they complete: a file that fails
 * half-way after committing batches never shows, and merging a file again counts it once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileMergeTest {

    private IngestionFixture fx;
    private AnalyticsServer api;

    @BeforeAll
    void start() throws Exception {
        fx = new IngestionFixture(Map.of("trips.ingest.batch-size", "500"));
        api = new AnalyticsServer(fx);
    }

    @AfterAll
    void close() throws Exception {
        AnalyticsServer.close(api, fx);
    }

    @Test
    void should_count_a_completed_file_once_and_never_count_a_failed_file() throws Exception {
        assertThat(GeneratedTrips.ingest(fx, "good.csv", 5_000, 1).type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        // merged in the transaction that completed it: counted the moment COMPLETED is out
        assertThat(fx.db.count(AggregateChecks.COMPLETED_NOT_MERGED)).isZero();
        long id = fx.events.terminal("good.csv").id();
        try (Connection c = fx.database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            Aggregates.mergeFile(c, id, 1, "64MB"); // a second merge of the same file is refused by its claim
            c.commit();
        }
        JsonObject before = api.json("/api/weekly-average?bbox=-180,-90,180,90");
        assertThat(before.getLong("trips")).isEqualTo(5_000);

        // a gzip cut short: the first batches commit, then the file fails and its trips are taken back
        byte[] gz = gzip(Files.readAllBytes(GeneratedTrips.write(Files.createTempFile("bad", ".csv"), 20_000, 2)));
        fx.dropBytes("cut.csv.gz", Arrays.copyOf(gz, gz.length * 2 / 3));
        assertThat(fx.awaitEnd("cut.csv.gz").type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(fx.db.count("SELECT count(*) FROM analytics_merge m JOIN ingestion i ON i.id = m.ingestion_id"
                + " WHERE i.status <> 'COMPLETED'")).isZero();

        assertThat(api.json("/api/weekly-average?bbox=-180,-90,180,90")).isEqualTo(before);
        assertThat(api.json("/api/regions").getJsonArray("regions").stream()
                .mapToLong(r -> ((JsonObject) r).getLong("trips")).sum()).isEqualTo(5_000);
        assertThat(fx.db.count(AggregateChecks.REGION_DAYS_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.REGION_DATASOURCES_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.CELL_WEEKS_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.LOAD_TABLES_LEFT)).isZero();
    }

    @Test
    void should_not_show_a_region_or_data_source_that_only_a_failed_file_brought() throws Exception {
        // what a failed file leaves: its batches entered the names as they loaded, its trips are gone
        fx.db.execute("INSERT INTO region (name) VALUES ('Failtown')");
        fx.db.execute("INSERT INTO datasource (name) VALUES ('fail_ds')");

        assertThat(api.json("/api/regions").encode()).doesNotContain("Failtown");
        assertThat(api.json("/api/datasources").encode()).doesNotContain("fail_ds");
        assertThat(api.get("/api/weekly-average?region=Failtown").status()).isEqualTo(404);
        assertThat(api.get("/api/trip-groups?region=Failtown").status()).isEqualTo(404);
        assertThat(api.get("/api/reports/datasource-regions?datasource=fail_ds").status()).isEqualTo(404);
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
