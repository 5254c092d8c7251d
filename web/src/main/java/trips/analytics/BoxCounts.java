package trips.analytics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import trips.analytics.AnalyticsParams.Match;

/**
 * Counts the trips of a box per day of a window, exactly: whole cells from cell_week, cut cells
 * point by point from trip's index on that end's cell (inclusive edges); a cut cell listed as dense
 * is split into its finer cells first, so that only the trips of the finer cut ones are read. The
 * cut ranges are read on two connections at once, in the answer's one snapshot ({@link SharedSnapshot}).
 * match=both is {@link BothEnds}.
 */
final class BoxCounts {

    private static final String DENSE = "SELECT cell FROM dense_cell WHERE side = ?::\"char\" AND cell = ANY (?)";

    /*
     * One descent of cell_week's key per whole cell. As a plain join, without statistics on
     * cell_week (right after a load, before any ANALYZE) the planner took the cells' rows for a
     * handful and read all rows of the side instead: 10M trips, a 0.1-degree box of 324 whole cells,
     * 2.4M rows and 464 ms against 5 ms (perf/README.md). OFFSET 0 keeps the lateral a loop.
     */
    static final String WHOLE_CELLS = """
            SELECT w.week, sum(w.mon), sum(w.tue), sum(w.wed), sum(w.thu), sum(w.fri), sum(w.sat), sum(w.sun)
            FROM unnest(?::smallint[], ?::bigint[]) AS c (precision, cell)
            CROSS JOIN LATERAL (
              SELECT * FROM cell_week w
              WHERE w.side = ?::"char" AND w.precision = c.precision AND w.cell = c.cell AND w.week BETWEEN ? AND ?
              OFFSET 0) w
            GROUP BY w.week
            """;

    /*
     * One index range scan per cut range, on trip's point index of that end (V4 migration), which
     * holds the coordinates and the time: the trips' rows are not read. OFFSET 0 keeps the planner
     * from flattening the subquery into a join, which it may then run as a hash join over a
     * sequential scan of all the points (measured at 10M trips: 120 s instead of 2 ms for 900 ranges).
     */
    private static final String CUT_CELLS = """
            SELECT x.day, count(*)
            FROM unnest(?::bigint[], ?::bigint[]) AS r (lo, hi)
            CROSS JOIN LATERAL (
              SELECT p.datetime::date AS day FROM trip p
              WHERE p.%1$s_cell BETWEEN r.lo AND r.hi
                AND p.%1$s_lon BETWEEN ? AND ? AND p.%1$s_lat BETWEEN ? AND ?
                AND p.datetime >= ? AND p.datetime < ?%2$s
              OFFSET 0) x
            GROUP BY 1
            """;

    private static final String ORIGIN_CUT = CUT_CELLS.formatted("origin", "");
    private static final String DESTINATION_CUT = CUT_CELLS.formatted("dest", "");
    static final String BOTH_ENDS_CUT = CUT_CELLS.formatted("origin",
            "\n    AND p.dest_lon BETWEEN ? AND ? AND p.dest_lat BETWEEN ? AND ?");

    private BoxCounts() {
    }

    /** Adds the box's trips of the window to the series; returns the cover, to show the working. */
    static BoxCover count(Connection c, SharedSnapshot snapshot, Box box, Match match, Window window,
                          WeekSeries series) throws SQLException {
        BoxCover cover = BoxCover.of(box);
        if (match == Match.BOTH) {
            BothEnds.count(c, snapshot, cover, box, window, series);
            return cover;
        }
        String side = match == Match.ORIGIN ? "o" : "d";
        BoxCover refined = cover.refine(box, denseCells(c, side, cover.finestCutCells())::contains);
        wholeCells(c, refined, side, window, series);
        cut(c, snapshot, match == Match.ORIGIN ? ORIGIN_CUT : DESTINATION_CUT, refined.lo, refined.hi, box, window,
                series, false);
        return refined;
    }

