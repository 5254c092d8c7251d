package trips.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import javax.sql.DataSource;
import trips.analytics.AnalyticsParams.WeeklyRequest;

/**
 * GET /api/weekly-average (DESIGN section 4, "Weekly average, exactly"). The window's trips are
 * those whose date (datetime as written) lies in [from, to]; the denominator is the number of ISO
 * weeks the window touches, including weeks without a trip and weeks the window only partly covers.
 * Without from or to, the window runs from the first to the last trip day of the whole data set.
 * Regions are answered from region_day, boxes by {@link BoxCounts}.
 */
final class WeeklyAverageQuery {

    private final DataSource ds;
    private final SharedSnapshot snapshot;

    WeeklyAverageQuery(DataSource ds) {
        this.ds = ds;
        this.snapshot = new SharedSnapshot(ds);
    }

    JsonObject answer(WeeklyRequest r) throws SQLException {
        return ReadTx.run(ds, c -> {
            Short regionId = r.region() == null ? null : Lookup.region(c, r.region());
            JsonObject answer = new JsonObject().put("area", area(r));
            Window window = window(c, r);
            if (window == null) {
                // nothing stored and no window given: there is no week to average over
                return answer.put("from", null).put("to", null).put("weeks", 0).put("trips", 0)
                        .put("weeklyAverage", 0.0).put("series", new JsonArray());
            }
            WeekSeries series = new WeekSeries(window);
            if (regionId != null) {
                regionDays(c, regionId, window, series);
            } else {
                BoxCover cover = BoxCounts.count(c, snapshot, r.box(), r.match(), window, series);
                answer.put("cover", new JsonObject().put("wholeCells", cover.cell.length)
                        .put("cutRanges", cover.lo.length));
            }
            long trips = series.total();
            long weeks = window.weeks();
            return answer.put("from", window.from().toString()).put("to", window.to().toString())
                    .put("weeks", weeks).put("trips", trips).put("weeklyAverage", (double) trips / weeks)
                    .put("series", series.toJson());
        });
    }

    private static JsonObject area(WeeklyRequest r) {
        if (r.region() != null) {
            return new JsonObject().put("region", r.region());
        }
        return new JsonObject()
                .put("bbox", new JsonArray().add(r.box().minLon()).add(r.box().minLat())
                        .add(r.box().maxLon()).add(r.box().maxLat()))
                .put("match", r.match().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The asked window, its missing ends taken from the first and last trip of the whole data set. */
    private static Window window(Connection c, WeeklyRequest r) throws SQLException {
        LocalDate from = r.from();
        LocalDate to = r.to();
        if (from == null || to == null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT min(day), max(day) FROM region_day");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                LocalDate first = rs.getObject(1, LocalDate.class);
                LocalDate last = rs.getObject(2, LocalDate.class);
                if (first == null) {
                    if (from == null && to == null) {
                        return null;
                    }
                    first = from != null ? from : to;
                    last = first;
                }
                if (from == null && to != null && to.isBefore(first)) {
                    throw ApiException.badRequest("to " + to + " is before the first trip's day " + first
                            + ", where from starts when not given");
                }
                if (to == null && from != null && from.isAfter(last)) {
                    throw ApiException.badRequest("from " + from + " is after the last trip's day " + last
                            + ", where to ends when not given");
                }
                from = from != null ? from : first;
                to = to != null ? to : last;
            }
        }
        Window window = new Window(from, to);
        if (window.weeks() > WeekSeries.MAX_WEEKS) {
            throw ApiException.badRequest("from " + from + " to " + to + " spans " + window.weeks()
                    + " weeks; at most " + WeekSeries.MAX_WEEKS);
        }
        return window;
    }

    private static void regionDays(Connection c, short regionId, Window window, WeekSeries series)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT day, trips FROM region_day WHERE region_id = ? AND day BETWEEN ? AND ?")) {
            ps.setShort(1, regionId);
            ps.setObject(2, window.from());
            ps.setObject(3, window.to());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    series.addDay(rs.getObject(1, LocalDate.class), rs.getLong(2));
                }
            }
        }
    }
}
