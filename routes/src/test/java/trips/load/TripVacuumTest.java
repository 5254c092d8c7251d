package trips.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import trips.events.IngestionEvent;
import trips.testing.IngestionFixture;
import trips.testing.TestDatabase;

/**
 * Box queries read the points of cut cells from trip's indexes alone only where the visibility map
 * says every row of a page is visible; elsewhere each point costs a visit to its row. The engine
 * vacuums the partitions whose map lags, since autovacuum may be off (it is off on these machines).
 */
class TripVacuumTest {

    private static final Map<String, String> OFTEN = Map.of("trips.ingest.vacuum-interval-ms", "200");

    @Test
    void should_let_points_of_small_files_be_read_from_the_index_alone() throws Exception {
        try (IngestionFixture fx = new IngestionFixture(OFTEN)) {
            fx.drop(sample(), "trips.csv");
            assertThat(fx.awaitEnd("trips.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);

            // the small files' partition: its trips are copied in, and no completion vacuums it
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> heapFetches(fx.db, "trip_small_files") == 0);
            assertThat(fx.db.count("SELECT count(*) FROM trip_small_files")).isEqualTo(100);
        }
    }

    @Test
    void should_catch_up_on_a_big_file_whose_own_vacuum_an_open_transaction_held_back() throws Exception {
        Map<String, String> settings = Map.of("trips.ingest.vacuum-interval-ms", "200",
                "trips.ingest.partition-rows", "50");
        try (IngestionFixture fx = new IngestionFixture(settings); Connection older = fx.db.connect()) {
            // a snapshot taken before the file's batches: until it ends, no VACUUM may call their rows
            // visible to everyone, as with another file's long completion or a long query
            older.setAutoCommit(false);
            older.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = older.createStatement()) {
                s.executeQuery("SELECT count(*) FROM ingestion").close();
            }

            fx.drop(sample(), "trips.csv");
            assertThat(fx.awaitEnd("trips.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
            String partition = fx.db.text("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'trip'::regclass AND c.relname LIKE 'trip_file_%'");
            Thread.sleep(1000);
            assertThat(heapFetches(fx.db, partition)).as("held back while the old snapshot lives").isEqualTo(100);
            String vacuums = "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = '" + partition + "'";
            long before = fx.db.count(vacuums);
            Thread.sleep(3000);
            // 15 rounds; a late flush of the batches' insert counts may still look like new rows once or twice
            assertThat(fx.db.count(vacuums)).as("not vacuumed again, to no avail, every round meanwhile")
                    .isLessThanOrEqualTo(before + 2);

            older.commit();

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> heapFetches(fx.db, partition) == 0);
        }
    }

    /** Rows of the partition an index-only scan of all its origin points still had to visit. */
    private static long heapFetches(TestDatabase db, String partition) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            s.execute("SET enable_bitmapscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM " + partition
                    + " WHERE origin_cell >= 0 AND origin_lon < 1000")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan).contains("Index Only Scan");
            Matcher m = Pattern.compile("Heap Fetches: (\\d+)").matcher(plan);
            assertThat(m.find()).as(plan.toString()).isTrue();
            return Long.parseLong(m.group(1));
        }
    }

    private static Path sample() throws Exception {
        return Path.of(TripVacuumTest.class.getResource("/trips.csv").toURI());
    }
}
