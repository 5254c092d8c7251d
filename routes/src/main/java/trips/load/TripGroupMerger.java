package trips.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import trips.enrich.TripEnricher;

/**
 * Merges one file's trips, read from its {@link LoadTable}, into trip_group inside the transaction
 * that marks the file COMPLETED: a group count never includes a file that is not complete, and a
 * crash before that commit leaves nothing to undo. Concurrent completions serialise on an advisory lock, since two files adding
 * the same new group would otherwise both insert it.
 */
final class TripGroupMerger {

    private static final String FILE_GROUPS = """
            CREATE TEMP TABLE file_groups ON COMMIT DROP AS
            SELECT region_id, origin_cell >> %1$d AS origin_cell, dest_cell >> %1$d AS dest_cell, tod_bucket,
                   count(*) AS trips, min(datetime) AS first_trip, max(datetime) AS last_trip,
                   sum(origin_lon) AS sum_origin_lon, sum(origin_lat) AS sum_origin_lat,
                   sum(dest_lon) AS sum_dest_lon, sum(dest_lat) AS sum_dest_lat
            FROM %2$s
            GROUP BY 1, 2, 3, 4
            """;

    private static final String UPDATE_KNOWN = """
            UPDATE trip_group t SET
              trips = t.trips + f.trips,
              first_trip = least(t.first_trip, f.first_trip),
              last_trip = greatest(t.last_trip, f.last_trip),
              sum_origin_lon = t.sum_origin_lon + f.sum_origin_lon,
              sum_origin_lat = t.sum_origin_lat + f.sum_origin_lat,
              sum_dest_lon = t.sum_dest_lon + f.sum_dest_lon,
              sum_dest_lat = t.sum_dest_lat + f.sum_dest_lat
            FROM file_groups f
            WHERE t.region_id = f.region_id AND t.origin_cell = f.origin_cell AND t.dest_cell = f.dest_cell
              AND t.tod_bucket = f.tod_bucket
            """;

    /** New groups in key order, so the primary key index is filled page after page. */
    private static final String INSERT_NEW = """
            INSERT INTO trip_group (region_id, origin_cell, dest_cell, tod_bucket, trips, first_trip, last_trip,
                                    sum_origin_lon, sum_origin_lat, sum_dest_lon, sum_dest_lat)
            SELECT f.* FROM file_groups f
            WHERE NOT EXISTS (SELECT 1 FROM trip_group t WHERE t.region_id = f.region_id
                              AND t.origin_cell = f.origin_cell AND t.dest_cell = f.dest_cell
                              AND t.tod_bucket = f.tod_bucket)
            ORDER BY 1, 2, 3, 4
            """;

    private final int shift;
    private final String workMem;

    TripGroupMerger(int groupPrecision, String workMem) {
        this.shift = TripEnricher.shiftFor(groupPrecision);
        this.workMem = workMem;
    }

    /** Runs on the caller's connection and transaction. */
    public void merge(Connection c, long ingestionId) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + FileCompletion.MERGE_LOCK + ")");
        }
        // hashing a whole file's groups, and joining them to trip_group, in the default 4 MB spills to
        // disk several times over (the insert's sort is better off small: Aggregates.SORTED_INSERT_MEMORY)
        try (Statement s = c.createStatement()) {
            s.execute(Aggregates.mergeMemory(workMem));
        }
        // one upsert statement measured twice as slow as update-then-insert: speculative insertion
        // costs a second index probe for every new group, and nearly every group is new
        try (Statement s = c.createStatement()) {
            // without statistics on the shifted cells the planner takes every trip for a group of its
            // own and sorts them all; hashing took 15 s at 10M trips where the sort took 25
            s.execute("SET LOCAL enable_sort = off");
            s.executeUpdate(FILE_GROUPS.formatted(shift, LoadTable.name(ingestionId)));
            s.execute("RESET enable_sort");
            s.execute("ANALYZE file_groups");
            s.executeUpdate(UPDATE_KNOWN);
            s.execute(Aggregates.SORTED_INSERT_MEMORY);
            s.executeUpdate(INSERT_NEW);
        }
    }
}
