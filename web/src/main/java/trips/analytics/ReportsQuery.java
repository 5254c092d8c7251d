package trips.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import javax.sql.DataSource;

/**
 * The region and data source lists and the two business questions of sql/questions.sql, answered
 * from region_datasource (trips and latest trip per region and data source) instead of trip. Ties
 * are broken by name so that an answer never depends on the order rows happen to come in.
 */
final class ReportsQuery {

    private static final String TOP_TWO_REGIONS = """
            SELECT r.id, r.name, sum(rd.trips) AS trips FROM region_datasource rd JOIN region r ON r.id = rd.region_id
            GROUP BY r.id, r.name HAVING sum(rd.trips) > 0 ORDER BY trips DESC, r.name LIMIT 2
            """;

    private static final String LATEST_DATASOURCE = """
            SELECT d.name, rd.last_trip FROM region_datasource rd JOIN datasource d ON d.id = rd.datasource_id
            WHERE rd.region_id = ANY (?) AND rd.trips > 0 ORDER BY rd.last_trip DESC, d.name LIMIT 1
            """;

    private static final String DATASOURCE_REGIONS = """
            SELECT r.name FROM region_datasource rd JOIN region r ON r.id = rd.region_id
            WHERE rd.datasource_id = ? AND rd.trips > 0 ORDER BY r.name
            """;

    // names enter their table as a file's batches load them; a file that then fails leaves the name
    // with no trips, and it must not show
    private static final String NAMES_WITH_TRIPS = """
            SELECT x.name, sum(rd.trips) FROM %1$s x JOIN region_datasource rd ON rd.%1$s_id = x.id
            GROUP BY x.name HAVING sum(rd.trips) > 0 ORDER BY x.name
            """;

    private final DataSource ds;

    ReportsQuery(DataSource ds) {
        this.ds = ds;
    }

    /** From the two regions with the most trips, the data source of the latest trip. */
    JsonObject latestDatasource() throws SQLException {
        return ReadTx.run(ds, c -> {
            JsonArray regions = new JsonArray();
            Short[] ids;
            try (PreparedStatement ps = c.prepareStatement(TOP_TWO_REGIONS); ResultSet rs = ps.executeQuery()) {
                java.util.List<Short> found = new java.util.ArrayList<>();
                while (rs.next()) {
                    found.add(rs.getShort(1));
                    regions.add(rs.getString(2));
                }
                ids = found.toArray(new Short[0]);
            }
            if (ids.length == 0) {
                throw ApiException.notFound("no trips stored yet");
            }
            try (PreparedStatement ps = c.prepareStatement(LATEST_DATASOURCE)) {
                ps.setArray(1, c.createArrayOf("int2", ids));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new JsonObject().put("regions", regions).put("datasource", rs.getString(1))
                            .put("at", rs.getObject(2, LocalDateTime.class).format(TripGroupsQuery.SECONDS));
                }
            }
        });
    }

    /** The regions in which the data source has trips, by name. */
    JsonObject datasourceRegions(String datasource) throws SQLException {
        return ReadTx.run(ds, c -> {
            short id = Lookup.datasource(c, datasource);
            JsonArray regions = new JsonArray();
            try (PreparedStatement ps = c.prepareStatement(DATASOURCE_REGIONS)) {
                ps.setShort(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        regions.add(rs.getString(1));
                    }
                }
            }
            return new JsonObject().put("datasource", datasource).put("regions", regions);
        });
    }

    JsonObject regions() throws SQLException {
        return new JsonObject().put("regions", namesWithTrips("region"));
    }

    JsonObject datasources() throws SQLException {
        return new JsonObject().put("datasources", namesWithTrips("datasource"));
    }

    /** @param table "region" or "datasource", never a request's text */
    private JsonArray namesWithTrips(String table) throws SQLException {
        return ReadTx.run(ds, c -> {
            JsonArray names = new JsonArray();
            try (PreparedStatement ps = c.prepareStatement(NAMES_WITH_TRIPS.formatted(table));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(new JsonObject().put("name", rs.getString(1)).put("trips", rs.getLong(2)));
                }
            }
            return names;
        });
    }
}
