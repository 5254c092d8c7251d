package trips.perf.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The yardstick: psql \copy of the same file into a table of five text columns. */
final class CopyReference {

    private CopyReference() {
    }

    /**
     * @param db the reference's own database, named after the run's (a fixed name let a CI smoke run
     *           drop the reference of a big run going on beside it)
     * @return seconds the copy took
     */
    static double run(Psql psql, String db, Path file) throws IOException, InterruptedException {
        psql.admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        psql.admin("CREATE DATABASE " + db);
        try {
            psql.run(db, List.of("-c", "CREATE TABLE raw (region text, origin_coord text, destination_coord text,"
                    + " datetime text, datasource text)"));
            long t0 = System.nanoTime();
            psql.run(db, List.of("-c", "\\copy raw FROM '" + file.toAbsolutePath()
                    + "' WITH (FORMAT csv, HEADER true)"));
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            psql.admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }
}
