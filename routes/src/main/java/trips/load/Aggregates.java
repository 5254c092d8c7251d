package trips.load;

import java.util.List;

/**
 * The pre-aggregates that analytics read instead of trip, besides trip_group (which the loader
 * merges together with the trips, since each trip takes its group's id). Each merge reads the
 * batch from trip_stage and runs in the batch's transaction; each reversal takes back one failed
 * ingestion's share (parameter 1: the ingestion id) before its trips are deleted.
 * A new aggregate table needs one line in each list, and its test in AggregateChecks.
 */
public final class Aggregates {

    /** Statements over trip_stage, in the batch transaction; ORDER BY keeps row locks in one order. */
    public static final List<String> MERGES = List.of(
            """
            INSERT INTO region_week AS r (region_id, week, trips)
            SELECT region_id, date_trunc('week', datetime)::date, count(*) FROM trip_stage
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (region_id, week) DO UPDATE SET trips = r.trips + excluded.trips
            """);

    /** Statements with the failed ingestion's id as parameter 1, run before its trips are deleted. */
    public static final List<String> REVERSALS = List.of(
            """
            UPDATE region_week r SET trips = r.trips - d.n
            FROM (SELECT region_id, date_trunc('week', datetime)::date AS week, count(*) n FROM trip
                  WHERE ingestion_id = ? GROUP BY 1, 2) d
            WHERE r.region_id = d.region_id AND r.week = d.week
            """);

    /** Statements without parameters, run after the trips are deleted, to drop emptied rows. */
    public static final List<String> CLEANUPS = List.of(
            "DELETE FROM region_week WHERE trips <= 0");

