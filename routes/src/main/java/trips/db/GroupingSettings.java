package trips.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import trips.TripsConfig;
import trips.enrich.TripEnricher;

/**
 * Stored cells and buckets only mean something with the precision and bucket size they were made
 * with: the first start records them, later starts refuse settings that would contradict the data.
 */
final class GroupingSettings {

    private GroupingSettings() {
    }

    static void verify(DataSource ds, TripsConfig config) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO grouping_setting (cell_bits, group_precision,"
                    + " bucket_minutes) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                ins.setInt(1, TripEnricher.CELL_BITS);
                ins.setInt(2, config.groupPrecision());
                ins.setInt(3, config.bucketMinutes());
                ins.executeUpdate();
            }
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT cell_bits, group_precision, bucket_minutes FROM grouping_setting");
                 ResultSet rs = q.executeQuery()) {
                rs.next();
                if (rs.getInt(1) != TripEnricher.CELL_BITS || rs.getInt(2) != config.groupPrecision()
                        || rs.getInt(3) != config.bucketMinutes()) {
                    throw new IllegalStateException("the database was set up for groups of precision " + rs.getInt(2)
                            + " and " + rs.getInt(3) + "-minute buckets, but trips.group.precision="
                            + config.groupPrecision() + " and trips.group.bucket-minutes=" + config.bucketMinutes()
                            + "; use the stored values or a new database");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check grouping settings: " + e.getMessage(), e);
        }
    }
}
