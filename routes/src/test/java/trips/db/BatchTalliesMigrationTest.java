package trips.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import trips.load.Aggregates;
import trips.testing.TestDatabase;

/**
 * A file still running when V6 arrives committed its batches without tallies: the migration tallies
 * its load table, so the file's completion counts those trips in region_day and region_datasource.
 */
class BatchTalliesMigrationTest {

    @Test
    void should_count_the_batches_a_running_file_committed_before_the_upgrade() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            var config = db.config(Map.of());
            Database.createDatabaseIfMissing(db.url(), config);
            Flyway.configure().dataSource(db.url(), config.dbUser(), config.dbPassword())
                    .locations("classpath:db/migration").target("5").load().migrate();
            db.execute("INSERT INTO region (name) VALUES ('Prague'), ('Turin')");
            db.execute("INSERT INTO datasource (name) VALUES ('cheap_mobile'), ('funny_car')");
            db.execute("INSERT INTO ingestion (id, source, file, status) VALUES (7, 'inbox', 'running.csv', 'RUNNING'),"
                    + " (8, 'inbox', 'failed.csv', 'FAILED')");
            for (long id : new long[] {7, 8}) {
                db.execute("CREATE TABLE trip_load_" + id + " (LIKE trip, CHECK (ingestion_id = " + id + "))");
                // days on both sides of 1970-01-01, whose day numbers are negative
                db.execute("INSERT INTO trip_load_" + id + " (ingestion_id, region_id, datasource_id, datetime, origin_lon,"
                        + " origin_lat, dest_lon, dest_lat, origin_cell, dest_cell, tod_bucket)"
                        + " SELECT " + id + ", 1 + g % 2, 1 + (g % 3 = 0)::int, timestamp '1969-12-25' + g * interval '37 min',"
                        + " 14.4, 50.1, 14.5, 50.0, g::bigint << 20, g::bigint << 21, 0 FROM generate_series(1, 5000) g");
            }

            try (Database database = Database.start(config)) {
                assertThat(db.count("SELECT count(*) FROM batch_region_tally WHERE ingestion_id = 8"))
                        .as("a failed file will not complete").isZero();
                try (Connection c = database.dataSource().getConnection()) {
                    c.setAutoCommit(false);
                    Aggregates.mergeFile(c, 7, 0, "64MB");
                    c.commit();
                }
            }

            assertThat(db.count("SELECT sum(trips) FROM region_day")).isEqualTo(5000);
            assertThat(db.count("SELECT count(*) FROM (SELECT region_id, datetime::date AS day, count(*) AS n"
                    + " FROM trip_load_7 GROUP BY 1, 2) t FULL JOIN region_day r USING (region_id, day)"
                    + " WHERE r.trips IS DISTINCT FROM t.n")).isZero();
            assertThat(db.count("SELECT count(*) FROM (SELECT region_id, datasource_id, count(*) AS n, max(datetime) AS l"
                    + " FROM trip_load_7 GROUP BY 1, 2) t FULL JOIN region_datasource r USING (region_id, datasource_id)"
                    + " WHERE r.trips IS DISTINCT FROM t.n OR r.last_trip IS DISTINCT FROM t.l")).isZero();
            assertThat(db.count("SELECT count(*) FROM batch_region_tally WHERE ingestion_id = 7"))
                    .as("the completion takes the file's tallies away").isZero();
        }
    }
}
