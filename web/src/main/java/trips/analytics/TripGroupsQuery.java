package trips.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.sql.DataSource;
import trips.analytics.AnalyticsParams.GroupsRequest;
import trips.enrich.Geohash;

/**
 * GET /api/trip-groups: the largest groups first (ties by region, cells and bucket, so pages are
 * stable). At the stored resolution the partial index trip_group_top_idx (groups of 10 trips or
 * more) serves the answer; coarser views sum trip_group at query time: counts, first and last
 * trip roll up exactly, the coordinates' sums (doubles) in one order, so an answer does not change
 * while the data does not.
 */
final class TripGroupsQuery {

    static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** Must equal the predicate of trip_group_top_idx (V2 migration), written as a literal for the planner. */
    private static final int INDEXED_MIN_TRIPS = 10;

    private static final String COLUMNS = "g.region_id, g.origin_cell, g.dest_cell, g.bucket, g.trips, g.first_trip,"
            + " g.last_trip, g.sum_origin_lon, g.sum_origin_lat, g.sum_dest_lon, g.sum_dest_lat";

    private static final String TOP = """
            SELECT r.name, %2$s FROM region r
            CROSS JOIN LATERAL (
              SELECT g.*, g.tod_bucket AS bucket FROM trip_group g
              WHERE g.region_id = r.id AND g.trips >= ? %1$s
              ORDER BY g.trips DESC, g.origin_cell, g.dest_cell, g.tod_bucket LIMIT ?) g
            WHERE r.id = coalesce(?, r.id)
            ORDER BY g.trips DESC, g.region_id, g.origin_cell, g.dest_cell, g.bucket LIMIT ?
            """;
    private static final String TOP_INDEXED = TOP.formatted("AND g.trips >= " + INDEXED_MIN_TRIPS, COLUMNS);
    private static final String TOP_SCANNED = TOP.formatted("", COLUMNS);

    private static final String ROLL_UP = """
            SELECT r.name, %s FROM (
              SELECT region_id, origin_cell >> ? AS origin_cell, dest_cell >> ? AS dest_cell, tod_bucket / ? AS bucket,
                     sum(trips) AS trips, min(first_trip) AS first_trip, max(last_trip) AS last_trip,
                     sum(sum_origin_lon) AS sum_origin_lon, sum(sum_origin_lat) AS sum_origin_lat,
                     sum(sum_dest_lon) AS sum_dest_lon, sum(sum_dest_lat) AS sum_dest_lat
              FROM trip_group %s
              GROUP BY 1, 2, 3, 4 HAVING sum(trips) >= ?
              ORDER BY 5 DESC, 1, 2, 3, 4 LIMIT ?) g
            JOIN region r ON r.id = g.region_id
            ORDER BY g.trips DESC, g.region_id, g.origin_cell, g.dest_cell, g.bucket
            """;
    // two texts rather than "region_id = coalesce(?, region_id)", which a generic plan cannot index;
    // "? IS NULL" only keeps the parameter positions of the two the same
    private static final String ROLL_UP_ALL = ROLL_UP.formatted(COLUMNS, "WHERE ? IS NULL");
    private static final String ROLL_UP_REGION = ROLL_UP.formatted(COLUMNS, "WHERE region_id = ?");

    private final DataSource ds;
    private final int storedPrecision;
    private final int storedBucketMinutes;

    TripGroupsQuery(DataSource ds, int storedPrecision, int storedBucketMinutes) {
        this.ds = ds;
        this.storedPrecision = storedPrecision;
        this.storedBucketMinutes = storedBucketMinutes;
    }

