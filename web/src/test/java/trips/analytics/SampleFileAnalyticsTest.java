package trips.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import trips.events.IngestionEvent;
import trips.ingest.AggregateChecks;
import trips.testing.IngestionFixture;

/** The real 100-row sample through the real engine, then every analytics answer DESIGN promises for it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleFileAnalyticsTest {

    private IngestionFixture fx;
    private AnalyticsServer api;

    @BeforeAll
    void ingestSample() throws Exception {
        fx = new IngestionFixture();
        Path sample = Files.createTempFile("trips", ".csv");
        try (InputStream in = SampleFileAnalyticsTest.class.getResourceAsStream("/trips.csv")) {
            Files.copy(in, sample, StandardCopyOption.REPLACE_EXISTING);
        }
        fx.drop(sample, "trips.csv");
        Files.delete(sample);
        assertThat(fx.awaitEnd("trips.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        api = new AnalyticsServer(fx);
    }

    @AfterAll
    void close() throws Exception {
        AnalyticsServer.close(api, fx);
    }

    @Test
    void should_answer_from_the_small_aggregates_while_box_queries_hold_every_worker() throws Exception {
        try (java.sql.Connection blocker = fx.db.connect(); java.sql.Statement s = blocker.createStatement()) {
            // boxes read cell_week: while the test holds it, every box query holds its worker
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE cell_week IN ACCESS EXCLUSIVE MODE");
            java.util.List<java.util.concurrent.CompletableFuture<AnalyticsServer.Reply>> boxes =
                    java.util.stream.IntStream.range(0, AnalyticsApi.WORKERS + 1)
                            .mapToObj(i -> api.getAsync("/api/weekly-average?bbox=14.2,49.9,14.8,50.2")).toList();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> fx.db.count(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND wait_event_type = 'Lock'") >= AnalyticsApi.WORKERS);

            assertThat(api.getAsync("/api/regions").get(10, java.util.concurrent.TimeUnit.SECONDS).body()).contains("Prague");
            assertThat(api.getAsync("/api/weekly-average?region=Prague").get(10, java.util.concurrent.TimeUnit.SECONDS)
                    .json().getDouble("weeklyAverage")).isEqualTo(6.8);
            assertThat(api.getAsync("/api/reports/latest-datasource").get(10, java.util.concurrent.TimeUnit.SECONDS)
                    .status()).isEqualTo(200);

            blocker.rollback();
            for (var box : boxes) {
                assertThat(box.get(60, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void should_answer_the_design_weekly_averages_over_five_iso_weeks() throws Exception {
        assertRegion("Prague", 34, 6.8, List.of(10, 8, 8, 5, 3));
        assertRegion("Turin", 38, 7.6, List.of(8, 6, 6, 14, 4));
        assertRegion("Hamburg", 28, 5.6, List.of(5, 6, 5, 7, 5));
    }

    private void assertRegion(String region, long trips, double average, List<Integer> perWeek) throws Exception {
        JsonObject a = api.json("/api/weekly-average?region=" + region);
        assertThat(a.getJsonObject("area").getString("region")).isEqualTo(region);
        assertThat(a.getString("from")).isEqualTo("2018-05-01");
        assertThat(a.getString("to")).isEqualTo("2018-05-31");
        assertThat(a.getInteger("weeks")).isEqualTo(5);
        assertThat(a.getLong("trips")).isEqualTo(trips);
        assertThat(a.getDouble("weeklyAverage")).isEqualTo(average);
        JsonArray series = a.getJsonArray("series");
        assertThat(series.stream().map(w -> ((JsonObject) w).getString("week")))
                .containsExactly("2018-W18", "2018-W19", "2018-W20", "2018-W21", "2018-W22");
        assertThat(series.stream().map(w -> ((JsonObject) w).getString("start")))
                .containsExactly("2018-04-30", "2018-05-07", "2018-05-14", "2018-05-21", "2018-05-28");
        assertThat(series.stream().map(w -> ((JsonObject) w).getInteger("trips"))).containsExactlyElementsOf(perWeek);
    }

    @Test
    void should_count_a_box_around_a_whole_region_like_the_region() throws Exception {
        // every Prague trip starts inside this box and no other region's does
        JsonObject a = api.json("/api/weekly-average?bbox=14.0,49.8,14.9,50.3");
        assertThat(a.getLong("trips")).isEqualTo(34);
        assertThat(a.getDouble("weeklyAverage")).isEqualTo(6.8);
        assertThat(a.getJsonObject("area").getString("match")).isEqualTo("origin");
    }

    @Test
    void should_answer_the_two_business_questions() throws Exception {
        assertThat(api.json("/api/reports/latest-datasource")).isEqualTo(new JsonObject()
                .put("regions", new JsonArray().add("Turin").add("Prague"))
                .put("datasource", "pt_search_app").put("at", "2018-05-31T06:20:59"));
        assertThat(api.json("/api/reports/datasource-regions?datasource=cheap_mobile")).isEqualTo(new JsonObject()
                .put("datasource", "cheap_mobile").put("regions", new JsonArray().add("Hamburg").add("Prague").add("Turin")));
    }

    @Test
    void should_list_regions_and_datasources_with_their_trip_counts() throws Exception {
        assertThat(api.json("/api/regions").getJsonArray("regions")).isEqualTo(new JsonArray()
                .add(named("Hamburg", 28)).add(named("Prague", 34)).add(named("Turin", 38)));
        assertThat(api.json("/api/datasources").getJsonArray("datasources")).isEqualTo(new JsonArray()
                .add(named("baba_car", 16)).add(named("bad_diesel_vehicles", 18)).add(named("cheap_mobile", 33))
                .add(named("funny_car", 13)).add(named("pt_search_app", 20)));
    }

    private static JsonObject named(String name, long trips) {
        return new JsonObject().put("name", name).put("trips", trips);
    }

    @Test
    void should_show_groups_with_cells_time_of_day_and_means() throws Exception {
        JsonArray groups = api.json("/api/trip-groups?limit=1000").getJsonArray("groups");
        assertThat(groups.stream().mapToLong(g -> ((JsonObject) g).getLong("trips")).sum()).isEqualTo(100);
        JsonObject g = groups.getJsonObject(0);
        assertThat(g.getJsonObject("origin").getString("geohash")).hasSize(6);
        assertThat(g.getJsonObject("timeOfDay").getString("from")).matches("\\d\\d:[03]0");
        assertThat(g.getString("firstTrip")).matches("2018-05-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        // the mean of a group's origins lies in its origin cell
        JsonObject cell = g.getJsonObject("origin");
        assertThat(g.getJsonObject("meanOrigin").getDouble("lon")).isCloseTo(cell.getDouble("lon"), org.assertj.core.data.Offset.offset(0.006));
        assertThat(g.getJsonObject("meanOrigin").getDouble("lat")).isCloseTo(cell.getDouble("lat"), org.assertj.core.data.Offset.offset(0.003));
    }

    @Test
    void should_keep_every_analytics_aggregate_equal_to_a_group_by_over_trips() throws Exception {
        assertThat(fx.db.count(AggregateChecks.REGION_DAYS_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.REGION_DATASOURCES_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.CELL_WEEKS_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.LOAD_TABLES_LEFT)).isZero();
        assertThat(fx.db.count(AggregateChecks.COMPLETED_NOT_MERGED)).isZero();
    }
}
