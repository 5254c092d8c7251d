package trips.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.sql.DataSource;
import trips.analytics.AnalyticsParams.GroupsRequest;
import trips.enrich.Geohash;

/**
 * GET /api/trip-groups: the largest groups first (ties by region, cells and bucket, so pages are
 * stable). At the stored resolution the partial index trip_group_top_idx (groups of 10 trips or
 * more) serves the answer; coarser views sum trip_group at query time: counts, sums of
 * coordinates, first and last trip all roll up exactly.
 */
final class TripGroupsQuery {

    static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** Must equal the predicate of trip_group_top_idx (V2 migration), written as a literal for the planner. */
    private static final int INDEXED_MIN_TRIPS = 10;

    /** More than the 17 a double needs, so that a mean is rounded once, to the double. */
    private static final MathContext MEAN_DIGITS = new MathContext(25);

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

    /*
     * The stored sums are added as decimals (each double as the shortest decimal that reads back as
     * it), exactly and so in any order: added as doubles, their last digits followed the order that
     * parallel workers happened to add rows in, and the same request answered different bytes.
     */
    private static final String ROLL_UP = """
            SELECT r.name, %s FROM (
              SELECT region_id, origin_cell >> ? AS origin_cell, dest_cell >> ? AS dest_cell, tod_bucket / ? AS bucket,
                     sum(trips) AS trips, min(first_trip) AS first_trip, max(last_trip) AS last_trip,
                     sum(sum_origin_lon::text::numeric) AS sum_origin_lon, sum(sum_origin_lat::text::numeric) AS sum_origin_lat,
                     sum(sum_dest_lon::text::numeric) AS sum_dest_lon, sum(sum_dest_lat::text::numeric) AS sum_dest_lat
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

    private JsonArray rollUp(Connection c, Short regionId, GroupsRequest r) throws SQLException {
        int shift = 5 * (storedPrecision - r.precision());
        try (PreparedStatement ps = c.prepareStatement(regionId == null ? ROLL_UP_ALL : ROLL_UP_REGION)) {
            ps.setInt(1, shift);
            ps.setInt(2, shift);
            ps.setInt(3, r.bucketMinutes() / storedBucketMinutes);
            ps.setObject(4, regionId, java.sql.Types.SMALLINT);
            ps.setLong(5, r.minTrips());
            ps.setInt(6, r.limit());
            return read(ps, r);
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
                        .put("meanOrigin", point(mean(rs, 9, trips), mean(rs, 10, trips)))
                        .put("meanDestination", point(mean(rs, 11, trips), mean(rs, 12, trips))));
            }
        }
        return groups;
    }

    /** A sum over trips divided in decimal, then rounded once to the nearest double. */
    private static double mean(ResultSet rs, int column, long trips) throws SQLException {
        return rs.getBigDecimal(column).divide(BigDecimal.valueOf(trips), MEAN_DIGITS).doubleValue();
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