    JsonObject answer(GroupsRequest r) throws SQLException {
        return ReadTx.run(ds, c -> {
            Short regionId = r.region() == null ? null : Lookup.region(c, r.region());
            JsonArray groups;
            if (r.precision() == storedPrecision && r.bucketMinutes() == storedBucketMinutes) {
                groups = top(c, TOP_INDEXED, regionId, r);
                if (groups.size() < r.limit() && r.minTrips() < INDEXED_MIN_TRIPS) {
                    // fewer big groups than asked for: the small ones are not in the index
                    groups = top(c, TOP_SCANNED, regionId, r);
                }
            } else {
                groups = rollUp(c, regionId, r);
            }
            return new JsonObject().put("region", r.region()).put("precision", r.precision())
                    .put("bucketMinutes", r.bucketMinutes()).put("limit", r.limit()).put("minTrips", r.minTrips())
                    .put("groups", groups);
        });
    }

    private JsonArray top(Connection c, String sql, Short regionId, GroupsRequest r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, r.minTrips());
            ps.setInt(2, r.limit());
            ps.setObject(3, regionId, java.sql.Types.SMALLINT);
            ps.setInt(4, r.limit());
            return read(ps, r);
        }
    }

    /**
     * The stored groups' coordinate sums are added by one process, in the table's order: split among
     * parallel workers, their last digits followed the order the workers happened to add rows in, and
     * the same request answered different bytes. Measured on the 4.6M groups of a 10M-trip file (the
     * 50 largest at precision 5 and 60 minutes): 2.1 to 2.3 s in one process against 2.2 to 2.5 s
     * in parallel on this 2-core machine; summed as decimals instead (exact in any order), 4.2 to 4.6 s.
     * A concurrent scan of the same table would start this one where it is (synchronized scans).
     */
    private static void addInOneOrder(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            s.execute("SET LOCAL synchronize_seqscans = off");
        }
    }

    private JsonArray rollUp(Connection c, Short regionId, GroupsRequest r) throws SQLException {
        try (PreparedStatement ps = rollUp(c, "", regionId, r)) {
            return read(ps, r);
        }
    }

    /** The roll-up with its parameters bound, the connection set to add in one order; "EXPLAIN " before it shows its plan. */
    PreparedStatement rollUp(Connection c, String prefix, Short regionId, GroupsRequest r) throws SQLException {
        addInOneOrder(c);
        int shift = 5 * (storedPrecision - r.precision());
        PreparedStatement ps = c.prepareStatement(prefix + (regionId == null ? ROLL_UP_ALL : ROLL_UP_REGION));
        try {
            ps.setInt(1, shift);
            ps.setInt(2, shift);
            ps.setInt(3, r.bucketMinutes() / storedBucketMinutes);
            ps.setObject(4, regionId, java.sql.Types.SMALLINT);
            ps.setLong(5, r.minTrips());
            ps.setInt(6, r.limit());
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    private JsonArray read(PreparedStatement ps, GroupsRequest r) throws SQLException {
        JsonArray groups = new JsonArray();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long trips = rs.getLong(6);
                int bucket = rs.getInt(5);
                groups.add(new JsonObject()
                        .put("region", rs.getString(1))
                        .put("origin", cell(rs.getLong(3), r.precision()))
                        .put("destination", cell(rs.getLong(4), r.precision()))
                        .put("timeOfDay", new JsonObject().put("from", clock(bucket * r.bucketMinutes()))
                                .put("to", clock((bucket + 1) * r.bucketMinutes())))
                        .put("trips", trips)
                        .put("firstTrip", rs.getObject(7, LocalDateTime.class).format(SECONDS))
                        .put("lastTrip", rs.getObject(8, LocalDateTime.class).format(SECONDS))
                        .put("meanOrigin", point(rs.getDouble(9) / trips, rs.getDouble(10) / trips))
                        .put("meanDestination", point(rs.getDouble(11) / trips, rs.getDouble(12) / trips)));
            }
        }
        return groups;
    }

    private static JsonObject cell(long cell, int precision) {
        double[] centre = Geohash.centre(cell, 5 * precision);
        return point(centre[0], centre[1]).put("geohash", Geohash.text(cell, precision));
    }

    private static JsonObject point(double lon, double lat) {
        return new JsonObject().put("lon", lon).put("lat", lat);
    }

    /** "08:30"; the end of the last bucket of the day is "24:00". */
    private static String clock(int minutes) {
        return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
    }
}
