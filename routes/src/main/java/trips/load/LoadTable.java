package trips.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where a file's trips wait until it completes: a table of its own, {@code trip_load_<id>}, shaped
 * like trip. Nothing reads it but the completion, so analytics never see half a file, a failed file
 * is dropped whole, and a resumed one appends to what its earlier run committed.
 *
 * <p>On completion a big file's table becomes a partition of trip as it is: its two point indexes
 * are built in bulk beforehand, which at 10M trips took 12 s where inserting the same points sorted
 * into shared tables took 42 s, and the trips are written once instead of three times. A small
 * file's trips are copied into trip's default partition instead, so that thousands of small files
 * do not make thousands of partitions.
 */
public final class LoadTable {

    private LoadTable() {
    }

    public static String name(long ingestionId) {
        return "trip_load_" + ingestionId;
    }

    /** trip's default partition, which holds the trips of all files too small for one of their own. */
    static final String SHARED = "trip_small_files";

    /** The name the table takes as a partition of trip. */
    static String partition(long ingestionId) {
        return "trip_file_" + ingestionId;
    }

    /** The CHECK makes attaching free: PostgreSQL needs no scan to prove the rows belong to the file. */
    public static void create(Connection c, long ingestionId) throws SQLException {
        exec(c, "CREATE TABLE IF NOT EXISTS " + name(ingestionId) + " (LIKE trip, CHECK (ingestion_id = "
                + ingestionId + "))");
    }

    public static void drop(Connection c, long ingestionId) throws SQLException {
        exec(c, "DROP TABLE IF EXISTS " + name(ingestionId));
        dropKeepOut(c, ingestionId);
    }

    private static void dropKeepOut(Connection c, long ingestionId) throws SQLException {
        if (keepsOut(c, ingestionId)) {
            exec(c, "ALTER TABLE " + SHARED + " DROP CONSTRAINT IF EXISTS " + keepOut(ingestionId));
        }
    }

    /**
     * Outside any transaction (VACUUM cannot run in one), before the completing transaction:
     * statistics for its merges and, for a table that becomes a partition, the visibility map that
     * lets box queries read points from the indexes alone. Each step is harmless to repeat when a
     * completion is retried.
     */
    static void prepare(Connection c, long ingestionId, boolean ownPartition) throws SQLException {
        String t = name(ingestionId);
        if (!ownPartition) {
            // an earlier attempt, before trips.ingest.partition-rows was raised, prepared the file as a
            // partition: its CHECK would now refuse the file's trips in the shared partition
            dropKeepOut(c, ingestionId);
            exec(c, "ANALYZE " + t);
            return;
        }
        exec(c, "VACUUM (ANALYZE) " + t);
        // ATTACH scans a default partition for rows that belong to the new one, holding it ACCESS
        // EXCLUSIVE until the commit, so every reader of trip waits for a scan of all small files'
        // trips (5M rows: 218 ms, in psql). A validated CHECK that proves there are none lets it skip
        // the scan (0.6 ms); VALIDATE does that scan here, under a lock that lets readers and writers on.
        if (!keepsOut(c, ingestionId)) {
            exec(c, "ALTER TABLE " + SHARED + " ADD CONSTRAINT " + keepOut(ingestionId)
                    + " CHECK (ingestion_id <> " + ingestionId + ") NOT VALID");
        }
        exec(c, "ALTER TABLE " + SHARED + " VALIDATE CONSTRAINT " + keepOut(ingestionId));
    }

    /**
     * In the completing transaction, after the merges and right before {@link #publish}: a big file's
     * two point indexes, built in bulk. Built last, they are what the completion wrote most recently,
     * so more of them is still in the OS's cache when the first boxes are asked. Built before the
     * merges (which read the whole table twice more), 0.9 of a 100M file's 11 GB of index was cached
     * then, and a box's first request read the rest from disk: 101 to 283 ms at the median, against
     * 44 to 113 with the indexes cached. Built last, the second index stayed mostly cached (3.7 of its
     * 4.7 GB), the first did not; the file took no longer (perf/README.md, "Indexes built last").
     * The transaction also keeps a retried completion from finding one index built and not the other.
     */
    static void index(Connection c, long ingestionId, String workMem) throws SQLException {
        String t = name(ingestionId);
        // until the commit, which comes right after the attach
        exec(c, "SET LOCAL maintenance_work_mem = '" + workMem.replace("'", "") + "'");
        // the same definitions as trip's partitioned indexes (V4 migration), so attaching adopts them
        exec(c, "CREATE INDEX IF NOT EXISTS " + t + "_origin ON " + t
                + " (origin_cell) INCLUDE (origin_lon, origin_lat, dest_lon, dest_lat, datetime)");
        exec(c, "CREATE INDEX IF NOT EXISTS " + t + "_dest ON " + t + " (dest_cell) INCLUDE (dest_lon, dest_lat, datetime)");
    }

    /** In the completing transaction: the file's trips join trip, and its load table is gone. */
    static void publish(Connection c, long ingestionId, boolean ownPartition) throws SQLException {
        String t = name(ingestionId);
        if (ownPartition) {
            exec(c, "ALTER TABLE " + t + " RENAME TO " + partition(ingestionId));
            exec(c, "ALTER TABLE trip ATTACH PARTITION " + partition(ingestionId) + " FOR VALUES IN (" + ingestionId + ")");
            // the default partition's bound now says as much; the lock is held already
            exec(c, "ALTER TABLE " + SHARED + " DROP CONSTRAINT IF EXISTS " + keepOut(ingestionId));
        } else {
            exec(c, "INSERT INTO trip SELECT * FROM " + t + " ORDER BY origin_cell");
            exec(c, "DROP TABLE " + t);
        }
    }

    /** The CHECK on {@link #SHARED} that proves it holds none of this file's trips. */
    static String keepOut(long ingestionId) {
        return SHARED + "_not_" + ingestionId;
    }

    private static boolean keepsOut(Connection c, long ingestionId) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '" + SHARED + "'::regclass"
                        + " AND conname = '" + keepOut(ingestionId) + "')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