    /** Which of these cells cell_week also holds at the finer precision (V5 migration). */
    private static Set<Long> denseCells(Connection c, String side, long[] cells) throws SQLException {
        Set<Long> dense = new HashSet<>();
        if (cells.length == 0) {
            return dense;
        }
        try (PreparedStatement ps = c.prepareStatement(DENSE)) {
            ps.setString(1, side);
            ps.setArray(2, longs(c, cells));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dense.add(rs.getLong(1));
                }
            }
        }
        return dense;
    }

    private static void wholeCells(Connection c, BoxCover cover, String side, Window window, WeekSeries series)
            throws SQLException {
        if (cover.cell.length == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(WHOLE_CELLS)) {
            Short[] precision = new Short[cover.precision.length];
            for (int i = 0; i < precision.length; i++) {
                precision[i] = cover.precision[i];
            }
            ps.setArray(1, c.createArrayOf("int2", precision));
            ps.setArray(2, longs(c, cover.cell));
            ps.setString(3, side);
            ps.setObject(4, window.firstMonday());
            ps.setObject(5, window.lastMonday());
            try (ResultSet rs = ps.executeQuery()) {
                long[] days = new long[7];
                while (rs.next()) {
                    for (int k = 0; k < 7; k++) {
                        days[k] = rs.getLong(k + 2);
                    }
                    series.addWeek(rs.getObject(1, LocalDate.class), days);
                }
            }
        }
    }

    /**
     * Reads the trips of the cut ranges, every other range on a second connection in the answer's
     * snapshot: the ranges are in cell order, so taking every other one shares each crowded stretch
     * of an edge between both halves.
     * With bothEnds the destination must lie in the box as well.
     */
    static void cut(Connection c, SharedSnapshot snapshot, String sql, long[] lo, long[] hi, Box box, Window window,
                    WeekSeries series, boolean bothEnds) throws SQLException {
        if (lo.length == 0) {
            return;
        }
        if (lo.length == 1) {
            addDays(series, days(c, sql, lo, hi, box, window, bothEnds));
            return;
        }
        long[][] even = everyOther(lo, hi, 0);
        long[][] odd = everyOther(lo, hi, 1);
        SharedSnapshot.Both<List<DayCount>> both = snapshot.read(c,
                here -> days(here, sql, even[0], even[1], box, window, bothEnds),
                there -> days(there, sql, odd[0], odd[1], box, window, bothEnds));
        addDays(series, both.here());
        addDays(series, both.there());
    }

    private record DayCount(LocalDate day, long trips) {
    }

    private static void addDays(WeekSeries series, List<DayCount> days) {
        for (DayCount d : days) {
            series.addDay(d.day(), d.trips());
        }
    }

    /** Ranges first, first + 2, first + 4 ...: parallel arrays of lo and hi. */
    private static long[][] everyOther(long[] lo, long[] hi, int first) {
        int n = (lo.length - first + 1) / 2;
        long[][] half = new long[2][n];
        for (int i = 0; i < n; i++) {
            half[0][i] = lo[first + 2 * i];
            half[1][i] = hi[first + 2 * i];
        }
        return half;
    }

    /** Parameters: ranges, the box, the window, and with bothEnds the box again for the destination. */
    private static List<DayCount> days(Connection c, String sql, long[] lo, long[] hi, Box box, Window window,
                                       boolean bothEnds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, longs(c, lo));
            ps.setArray(2, longs(c, hi));
            bindBox(ps, 3, box);
            ps.setObject(7, window.from().atStartOfDay());
            ps.setObject(8, window.to().plusDays(1).atStartOfDay());
            if (bothEnds) {
                bindBox(ps, 9, box);
            }
            List<DayCount> days = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    days.add(new DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2)));
                }
            }
            return days;
        }
    }

    static void bindBox(PreparedStatement ps, int first, Box box) throws SQLException {
        ps.setDouble(first, box.minLon());
        ps.setDouble(first + 1, box.maxLon());
        ps.setDouble(first + 2, box.minLat());
        ps.setDouble(first + 3, box.maxLat());
    }

    static Array longs(Connection c, long[] values) throws SQLException {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return c.createArrayOf("int8", boxed);
    }
}
