package trips.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Names of the dimension tables to their ids; a name never stored is a 404. */
final class Lookup {

    private Lookup() {
    }

    static short region(Connection c, String name) throws SQLException {
        return id(c, "SELECT id FROM region WHERE name = ?", name, "region");
    }

    static short datasource(Connection c, String name) throws SQLException {
        return id(c, "SELECT id FROM datasource WHERE name = ?", name, "datasource");
    }

    private static short id(Connection c, String sql, String name, String what) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound(what + " '" + (name.length() <= 60 ? name : name.substring(0, 60) + "...")
                            + "' not found");
                }
                return rs.getShort(1);
            }
        }
    }
}
