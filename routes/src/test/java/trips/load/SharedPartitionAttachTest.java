package trips.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trips.db.Database;
import trips.testing.TestDatabase;

/**
 * A big file's table joins trip without PostgreSQL scanning the small files' partition under the
 * attach's lock: before the completing transaction that partition gets a validated CHECK proving
 * it holds none of the file's trips, which is what lets ATTACH skip the scan; the attach removes it.
 */
class SharedPartitionAttachTest {

    private static final String COLUMNS = "(ingestion_id, region_id, datasource_id, datetime, origin_lon, origin_lat,"
            + " dest_lon, dest_lat, origin_cell, dest_cell, tod_bucket)";

    @Test
    void should_prove_the_shared_partition_holds_none_of_the_file_before_attaching_it() throws Exception {
        try (TestDatabase db = new TestDatabase(); Database database = Database.start(db.config(Map.of()))) {
            db.execute("INSERT INTO trip " + COLUMNS + " VALUES (6, 1, 1, '2018-05-01 08:00', 14.4, 50.0, 14.5, 50.1, 1, 2, 16)");
            try (Connection c = database.dataSource().getConnection()) {
                LoadTable.create(c, 7);
                db.execute("INSERT INTO trip_load_7 " + COLUMNS + " VALUES (7, 1, 1, '2018-05-02 09:00', 7.6, 45.0, 7.7, 45.1, 3, 4, 18)");

                LoadTable.prepare(c, 7, true);

                assertThat(db.text("SELECT convalidated FROM pg_constraint WHERE conname = 'trip_small_files_not_7'"))
                        .as("validated: a NOT VALID check does not let ATTACH skip its scan").isEqualTo("t");

                LoadTable.prepare(c, 7, true);   // a retried completion repeats it harmlessly
                c.setAutoCommit(false);
                LoadTable.index(c, 7, "64MB");
                LoadTable.publish(c, 7, true);
                c.commit();
            }

            assertThat(db.count("SELECT count(*) FROM pg_indexes WHERE tablename = 'trip_file_7'"
                    + " AND indexname IN ('trip_load_7_origin', 'trip_load_7_dest')"))
                    .as("the file's own indexes, adopted by trip's: the attach built none of its own").isEqualTo(2);
            assertThat(db.count("SELECT count(*) FROM pg_indexes WHERE tablename = 'trip_file_7'")).isEqualTo(2);

            assertThat(db.count("SELECT count(*) FROM pg_constraint WHERE conname LIKE 'trip_small_files_not_%'")).isZero();
            assertThat(db.count("SELECT count(*) FROM trip_file_7")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM trip")).isEqualTo(2);
        }
    }

    /** trips.ingest.partition-rows raised between a crash and the restart: the file now goes into the shared partition. */
    @Test
    void should_take_a_file_prepared_as_a_partition_into_the_shared_one_when_it_is_prepared_again_as_small() throws Exception {
        try (TestDatabase db = new TestDatabase(); Database database = Database.start(db.config(Map.of()));
             Connection c = database.dataSource().getConnection()) {
            LoadTable.create(c, 9);
            db.execute("INSERT INTO trip_load_9 " + COLUMNS + " VALUES (9, 1, 1, '2018-05-02 09:00', 7.6, 45.0, 7.7, 45.1, 3, 4, 18)");
            LoadTable.prepare(c, 9, true);

            LoadTable.prepare(c, 9, false);
            c.setAutoCommit(false);
            LoadTable.publish(c, 9, false);
            c.commit();

            assertThat(db.count("SELECT count(*) FROM trip_small_files WHERE ingestion_id = 9")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM pg_constraint WHERE conname LIKE 'trip_small_files_not_%'")).isZero();
        }
    }

    @Test
    void should_drop_the_check_with_the_table_of_a_file_that_failed() throws Exception {
        try (TestDatabase db = new TestDatabase(); Database database = Database.start(db.config(Map.of()));
             Connection c = database.dataSource().getConnection()) {
            LoadTable.create(c, 8);
            LoadTable.prepare(c, 8, true);

            LoadTable.drop(c, 8);

            assertThat(db.count("SELECT count(*) FROM pg_constraint WHERE conname LIKE 'trip_small_files_not_%'")).isZero();
            assertThat(db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'trip_load_8'")).isZero();
        }
    }
}
