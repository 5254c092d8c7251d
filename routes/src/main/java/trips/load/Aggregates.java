package trips.load;

import java.util.List;

/**
 * The pre-aggregates that analytics read instead of trip, besides trip_group ({@link TripGroupMerger}).
 * All are merged once per completed file, in the transaction that marks it COMPLETED; a file that
 * fails was never merged, so nothing has to be taken back. A new aggregate table needs a statement
 * here and its test in AggregateChecks.
 */
public final class Aggregates {

    /** A Monday before any date a trip can have (years 0000 to 9999), so day numbers are never negative. */
    private static final String MONDAY = "(date '0001-01-01' - 371)";

    /**
     * Analytics (issue 4, V2 migration): statements run once per completed file, in one transaction,
     * over the file's {@link LoadTable} (written {load}). The first claims the file in analytics_merge
     * (its id bound to the parameter) and inserts nothing when it is merged already: the rest is then
     * skipped. Per file and in key order, not per batch: a batch's trips fall into nearly as many
     * cells as it has trips, and upserting those at random made ingestion three to six times slower
     * (1M-row file: 11 s to 38-71 s). Run by {@link #mergeFile} from {@link FileCompletion}, in the
     * transaction that marks the file COMPLETED, after the groups.
     */
    public static final List<String> FILE_MERGES = List.of(
            "INSERT INTO analytics_merge (ingestion_id) VALUES (?) ON CONFLICT DO NOTHING",
            // the file's trips per precision-7 cell (60-bit cell >> 25), week and weekday, both ends: counted
            // per cell and day first, then spread over the weekday columns. One aggregate with a count per
            // weekday over every trip, with date_trunc and extract, took 8.2 s on a 2M-row file; this takes 4.8.
            """
            CREATE TEMP TABLE analytics_file_cells ON COMMIT DROP AS
            SELECT side, cell, %1$s + (day - day %% 7) AS week,
                   coalesce(sum(n) FILTER (WHERE day %% 7 = 0), 0)::int AS mon, coalesce(sum(n) FILTER (WHERE day %% 7 = 1), 0)::int AS tue,
                   coalesce(sum(n) FILTER (WHERE day %% 7 = 2), 0)::int AS wed, coalesce(sum(n) FILTER (WHERE day %% 7 = 3), 0)::int AS thu,
                   coalesce(sum(n) FILTER (WHERE day %% 7 = 4), 0)::int AS fri, coalesce(sum(n) FILTER (WHERE day %% 7 = 5), 0)::int AS sat,
                   coalesce(sum(n) FILTER (WHERE day %% 7 = 6), 0)::int AS sun
            FROM (SELECT 'o'::"char" AS side, origin_cell >> 25 AS cell, datetime::date - %1$s AS day, count(*) AS n
                  FROM {load} GROUP BY 2, 3
                  UNION ALL
                  SELECT 'd'::"char", dest_cell >> 25, datetime::date - %1$s, count(*)
                  FROM {load} GROUP BY 2, 3) s
            GROUP BY 1, 2, 3
            """.formatted(MONDAY),
            // without statistics the planner guesses two rows and sorts millions instead of hashing
            "ANALYZE analytics_file_cells",
            // each coarser precision from the one below it (a cell's parent is the cell >> 5)
            """
            CREATE TEMP TABLE analytics_file_cell_weeks ON COMMIT DROP AS
            WITH p7 AS (SELECT * FROM analytics_file_cells),
            p6 AS (%1$s FROM p7 GROUP BY 1, 2, 3),
            p5 AS (%1$s FROM p6 GROUP BY 1, 2, 3),
            p4 AS (%1$s FROM p5 GROUP BY 1, 2, 3),
            p3 AS (%1$s FROM p4 GROUP BY 1, 2, 3),
            p2 AS (%1$s FROM p3 GROUP BY 1, 2, 3)
            SELECT side, 7::smallint AS precision, cell, week, mon, tue, wed, thu, fri, sat, sun FROM p7
            UNION ALL SELECT side, 6::smallint, cell, week, mon, tue, wed, thu, fri, sat, sun FROM p6
            UNION ALL SELECT side, 5::smallint, cell, week, mon, tue, wed, thu, fri, sat, sun FROM p5
            UNION ALL SELECT side, 4::smallint, cell, week, mon, tue, wed, thu, fri, sat, sun FROM p4
            UNION ALL SELECT side, 3::smallint, cell, week, mon, tue, wed, thu, fri, sat, sun FROM p3
            UNION ALL SELECT side, 2::smallint, cell, week, mon, tue, wed, thu, fri, sat, sun FROM p2
            """.formatted("SELECT side, cell >> 5 AS cell, week, sum(mon)::int AS mon, sum(tue)::int AS tue,"
                    + " sum(wed)::int AS wed, sum(thu)::int AS thu, sum(fri)::int AS fri, sum(sat)::int AS sat,"
                    + " sum(sun)::int AS sun"),
            "ANALYZE analytics_file_cell_weeks",
            // update-then-insert, as for the groups: INSERT .. ON CONFLICT took twice as long for 1.9M
            // rows of a 2M-row file (5.9 s against 2.9), paying a speculative insertion for each new row
            """
            UPDATE cell_week c SET mon = c.mon + f.mon, tue = c.tue + f.tue, wed = c.wed + f.wed,
                   thu = c.thu + f.thu, fri = c.fri + f.fri, sat = c.sat + f.sat, sun = c.sun + f.sun
            FROM analytics_file_cell_weeks f
            WHERE c.side = f.side AND c.precision = f.precision AND c.cell = f.cell AND c.week = f.week
            """,
            """
            INSERT INTO cell_week (side, precision, cell, week, mon, tue, wed, thu, fri, sat, sun)
            SELECT f.* FROM analytics_file_cell_weeks f
            WHERE NOT EXISTS (SELECT 1 FROM cell_week c WHERE c.side = f.side AND c.precision = f.precision
                              AND c.cell = f.cell AND c.week = f.week)
            ORDER BY 1, 2, 3, 4
            """,
            """
            INSERT INTO region_day AS r (region_id, day, trips)
            SELECT region_id, datetime::date, count(*) FROM {load}
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (region_id, day) DO UPDATE SET trips = r.trips + excluded.trips
            """,
            """
            INSERT INTO region_datasource AS r (region_id, datasource_id, trips, last_trip)
            SELECT region_id, datasource_id, count(*), max(datetime) FROM {load}
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (region_id, datasource_id) DO UPDATE SET trips = r.trips + excluded.trips,
              last_trip = greatest(r.last_trip, excluded.last_trip)
            """);

    /**
     * Runs {@link #FILE_MERGES} for one file on the caller's connection and transaction: nothing when
     * the claim finds the file merged already.
     */
    public static void mergeFile(java.sql.Connection c, long ingestionId) throws java.sql.SQLException {
        for (int i = 0; i < FILE_MERGES.size(); i++) {
            try (java.sql.PreparedStatement ps = c.prepareStatement(
                    FILE_MERGES.get(i).replace("{load}", LoadTable.name(ingestionId)))) {
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
