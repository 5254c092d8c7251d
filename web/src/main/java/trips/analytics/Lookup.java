package trips.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import trips.web.Replies;

/**
 * Names of the dimension tables to their ids; a name without trips of a completed file is a 404: a
 * name enters its table as a file's batches load, and stays there if that file then fails.
 */
final class Lookup {

    private static final String WITH_TRIPS =
            " AND EXISTS (SELECT 1 FROM region_datasource rd WHERE rd.%s_id = x.id AND rd.trips > 0)";

    private Lookup() {
    }

    static short region(Connection c, String name) throws SQLException {
        return id(c, "region", name);
    }

    static short datasource(Connection c, String name) throws SQLException {
        return id(c, "datasource", name);
    }

    private static short id(Connection c, String table, String name) throws SQLException {
        String withTrips = WITH_TRIPS.formatted(table);
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " x WHERE name = ?" + withTrips)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getShort(1);
                }
            }
        }
        // names are stored as written and compared exactly; "prague" for "Prague" is the likely slip
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM " + table + " x WHERE lower(name) = lower(?)"
                + withTrips + " ORDER BY name LIMIT 1")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                String hint = rs.next() ? "; did you mean '" + Replies.clip(rs.getString(1)) + "'?" : "";
                throw ApiException.notFound(table + " '" + Replies.clip(name) + "' not found" + hint);
            }
        }
    }
}
