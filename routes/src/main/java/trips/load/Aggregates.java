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

    /** Spreads the counts n of day numbers (days since a Monday) over weekday columns, mon to sun. */
    private static final String WEEKDAYS = """

               coalesce(sum(n) FILTER (WHERE day % 7 = 0), 0)::int AS mon, coalesce(sum(n) FILTER (WHERE day % 7 = 1), 0)::int AS tue,
               coalesce(sum(n) FILTER (WHERE day % 7 = 2), 0)::int AS wed, coalesce(sum(n) FILTER (WHERE day % 7 = 3), 0)::int AS thu,
               coalesce(sum(n) FILTER (WHERE day % 7 = 4), 0)::int AS fri, coalesce(sum(n) FILTER (WHERE day % 7 = 5), 0)::int AS sat,
               coalesce(sum(n) FILTER (WHERE day % 7 = 6), 0)::int AS sun""";

    /**
     * Before each insert that sorts a file's new rows into key order: the server's own work_mem rather
     * than the merge's. A sort that fits in a big work_mem is one quicksort over rows spread through
     * memory, each comparison a cache miss (the keys begin with a region or a side, nearly always
     * equal); a small one sorts runs that stay in the CPU's cache and merges them. The 4.6M groups of
     * a 10M-row file were inserted in 10.0 s at 4 MB against 12.7 s at 1 GB, its 4.7M cell weeks in
     * 9.7 to 10.1 s against 12.6 to 13.4 s; 24M rows shaped like groups sorted in 22 s at 4 MB, 23 s
     * at 64 MB and 34 s at 1 GB.
     */
    static final String SORTED_INSERT_MEMORY = "SET LOCAL work_mem TO DEFAULT";

    /** The merge's work_mem ({work_mem}: trips.ingest.merge-work-mem) for the hash aggregates and joins. */
    private static final String MERGE_MEMORY = "SET LOCAL work_mem = '{work_mem}'";

    /** {@link #MERGE_MEMORY} for this work_mem, for the group merge, which runs before these statements. */
    static String mergeMemory(String workMem) {
        return MERGE_MEMORY.replace("{work_mem}", workMem.replace("'", ""));
    }

    /**
     * Analytics (issue 4, V2 migration): statements run once per completed file, in one transaction,
     * over the file's {@link LoadTable} (written {load}), the region aggregates over its batches'
     * tallies ({@link RegionTallies}). The first claims the file in analytics_merge
     * (its id bound to the parameter) and inserts nothing when it is merged already: the rest is then
     * skipped. Per file and in key order, not per batch: a batch's trips fall into nearly as many
     * cells as it has trips, and upserting those at random made ingestion three to six times slower
     * (1M-row file: 11 s to 38-71 s). Run by {@link #mergeFile} from {@link FileCompletion}, in the
     * transaction that marks the file COMPLETED, after the groups.
     */
    public static final List<String> FILE_MERGES = List.of(
            "INSERT INTO analytics_merge (ingestion_id) VALUES (?) ON CONFLICT DO NOTHING",
            MERGE_MEMORY,
            // the file's trips per precision-7 cell (60-bit cell >> 25), week and weekday, both ends, in one
            // hash aggregate per end over day numbers. At 10M trips this took 24 s, where counting per cell
            // and day first, then spreading the days over the weekday columns, took 33 s.
            // hashed even where the planner, which has no statistics on the shifted cells, would sort
            "SET LOCAL enable_sort = off",
            "CREATE TEMP TABLE analytics_file_cells ON COMMIT DROP AS\n" + fileCellWeeks('o', "origin_cell")
                    + "\nUNION ALL\n" + fileCellWeeks('d', "dest_cell"),
            "RESET enable_sort",
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
            mergeUpdate("analytics_file_cell_weeks"),
            SORTED_INSERT_MEMORY,
            mergeInsert("analytics_file_cell_weeks"),
            // from the batches' tallies (V6), not from the file's trips: a few thousand numbers a batch
            """
            INSERT INTO region_day AS r (region_id, day, trips)
            SELECT u.region_id, date '1970-01-01' + u.day, sum(u.trips)
            FROM batch_region_tally b, unnest(b.day_region, b.day, b.day_trips) AS u (region_id, day, trips)
            WHERE b.ingestion_id = ?
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (region_id, day) DO UPDATE SET trips = r.trips + excluded.trips
            """,
            """
            INSERT INTO region_datasource AS r (region_id, datasource_id, trips, last_trip)
            SELECT u.region_id, u.datasource_id, sum(u.trips), timestamp '1970-01-01' + max(u.last) * interval '1 second'
            FROM batch_region_tally b,
                 unnest(b.ds_region, b.datasource, b.ds_trips, b.ds_last) AS u (region_id, datasource_id, trips, last)
            WHERE b.ingestion_id = ?
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (region_id, datasource_id) DO UPDATE SET trips = r.trips + excluded.trips,
              last_trip = greatest(r.last_trip, excluded.last_trip)
            """,
            "DELETE FROM batch_region_tally WHERE ingestion_id = ?");

    /**
     * Dense cells (V5), when trips.ingest.dense-cell-trips is above 0: after {@link #FILE_MERGES}, in
     * the same transaction. Precision-7 cells that, with this file, hold {dense} trips or more over all
     * weeks are listed in dense_cell, and their trips are also counted per precision-8 cell, so that a
     * box whose edge cuts one reads the trips of its cut precision-8 cells only. Off by default: at
     * 100M trips (threshold 2000) it made box answers 3 to 5 times faster at the median, but took the
     * file's completion 345 s longer, past 15 minutes (perf/README.md).
     */
    public static final List<String> DENSE_CELL_MERGES = List.of(
            MERGE_MEMORY,
            """
            CREATE TEMP TABLE analytics_new_dense ON COMMIT DROP AS
            SELECT w.side, w.cell FROM cell_week w
            JOIN (SELECT DISTINCT side, cell FROM analytics_file_cells) f
              ON w.side = f.side AND w.precision = 7 AND w.cell = f.cell
            WHERE NOT EXISTS (SELECT 1 FROM dense_cell d WHERE d.side = w.side AND d.cell = w.cell)
            GROUP BY 1, 2 HAVING sum(w.mon + w.tue + w.wed + w.thu + w.fri + w.sat + w.sun) >= {dense}
            """,
            "INSERT INTO dense_cell (side, cell) SELECT side, cell FROM analytics_new_dense",
            // precision 8 in dense cells: this file's trips, and the earlier files' trips of the cells
            // dense from now on (read from trip's point indexes; fewer than {dense} trips a cell)
            """
            CREATE TEMP TABLE analytics_fine_cells ON COMMIT DROP AS
            SELECT side, 8::smallint AS precision, cell, %1$s + (day - day %% 7) AS week,%2$s
            FROM (SELECT 'o'::"char" AS side, origin_cell >> 20 AS cell, datetime::date - %1$s AS day, count(*) AS n
                  FROM {load} WHERE origin_cell >> 25 IN (SELECT cell FROM dense_cell WHERE side = 'o') GROUP BY 2, 3
                  UNION ALL
                  SELECT 'd'::"char", dest_cell >> 20, datetime::date - %1$s, count(*)
                  FROM {load} WHERE dest_cell >> 25 IN (SELECT cell FROM dense_cell WHERE side = 'd') GROUP BY 2, 3
                  UNION ALL
                  SELECT 'o'::"char", t.origin_cell >> 20, t.datetime::date - %1$s, count(*)
                  FROM analytics_new_dense n CROSS JOIN LATERAL (
                    SELECT origin_cell, datetime FROM trip
                    WHERE origin_cell BETWEEN n.cell << 25 AND ((n.cell + 1) << 25) - 1 OFFSET 0) t
                  WHERE n.side = 'o' GROUP BY 2, 3
                  UNION ALL
                  SELECT 'd'::"char", t.dest_cell >> 20, t.datetime::date - %1$s, count(*)
                  FROM analytics_new_dense n CROSS JOIN LATERAL (
                    SELECT dest_cell, datetime FROM trip
                    WHERE dest_cell BETWEEN n.cell << 25 AND ((n.cell + 1) << 25) - 1 OFFSET 0) t
                  WHERE n.side = 'd' GROUP BY 2, 3) s
            GROUP BY 1, 3, 4
            """.formatted(MONDAY, WEEKDAYS),
            "ANALYZE analytics_fine_cells",
            mergeUpdate("analytics_fine_cells"),
            SORTED_INSERT_MEMORY,
            mergeInsert("analytics_fine_cells"));

    /**
     * Runs {@link #FILE_MERGES} for one file on the caller's connection and transaction: nothing when
     * the claim finds the file merged already.
     *
     * @param denseCellTrips trips from which a precision-7 cell also gets precision-8 rows
     *                       ({@link #DENSE_CELL_MERGES}); 0 for none
     * @param workMem        work_mem of the hash aggregates and joins (trips.ingest.merge-work-mem)
     */
    public static void mergeFile(java.sql.Connection c, long ingestionId, long denseCellTrips, String workMem)
            throws java.sql.SQLException {
        List<String> statements = new java.util.ArrayList<>(FILE_MERGES);
        long threshold = denseCellTrips;
        if (threshold <= 0 && anyDenseCell(c)) {
            // switched off after cells were listed: those keep getting their precision-8 rows, or boxes
            // would count them short; no cell is listed any more
            threshold = Long.MAX_VALUE;
        }
        if (threshold > 0) {
            statements.addAll(DENSE_CELL_MERGES);
        }
        for (int i = 0; i < statements.size(); i++) {
            try (java.sql.PreparedStatement ps = c.prepareStatement(statements.get(i)
                    .replace("{load}", LoadTable.name(ingestionId)).replace("{dense}", Long.toString(threshold))
                    .replace(MERGE_MEMORY, mergeMemory(workMem)))) {
                if (statements.get(i).indexOf('?') >= 0) {
                    ps.setLong(1, ingestionId);
                }
                if (ps.executeUpdate() == 0 && i == 0) {
                    return;
                }
            }
        }
    }

    private static boolean anyDenseCell(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM dense_cell)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** One end's trips of the file per precision-7 cell and week, counted per weekday. */
    private static String fileCellWeeks(char side, String cellColumn) {
        return """
            SELECT '%1$s'::"char" AS side, cell, %2$s + (day - day %% 7) AS week,
                   count(*) FILTER (WHERE day %% 7 = 0)::int AS mon, count(*) FILTER (WHERE day %% 7 = 1)::int AS tue,
                   count(*) FILTER (WHERE day %% 7 = 2)::int AS wed, count(*) FILTER (WHERE day %% 7 = 3)::int AS thu,
                   count(*) FILTER (WHERE day %% 7 = 4)::int AS fri, count(*) FILTER (WHERE day %% 7 = 5)::int AS sat,
                   count(*) FILTER (WHERE day %% 7 = 6)::int AS sun
            FROM (SELECT %3$s >> 25 AS cell, datetime::date - %2$s AS day FROM {load}) t
            GROUP BY 2, 3""".formatted(side, MONDAY, cellColumn);
    }

    /**
     * Adds a file's cell weeks (a temp table shaped like cell_week) to cell_week: update-then-insert, as
     * for the groups. INSERT .. ON CONFLICT took twice as long for 1.9M rows of a 2M-row file (5.9 s
     * against 2.9), paying a speculative insertion for each new row.
     */
    private static String mergeUpdate(String source) {
        return """
            UPDATE cell_week c SET mon = c.mon + f.mon, tue = c.tue + f.tue, wed = c.wed + f.wed,
                   thu = c.thu + f.thu, fri = c.fri + f.fri, sat = c.sat + f.sat, sun = c.sun + f.sun
            FROM %s f
            WHERE c.side = f.side AND c.precision = f.precision AND c.cell = f.cell AND c.week = f.week
            """.formatted(source);
    }

    private static String mergeInsert(String source) {
        return """
            INSERT INTO cell_week (side, precision, cell, week, mon, tue, wed, thu, fri, sat, sun)
            SELECT f.* FROM %s f
            WHERE NOT EXISTS (SELECT 1 FROM cell_week c WHERE c.side = f.side AND c.precision = f.precision
                              AND c.cell = f.cell AND c.week = f.week)
            ORDER BY 1, 2, 3, 4
            """.formatted(source);
    }

    private Aggregates() {
    }
}
