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
        return id(c, "SELECT id FROM region x WHERE name = ?" + WITH_TRIPS.formatted("region"), name, "region");
    }

    static short datasource(Connection c, String name) throws SQLException {
        return id(c, "SELECT id FROM datasource x WHERE name = ?" + WITH_TRIPS.formatted("datasource"), name, "datasource");
    }

    private static short id(Connection c, String sql, String name, String what) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound(what + " '" + Replies.clip(name)
                            + "' not found");
                }
                return rs.getShort(1);
            }
        }
    }
}
