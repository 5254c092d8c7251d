package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import trips.db.Database;
import trips.testing.TestDatabase;

/**
 * A crash can leave a file's load table behind (between the FAILED commit and the drop, say); at
 * start the engine drops those of files that ended, and keeps those of files that will resume.
 */
class AbandonedLoadTablesTest {

    @Test
    void should_drop_the_load_tables_of_ended_files_only() throws Exception {
        try (TestDatabase db = new TestDatabase(); Database database = Database.start(db.config(Map.of()))) {
            db.execute("INSERT INTO ingestion (id, source, file, status) VALUES"
                    + " (41, 'inbox', 'failed.csv', 'FAILED'), (42, 'inbox', 'running.csv', 'RUNNING')");
            for (long id : new long[] {41, 42, 43}) {
                db.execute("CREATE TABLE trip_load_" + id + " (x int)");
            }

            new IngestionLedger(database.dataSource()).dropAbandonedLoadTables();

            assertThat(db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'trip_load_41'")).isZero();
            assertThat(db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'trip_load_43'"))
                    .as("no ingestion at all: nothing will resume it").isZero();
            assertThat(db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'trip_load_42'")).isEqualTo(1);
        }
    }
}
