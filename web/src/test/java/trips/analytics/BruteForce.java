package trips.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import trips.testing.TestDatabase;

/**
 * The weekly average the slow, obvious way: a count over every row of trip, and the number of ISO
 * weeks from generate_series. What the API answers must equal this, trip for trip.
 */
final class BruteForce {

    record Answer(LocalDate from, LocalDate to, long weeks, long trips, Map<LocalDate, Long> perWeek) {
    }

    private final TestDatabase db;

    BruteForce(TestDatabase db) {
        this.db = db;
    }

    Answer region(String region, LocalDate from, LocalDate to) throws SQLException {
        return answer("region_id = (SELECT id FROM region WHERE name = ?)", new Object[] {region}, from, to);
    }

    /** @param match origin, destination or both */
    Answer box(Box b, String match, LocalDate from, LocalDate to) throws SQLException {
        String origin = "origin_lon BETWEEN ? AND ? AND origin_lat BETWEEN ? AND ?";
        String dest = "dest_lon BETWEEN ? AND ? AND dest_lat BETWEEN ? AND ?";
        Object[] one = {b.minLon(), b.maxLon(), b.minLat(), b.maxLat()};
        return switch (match) {
            case "origin" -> answer(origin, one, from, to);
            case "destination" -> answer(dest, one, from, to);
            default -> answer(origin + " AND " + dest, new Object[] {b.minLon(), b.maxLon(), b.minLat(), b.maxLat(),
                b.minLon(), b.maxLon(), b.minLat(), b.maxLat()}, from, to);
        };
    }

    private Answer answer(String where, Object[] params, LocalDate from, LocalDate to) throws SQLException {
        try (Connection c = db.connect()) {
            if (from == null || to == null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT min(datetime)::date, max(datetime)::date FROM trip");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    from = from != null ? from : rs.getObject(1, LocalDate.class);
                    to = to != null ? to : rs.getObject(2, LocalDate.class);
                }
            }
            Map<LocalDate, Long> perWeek = new HashMap<>();
            long trips = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT date_trunc('week', datetime)::date, count(*) FROM trip"
                    + " WHERE " + where + " AND datetime >= ? AND datetime < ? GROUP BY 1")) {
                int i = 1;
                for (Object p : params) {
                    ps.setObject(i++, p);
                }
                ps.setObject(i++, from.atStartOfDay());
                ps.setObject(i, to.plusDays(1).atStartOfDay());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        perWeek.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
                        trips += rs.getLong(2);
                    }
                }
            }
            long weeks;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM generate_series("
                    + "date_trunc('week', ?::date), date_trunc('week', ?::date), interval '1 week')")) {
                ps.setObject(1, from);
                ps.setObject(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    weeks = rs.getLong(1);
                }
            }
            return new Answer(from, to, weeks, trips, perWeek);
        }
    }
}
