package trips.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * match=both: a trip counts when its origin and its destination lie in the box. No cell aggregate
 * can say where the other end of a cell's trips went, so the trips are read one by one, by the
 * cheaper of two exact ways: the points of the box's origin cells (trip's origin index carries the
 * destination and the time, so they are read from the index alone), or, when those are many, one
 * parallel pass over trip.
 */
final class BothEnds {

    /**
     * Read the points while the box's origin cells hold fewer than 1/SCAN_SHARE of all trips. A point
     * costs about 0.36 to 0.47 us, the pass 45 to 75 ns a trip (100M and 10M trips), so the points win
     * up to about an eighth of the trips. At 10M, boxes holding 2.5 to 12 % of the origins took 70 to
     * 420 ms by their points where the pass took 490 to 660 ms; at 14 to 20 % the points were still a
     * little faster, at 24 to 30 % as slow or slower. (It was 50, set when the points were read from
     * point tables of their own: 1.3 to 1.6 s for half a million.)
     */
    static final int SCAN_SHARE = 8;

    /** Each cell a descent of cell_week's key, as in BoxCounts' whole cells, whatever the statistics say. */
    static final String ORIGIN_TRIPS = """
            SELECT (SELECT coalesce(sum(w.mon + w.tue + w.wed + w.thu + w.fri + w.sat + w.sun), 0)
                    FROM unnest(?::smallint[], ?::bigint[]) AS c (precision, cell)
                    CROSS JOIN LATERAL (SELECT * FROM cell_week w WHERE w.side = 'o' AND w.precision = c.precision
                                        AND w.cell = c.cell OFFSET 0) w)
                 + (SELECT coalesce(sum(w.mon + w.tue + w.wed + w.thu + w.fri + w.sat + w.sun), 0)
                    FROM unnest(?::bigint[], ?::bigint[]) AS r (lo, hi)
                    CROSS JOIN LATERAL (SELECT * FROM cell_week w WHERE w.side = 'o' AND w.precision = %d
                                        AND w.cell BETWEEN r.lo AND r.hi OFFSET 0) w),
                   (SELECT coalesce(sum(trips), 0) FROM region_day)
            """.formatted(BoxCover.FINEST);

    private static final String SCAN = """
            SELECT datetime::date, count(*) FROM trip
            WHERE origin_lon BETWEEN ? AND ? AND origin_lat BETWEEN ? AND ?
              AND datetime >= ? AND datetime < ?
              AND dest_lon BETWEEN ? AND ? AND dest_lat BETWEEN ? AND ?
            GROUP BY 1
            """;

    private BothEnds() {
    }

    static void count(Connection c, SharedSnapshot snapshot, BoxCover cover, Box box, Window window,
                      WeekSeries series) throws SQLException {
        long[][] all = cover.allRanges();
        if (manyOrigins(c, cover)) {
            scan(c, box, window, series);
        } else {
            BoxCounts.cut(c, snapshot, BoxCounts.BOTH_ENDS_CUT, all[0], all[1], box, window, series, true);
        }
    }

    /** An upper bound from cell_week: the trips starting in the whole cells and in the cut cells. */
    private static boolean manyOrigins(Connection c, BoxCover cover) throws SQLException {
        Short[] precision = new Short[cover.precision.length];
        for (int i = 0; i < precision.length; i++) {
            precision[i] = cover.precision[i];
        }
        long[][] cut = cover.cutRangesAt(BoxCover.FINEST);
        try (PreparedStatement ps = c.prepareStatement(ORIGIN_TRIPS)) {
            ps.setArray(1, c.createArrayOf("int2", precision));
            ps.setArray(2, BoxCounts.longs(c, cover.cell));
            ps.setArray(3, BoxCounts.longs(c, cut[0]));
            ps.setArray(4, BoxCounts.longs(c, cut[1]));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) * SCAN_SHARE > rs.getLong(2);
            }
        }
    }

    private static void scan(Connection c, Box box, Window window, WeekSeries series) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SCAN)) {
            BoxCounts.bindBox(ps, 1, box);
            ps.setObject(5, window.from().atStartOfDay());
            ps.setObject(6, window.to().plusDays(1).atStartOfDay());
            BoxCounts.bindBox(ps, 7, box);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    series.addDay(rs.getObject(1, LocalDate.class), rs.getLong(2));
                }
            }
        }
    }
}
