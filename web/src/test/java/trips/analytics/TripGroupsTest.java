package trips.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import trips.enrich.Geohash;
import trips.events.IngestionEvent;
import trips.ingest.AggregateChecks;
import trips.testing.IngestionFixture;

/** Groups of generated trips in two files, checked against a GROUP BY over trip at each resolution. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TripGroupsTest {

    private IngestionFixture fx;
    private AnalyticsServer api;
    private long trips;

    @BeforeAll
    void ingestTwoFiles() throws Exception {
        fx = new IngestionFixture(Map.of("trips.ingest.batch-size", "5000"));
        for (int i = 0; i < 2; i++) {
            assertThat(GeneratedTrips.ingest(fx, "groups-" + i + ".csv", 30_000, 100 + i).type())
                    .isEqualTo(IngestionEvent.Type.COMPLETED);
        }
        api = new AnalyticsServer(fx);
        trips = fx.db.count("SELECT count(*) FROM trip");
    }

    @AfterAll
    void close() throws Exception {
        AnalyticsServer.close(api, fx);
    }

    @Test
    void should_count_every_trip_in_exactly_one_group() throws Exception {
        assertThat(trips).isEqualTo(60_000);
        assertThat(fx.db.count("SELECT sum(trips) FROM trip_group")).isEqualTo(trips);
        assertThat(fx.db.count(AggregateChecks.GROUPS_DIFFERING)).isZero();
        // the whole day at precision 1: so few groups that the answer holds them all
        JsonArray all = api.json("/api/trip-groups?precision=1&bucketMinutes=1440&limit=1000").getJsonArray("groups");
        assertThat(all.size()).isLessThan(1000);
        assertThat(all.stream().mapToLong(g -> ((JsonObject) g).getLong("trips")).sum()).isEqualTo(trips);
    }

    @ParameterizedTest(name = "precision {0}, {1} min, region {2}, minTrips {3}, limit {4}")
    @CsvSource(nullValues = "-", textBlock = """
            6, 30,   -,     1,  50
            6, 30,   Alpha, 1,  20
            6, 30,   -,     12, 100
            6, 30,   -,     1,  1000
            6, 30,   Gamma, 2,  1000
            5, 30,   -,     1,  50
            5, 60,   Beta,  1,  200
            4, 120,  -,     1,  50
            6, 1440, -,     3,  1000
            3, 480,  -,     1,  1000
            """)
    void should_equal_a_group_by_over_trips_at_that_resolution(int precision, int minutes, String region, long minTrips,
                                                               int limit) throws Exception {
        String query = "/api/trip-groups?precision=" + precision + "&bucketMinutes=" + minutes + "&minTrips=" + minTrips
                + "&limit=" + limit + (region == null ? "" : "&region=" + region);
        JsonArray groups = api.json(query).getJsonArray("groups");
        List<Object[]> expected = groupBy(precision, minutes, region, minTrips, limit);
        assertThat(groups).as(query).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Object[] e = expected.get(i);
            JsonObject g = groups.getJsonObject(i);
            long n = (long) e[4];
            String at = query + " #" + i;
            assertThat(g.getString("region")).as(at).isEqualTo(e[0]);
            assertThat(g.getJsonObject("origin").getString("geohash")).as(at).isEqualTo(Geohash.text((long) e[1], precision));
            assertThat(g.getJsonObject("destination").getString("geohash")).as(at).isEqualTo(Geohash.text((long) e[2], precision));
            int bucket = (int) e[3];
            assertThat(g.getJsonObject("timeOfDay").getString("from")).as(at).isEqualTo(clock(bucket * minutes));
            assertThat(g.getJsonObject("timeOfDay").getString("to")).as(at).isEqualTo(clock((bucket + 1) * minutes));
            assertThat(g.getLong("trips")).as(at).isEqualTo(n);
            assertThat(g.getString("firstTrip")).as(at).isEqualTo(((LocalDateTime) e[5]).format(TripGroupsQuery.SECONDS));
            assertThat(g.getString("lastTrip")).as(at).isEqualTo(((LocalDateTime) e[6]).format(TripGroupsQuery.SECONDS));
            assertThat(g.getJsonObject("meanOrigin").getDouble("lon")).as(at).isCloseTo((double) e[7] / n, within(1e-9));
            assertThat(g.getJsonObject("meanOrigin").getDouble("lat")).as(at).isCloseTo((double) e[8] / n, within(1e-9));
            assertThat(g.getJsonObject("meanDestination").getDouble("lon")).as(at).isCloseTo((double) e[9] / n, within(1e-9));
            assertThat(g.getJsonObject("meanDestination").getDouble("lat")).as(at).isCloseTo((double) e[10] / n, within(1e-9));
            double[] centre = Geohash.centre((long) e[1], 5 * precision);
            assertThat(g.getJsonObject("origin").getDouble("lon")).as(at).isEqualTo(centre[0]);
        }
        if (precision == 6 && minutes == 30 && limit <= 100) {
            assertThat(groups.getJsonObject(0).getLong("trips")).as("the biggest groups are big").isGreaterThanOrEqualTo(10);
        }
    }

    private List<Object[]> groupBy(int precision, int minutes, String region, long minTrips, int limit) throws Exception {
        String sql = "SELECT r.name, t.origin_cell >> ? o, t.dest_cell >> ? d, t.tod_bucket / ? b, count(*), min(datetime),"
                + " max(datetime), sum(origin_lon), sum(origin_lat), sum(dest_lon), sum(dest_lat)"
                + " FROM trip t JOIN region r ON r.id = t.region_id WHERE r.name = coalesce(?, r.name)"
                + " GROUP BY t.region_id, r.name, 2, 3, 4 HAVING count(*) >= ?"
                + " ORDER BY count(*) DESC, t.region_id, 2, 3, 4 LIMIT ?";
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = fx.db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, 60 - 5 * precision);
            ps.setInt(2, 60 - 5 * precision);
            ps.setInt(3, minutes / 30);
            ps.setString(4, region);
            ps.setLong(5, minTrips);
            ps.setInt(6, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getLong(5),
                        rs.getObject(6, LocalDateTime.class), rs.getObject(7, LocalDateTime.class), rs.getDouble(8),
                        rs.getDouble(9), rs.getDouble(10), rs.getDouble(11)});
                }
            }
        }
        return rows;
    }

    private static String clock(int minutes) {
        return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }
}
