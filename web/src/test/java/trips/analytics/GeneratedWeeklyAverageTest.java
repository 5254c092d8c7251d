package trips.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import trips.events.IngestionEvent;
import trips.ingest.AggregateChecks;
import trips.testing.IngestionFixture;

/**
 * Five months of generated trips in small batches, then weekly averages for regions and boxes of
 * every kind, each compared with a brute-force count over trip: the aggregates plus the cut cells
 * must add up to exactly the same trips, weeks and series.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedWeeklyAverageTest {

    private static final int ROWS = 120_000;
    /** Two files: a big one (a partition of its own), then a small one (the shared partition). */
    private static final int FIRST_ROWS = 100_000;
    /** Low enough that some cells are dense after the first file and others only with the second. */
    private static final long DENSE_CELL_TRIPS = 60;
    private static final String[] MATCHES = {"origin", "destination", "both"};
    /** from/to pairs: none, weeks cut at both ends, reaching before and after the data, one end only. */
    private static final String[][] WINDOWS = {
        {null, null}, {"2018-02-07", "2018-03-16"}, {"2017-12-20", "2018-01-10"}, {"2018-05-30", "2018-06-12"},
        {"2018-04-04", null}, {null, "2018-02-01"}, {"2018-03-01", "2018-03-01"},
    };

    private IngestionFixture fx;
    private AnalyticsServer api;
    private BruteForce brute;
    private final List<double[]> trips = new ArrayList<>();

    @BeforeAll
    void ingestGeneratedTrips() throws Exception {
        // the first file becomes a partition of trip of its own, so that boxes read its bulk-built
        // point indexes; the second is copied into the partition small files share
        fx = new IngestionFixture(Map.of("trips.ingest.batch-size", "7000", "trips.ingest.partition-rows", "50000",
                "trips.ingest.dense-cell-trips", Long.toString(DENSE_CELL_TRIPS)));
        ingest("first.csv", FIRST_ROWS, 42);
        ingest("second.csv", ROWS - FIRST_ROWS, 43);
        api = new AnalyticsServer(fx);
        brute = new BruteForce(fx.db);
        try (Connection c = fx.db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT origin_lon, origin_lat, dest_lon, dest_lat FROM trip"
                     + " ORDER BY datetime, origin_lon, origin_lat LIMIT 5000")) {
            while (rs.next()) {
                trips.add(new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
            }
        }
    }

    private void ingest(String name, int rows, long seed) throws Exception {
        IngestionEvent end = GeneratedTrips.ingest(fx, name, rows, seed);
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsLoaded()).isEqualTo(rows);
    }

    @AfterAll
    void close() throws Exception {
        AnalyticsServer.close(api, fx);
    }

    @Test
    void should_keep_the_analytics_aggregates_equal_to_a_group_by_over_trips() throws Exception {
        assertThat(fx.db.count(AggregateChecks.REGION_DAYS_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.REGION_DATASOURCES_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.CELL_WEEKS_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.LOAD_TABLES_LEFT)).isZero();
        assertThat(fx.db.count(AggregateChecks.COMPLETED_NOT_MERGED)).isZero();
    }

    @Test
    void should_count_dense_cells_per_finer_cell_including_the_earlier_files_trips() throws Exception {
        assertThat(fx.db.count(AggregateChecks.denseCellsDiffering(DENSE_CELL_TRIPS))).isZero();
        assertThat(fx.db.count("SELECT count(*) FROM dense_cell")).isPositive();
        // cells that only the second file made dense: their first-file trips were counted per
        // precision-8 cell when that file completed (CELL_WEEKS_DIFFERING checks the counts)
        long firstId = fx.events.terminal("first.csv").id();
        assertThat(fx.db.count("SELECT count(*) FROM dense_cell d WHERE (SELECT count(*) FROM trip t"
                + " WHERE t.ingestion_id = " + firstId
                + " AND (CASE d.side WHEN 'o' THEN t.origin_cell ELSE t.dest_cell END) >> 25 = d.cell)"
                + " BETWEEN 1 AND " + (DENSE_CELL_TRIPS - 1))).isPositive();
        assertThat(fx.db.count("SELECT count(*) FROM cell_week WHERE precision = 8")).isPositive();
    }

    @Test
    void should_answer_boxes_over_dense_cells_from_their_finer_cells_exactly() throws Exception {
        List<double[]> inDense = new ArrayList<>();
        try (Connection c = fx.db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT origin_lon, origin_lat FROM trip WHERE origin_cell >> 25 IN"
                     + " (SELECT cell FROM dense_cell WHERE side = 'o') ORDER BY datetime, origin_lon LIMIT 10")) {
            while (rs.next()) {
                inDense.add(new double[] {rs.getDouble(1), rs.getDouble(2)});
            }
        }
        assertThat(inDense).hasSize(10);
        for (double[] t : inDense) {
            // smaller than a precision-7 cell is wide, so the box's edges cut the trip's dense cell
            Box b = new Box(t[0] - 0.0005, t[1] - 0.0003, t[0] + 0.0007, t[1] + 0.0004);
            JsonObject cover = api.json("/api/weekly-average?bbox=" + b.minLon() + "," + b.minLat() + ","
                    + b.maxLon() + "," + b.maxLat() + "&match=origin").getJsonObject("cover");
            // the answer counted precision-8 cells inside the box, which the plain cover cannot hold
            assertThat(cover.getInteger("wholeCells")).as("box %s", b).isGreaterThan(BoxCover.of(b).cell.length);
            assertBox(b, "origin", WINDOWS[0]);
            assertBox(b, "origin", WINDOWS[1]);
        }
    }

    @Test
    void should_read_a_box_s_whole_cells_by_their_key_while_cell_week_has_no_statistics() throws Exception {
        // nothing ANALYZEs cell_week (autovacuum is off on these machines): the plans of the first
        // questions after a load, which once read every row of a side for a 0.1-degree box
        assertThat(fx.db.count("SELECT count(*) FROM pg_stats WHERE tablename = 'cell_week'")).isZero();
        double[] t = trips.get(0);
        BoxCover cover = BoxCover.of(new Box(t[0] - 0.05, t[1] - 0.025, t[0] + 0.05, t[1] + 0.025));
        assertThat(cover.cell.length).isGreaterThan(10);
        Short[] precision = new Short[cover.precision.length];
        for (int i = 0; i < precision.length; i++) {
            precision[i] = cover.precision[i];
        }
        long[][] cut = cover.cutRangesAt(BoxCover.FINEST);
        try (Connection c = fx.db.connect();
             PreparedStatement weeks = c.prepareStatement("EXPLAIN (FORMAT JSON) " + BoxCounts.WHOLE_CELLS);
             PreparedStatement origins = c.prepareStatement("EXPLAIN (FORMAT JSON) " + BothEnds.ORIGIN_TRIPS)) {
            weeks.setArray(1, c.createArrayOf("int2", precision));
            weeks.setArray(2, BoxCounts.longs(c, cover.cell));
            weeks.setString(3, "o");
            weeks.setObject(4, LocalDate.parse("2018-01-01"));
            weeks.setObject(5, LocalDate.parse("2018-06-25"));
            origins.setArray(1, c.createArrayOf("int2", precision));
            origins.setArray(2, BoxCounts.longs(c, cover.cell));
            origins.setArray(3, BoxCounts.longs(c, cut[0]));
            origins.setArray(4, BoxCounts.longs(c, cut[1]));
            for (PreparedStatement ps : List.of(weeks, origins)) {
                List<JsonObject> scans = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    collectScans(new JsonArray(rs.getString(1)).getJsonObject(0).getJsonObject("Plan"), scans);
                }
                assertThat(scans).isNotEmpty().allSatisfy(scan -> {
                    assertThat(scan.getString("Node Type")).isEqualTo("Index Scan");
                    assertThat(scan.getString("Index Cond")).containsAnyOf("(cell = c.cell)", "(cell >= r.lo)");
                });
            }
        }
    }

    /** The plan's nodes that read cell_week. */
    private static void collectScans(JsonObject node, List<JsonObject> out) {
        if ("cell_week".equals(node.getString("Relation Name"))) {
            out.add(node);
        }
        JsonArray children = node.getJsonArray("Plans");
        for (int i = 0; children != null && i < children.size(); i++) {
            collectScans(children.getJsonObject(i), out);
        }
    }

    @Test
    void should_answer_every_region_exactly_in_every_window_including_empty_weeks() throws Exception {
        for (String region : new String[] {"Alpha", "Beta", "Gamma"}) {
            for (String[] w : WINDOWS) {
                assertSameAs(brute.region(region, date(w[0]), date(w[1])), "region=" + region + window(w));
            }
        }
        // Gamma runs only in January and May: most of the default window's weeks are empty and count
        JsonObject gamma = api.json("/api/weekly-average?region=Gamma");
        assertThat(gamma.getJsonArray("series").stream().filter(x -> ((JsonObject) x).getLong("trips") == 0)).hasSizeGreaterThan(10);
    }

    @Test
    void should_answer_thirty_random_boxes_exactly_for_each_match_with_and_without_a_window() throws Exception {
        Random rnd = new Random(7);
        for (int i = 0; i < 30; i++) {
            double[] t = trips.get(rnd.nextInt(trips.size()));
            int end = rnd.nextBoolean() ? 0 : 2;
            double width = Math.exp(Math.log(1e-4) + rnd.nextDouble() * (Math.log(1.0) - Math.log(1e-4)));
            double height = width * (0.3 + rnd.nextDouble());
            Box b = new Box(t[end] - width * rnd.nextDouble(), t[end + 1] - height * rnd.nextDouble(),
                    t[end] + width * rnd.nextDouble(), t[end + 1] + height * rnd.nextDouble());
            String[] w = WINDOWS[1 + rnd.nextInt(WINDOWS.length - 1)];
            for (String match : MATCHES) {
                assertBox(b, match, WINDOWS[0]);
                assertBox(b, match, w);
            }
        }
    }

    @Test
    void should_count_trips_lying_exactly_on_the_edges_of_a_box() throws Exception {
        Random rnd = new Random(11);
        for (int i = 0; i < 10; i++) {
            double[] a = trips.get(rnd.nextInt(trips.size()));
            double[] b = trips.get(rnd.nextInt(trips.size()));
            int end = i % 2 == 0 ? 0 : 2;
            // two trips sit on the box's corners
            Box box = new Box(Math.min(a[end], b[end]), Math.min(a[end + 1], b[end + 1]),
                    Math.max(a[end], b[end]), Math.max(a[end + 1], b[end + 1]));
            for (String match : MATCHES) {
                assertBox(box, match, WINDOWS[0]);
            }
            // a box that is one point: exactly the trips at that point
            Box point = new Box(a[end], a[end + 1], a[end], a[end + 1]);
            String match = end == 0 ? "origin" : "destination";
            assertThat(assertBox(point, match, WINDOWS[0])).isPositive();
        }
    }

    @Test
    void should_count_boxes_smaller_than_a_cell() throws Exception {
        Random rnd = new Random(13);
        for (int i = 0; i < 10; i++) {
            double[] t = trips.get(rnd.nextInt(trips.size()));
            // a precision-6 cell is about 0.011 by 0.0055 degrees; this box is smaller than a precision-7 one too
            Box b = new Box(t[0] - 0.0001, t[1] - 0.00005, t[0] + 0.0001, t[1] + 0.00005);
            for (String match : MATCHES) {
                assertBox(b, match, WINDOWS[i % WINDOWS.length]);
            }
        }
    }

    @Test
    void should_count_boxes_on_cell_edges_and_the_whole_globe() throws Exception {
        double lonStep = 360.0 / (1 << 15); // precision-6 cell edges (30 bits: 15 of longitude, 15 of latitude)
        double latStep = 180.0 / (1 << 15);
        double[] t = trips.get(0);
        double lon0 = Math.floor((t[0] + 180) / lonStep) * lonStep - 180;
        double lat0 = Math.floor((t[1] + 90) / latStep) * latStep - 90;
        Box[] boxes = {
            new Box(lon0, lat0, lon0 + lonStep, lat0 + latStep),
            new Box(lon0 - 40 * lonStep, lat0 - 40 * latStep, lon0 + 40 * lonStep, lat0 + 40 * latStep),
            new Box(-180, -90, 180, 90),
            new Box(-0.5, 51, 0, 52), // ends on the prime meridian: Gamma's trips at longitude 0
            new Box(0, 51, 0.5, 52),
            new Box(170, -10, 180, 10), // nothing there
        };
        for (Box b : boxes) {
            for (String match : MATCHES) {
                assertBox(b, match, WINDOWS[0]);
                assertBox(b, match, WINDOWS[1]);
            }
        }
        assertThat(api.json("/api/weekly-average?bbox=-180,-90,180,90").getLong("trips")).isEqualTo(ROWS);
    }

    /** Compares the API with brute force; returns the trips counted. */
    private long assertBox(Box b, String match, String[] w) throws Exception {
        String query = "bbox=" + b.minLon() + "," + b.minLat() + "," + b.maxLon() + "," + b.maxLat() + "&match=" + match
                + window(w);
        return assertSameAs(brute.box(b, match, date(w[0]), date(w[1])), query);
    }

    private long assertSameAs(BruteForce.Answer expected, String query) throws Exception {
        JsonObject a = api.json("/api/weekly-average?" + query);
        assertThat(a.getString("from")).as(query).isEqualTo(expected.from().toString());
        assertThat(a.getString("to")).as(query).isEqualTo(expected.to().toString());
        assertThat(a.getLong("weeks")).as(query).isEqualTo(expected.weeks());
        assertThat(a.getLong("trips")).as(query).isEqualTo(expected.trips());
        assertThat(a.getDouble("weeklyAverage")).as(query).isEqualTo((double) expected.trips() / expected.weeks());
        JsonArray series = a.getJsonArray("series");
        assertThat(series).as(query).hasSize((int) expected.weeks());
        for (Object o : series) {
            JsonObject week = (JsonObject) o;
            LocalDate start = LocalDate.parse(week.getString("start"));
            assertThat(week.getLong("trips")).as(query + " week " + start)
                    .isEqualTo(expected.perWeek().getOrDefault(start, 0L));
        }
        return expected.trips();
    }

    private static String window(String[] w) {
        return (w[0] == null ? "" : "&from=" + w[0]) + (w[1] == null ? "" : "&to=" + w[1]);
    }

    private static LocalDate date(String s) {
        return s == null ? null : LocalDate.parse(s);
    }
}