    /**
     * Analytics (issue 4, V2 migration): statements run once per completed file, in one transaction,
     * with the file's ingestion id bound to the parameter of those that have one. The first claims
     * the file in analytics_merge and inserts nothing when it is merged already: a caller that sees
     * an update count of 0 there must roll back instead of running the rest. Per file and in key
     * order, not per batch: a batch's trips fall into nearly as many cells as it has trips, and
     * upserting those at random made ingestion three to six times slower (1M-row file: 11 s to
     * 38-71 s). Run by {@link #mergeFile} from
     * IngestionLedger.complete, in the transaction that marks the file COMPLETED, as the groups are.
     */
    public static final List<String> FILE_MERGES = List.of(
            "INSERT INTO analytics_merge (ingestion_id) VALUES (?) ON CONFLICT DO NOTHING",
            // the file's trips per precision-7 cell (60-bit cell >> 25), week and weekday, both ends
            """
            CREATE TEMP TABLE analytics_file_cells ON COMMIT DROP AS
            SELECT t.side, t.cell >> 25 AS cell, x.week,
                   (count(*) FILTER (WHERE x.dow = 1))::int AS mon, (count(*) FILTER (WHERE x.dow = 2))::int AS tue,
                   (count(*) FILTER (WHERE x.dow = 3))::int AS wed, (count(*) FILTER (WHERE x.dow = 4))::int AS thu,
                   (count(*) FILTER (WHERE x.dow = 5))::int AS fri, (count(*) FILTER (WHERE x.dow = 6))::int AS sat,
                   (count(*) FILTER (WHERE x.dow = 7))::int AS sun
            FROM (SELECT origin_cell, dest_cell, date_trunc('week', datetime)::date AS week,
                         extract(isodow FROM datetime)::int AS dow
                  FROM trip WHERE ingestion_id = ?) x,
                 LATERAL (VALUES ('o'::"char", x.origin_cell), ('d'::"char", x.dest_cell)) AS t (side, cell)
            GROUP BY 1, 2, 3
            """,
            // without statistics the planner guesses two rows and sorts millions instead of hashing
            "ANALYZE analytics_file_cells",
            // each coarser precision from the one below it (a cell's parent is the cell >> 5)
            """
            INSERT INTO cell_week AS c (side, precision, cell, week, mon, tue, wed, thu, fri, sat, sun)
            WITH p7 AS (SELECT * FROM analytics_file_cells),
            p6 AS (%1$s FROM p7 GROUP BY 1, 2, 3),
            p5 AS (%1$s FROM p6 GROUP BY 1, 2, 3),
            p4 AS (%1$s FROM p5 GROUP BY 1, 2, 3),
            p3 AS (%1$s FROM p4 GROUP BY 1, 2, 3),
            p2 AS (%1$s FROM p3 GROUP BY 1, 2, 3)
            SELECT side, 7::smallint, cell, week, mon, tue, wed, thu, fri, sat, sun FROM p7
            UNION ALL SELECT side, 6::smallint, cell, week, mon, tue, wed, thu, fri, sat, sun FROM p6
            UNION ALL SELECT side, 5::smallint, cell, week, mon, tue, wed, thu, fri, sat, sun FROM p5
            UNION ALL SELECT side, 4::smallint, cell, week, mon, tue, wed, thu, fri, sat, sun FROM p4
            UNION ALL SELECT side, 3::smallint, cell, week, mon, tue, wed, thu, fri, sat, sun FROM p3
            UNION ALL SELECT side, 2::smallint, cell, week, mon, tue, wed, thu, fri, sat, sun FROM p2
            ORDER BY 1, 2, 3, 4
            ON CONFLICT (side, precision, cell, week) DO UPDATE SET mon = c.mon + excluded.mon,
              tue = c.tue + excluded.tue, wed = c.wed + excluded.wed, thu = c.thu + excluded.thu,
              fri = c.fri + excluded.fri, sat = c.sat + excluded.sat, sun = c.sun + excluded.sun
            """.formatted("SELECT side, cell >> 5 AS cell, week, sum(mon)::int AS mon, sum(tue)::int AS tue,"
                    + " sum(wed)::int AS wed, sum(thu)::int AS thu, sum(fri)::int AS fri, sum(sat)::int AS sat,"
                    + " sum(sun)::int AS sun"),
            """
            INSERT INTO region_day AS r (region_id, day, trips)
            SELECT region_id, datetime::date, count(*) FROM trip WHERE ingestion_id = ?
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (region_id, day) DO UPDATE SET trips = r.trips + excluded.trips
            """,
            """
            INSERT INTO region_datasource AS r (region_id, datasource_id, trips, last_trip)
            SELECT region_id, datasource_id, count(*), max(datetime) FROM trip WHERE ingestion_id = ?
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (region_id, datasource_id) DO UPDATE SET trips = r.trips + excluded.trips,
              last_trip = greatest(r.last_trip, excluded.last_trip)
            """,
            """
            INSERT INTO cell_point_origin (cell, lon, lat, dest_lon, dest_lat, datetime)
            SELECT origin_cell, origin_lon, origin_lat, dest_lon, dest_lat, datetime FROM trip
            WHERE ingestion_id = ? ORDER BY origin_cell
            """,
            """
            INSERT INTO cell_point_dest (cell, lon, lat, datetime)
            SELECT dest_cell, dest_lon, dest_lat, datetime FROM trip WHERE ingestion_id = ? ORDER BY dest_cell
            """);

    /**
     * Runs {@link #FILE_MERGES} for one file on the caller's connection and transaction: nothing when
     * the claim finds the file merged already.
     */
    public static void mergeFile(java.sql.Connection c, long ingestionId) throws java.sql.SQLException {
        for (int i = 0; i < FILE_MERGES.size(); i++) {
            try (java.sql.PreparedStatement ps = c.prepareStatement(FILE_MERGES.get(i))) {
                if (FILE_MERGES.get(i).indexOf('?') >= 0) {
                    ps.setLong(1, ingestionId);
                }
                if (ps.executeUpdate() == 0 && i == 0) {
                    return;
                }
            }
        }
    }

    private Aggregates() {
    }
}
