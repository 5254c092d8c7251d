package trips.analytics;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import trips.TripsConfig;
import trips.db.Database;

/**
 * The latency benchmark behind perf/results/analytics-latency.md (not a test: run by hand on a
 * loaded database). For each kind of question it times N answers over HTTP from a real server
 * (p50/p95/p99), then the same question as a brute-force SQL over trip for the first few, and
 * checks that the two agree trip for trip.
 *
 * <pre>java -cp web/target/test-classes:web/target/classes:$(cat cp.txt) trips.analytics.AnalyticsLatency DB N</pre>
 */
public final class AnalyticsLatency {

    private static final int BRUTE = 15;

    private record Question(String http, String sql, Object[] params) {
    }

    private final AnalyticsServer api;
    private final Connection sql;
    private final Random rnd = new Random(7);
    private final List<double[]> points = new ArrayList<>();
    private final List<String> regions = new ArrayList<>();

    private AnalyticsLatency(AnalyticsServer api, Connection sql) throws SQLException {
        this.api = api;
        this.sql = sql;
        try (Statement s = sql.createStatement();
             ResultSet rs = s.executeQuery("SELECT origin_lon, origin_lat, dest_lon, dest_lat FROM trip"
                     + " TABLESAMPLE SYSTEM (0.1) REPEATABLE (7) LIMIT 2000")) {
            while (rs.next()) {
                points.add(new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
            }
        }
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM region ORDER BY id")) {
            while (rs.next()) {
                regions.add(rs.getString(1));
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String db = args[0];
        int n = Integer.parseInt(args[1]);
        TripsConfig config = TripsConfig.load(null, Map.of(), Map.of("trips.db.url",
                "jdbc:postgresql://localhost:5432/" + db, "trips.db.user", "postgres", "trips.db.password", "",
                "trips.inbox", System.getProperty("java.io.tmpdir") + "/latency-inbox"));
        try (Database database = Database.start(config);
             AnalyticsServer api = new AnalyticsServer(database.dataSource(), config);
             Connection sql = database.dataSource().getConnection()) {
            try (Statement s = sql.createStatement()) {
                s.execute("SET jit = off");
                System.out.println("trips: " + count(s, "SELECT count(*) FROM trip")
                        + ", groups: " + count(s, "SELECT count(*) FROM trip_group")
                        + ", cell_week rows: " + count(s, "SELECT count(*) FROM cell_week"));
            }
            new AnalyticsLatency(api, sql).run(n);
        }
    }

    private static long count(Statement s, String q) throws SQLException {
        try (ResultSet rs = s.executeQuery(q)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void run(int n) throws Exception {
        System.out.println("| question | answers | p50 ms | p95 ms | p99 ms | max ms | brute-force SQL p50 ms | p95 ms | equal |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        measure("region, whole data set", n, i -> region(null));
        measure("region, random from/to", n, i -> region(window()));
        measure("box, origin", n, i -> box("origin", null));
        measure("box, destination", n, i -> box("destination", null));
        measure("box, origin, random from/to", n, i -> box("origin", window()));
        measure("box, both ends", Math.max(20, n / 4), i -> box("both", null));
        measure("top 50 groups", n, i -> groups(null));
        measure("top 50 groups of a region", n, i -> groups(regions.get(i % regions.size())));
    }

    private void measure(String name, int n, IntFunction<Question> make) throws Exception {
        for (int i = 0; i < 5; i++) {
            api.json(make.apply(i).http()); // warm-up
        }
        long[] api = new long[n];
        List<Question> asked = new ArrayList<>();
        List<JsonObject> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Question q = make.apply(i);
            long t0 = System.nanoTime();
            JsonObject a = this.api.json(q.http());
            api[i] = System.nanoTime() - t0;
            if (i < BRUTE) {
                asked.add(q);
                answers.add(a);
            }
        }
        long[] brute = new long[asked.size()];
        boolean equal = true;
        for (int i = 0; i < asked.size(); i++) {
            long t0 = System.nanoTime();
            long expected = bruteForce(asked.get(i));
            brute[i] = System.nanoTime() - t0;
            JsonObject a = answers.get(i);
            long got = a.containsKey("groups") ? a.getJsonArray("groups").getJsonObject(0).getLong("trips") : a.getLong("trips");
            if (got != expected) {
                equal = false;
                System.err.println("DIFFERENT: " + asked.get(i).http() + " api=" + got + " sql=" + expected);
            }
        }
        System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %s |%n", name, n, pct(api, 50), pct(api, 95),
                pct(api, 99), pct(api, 100), pct(brute, 50), pct(brute, 95), equal ? "all " + asked.size() : "NO");
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }

    /** Trips for weekly averages, the largest group's trips for groups. */
    private long bruteForce(Question q) throws SQLException {
        try (PreparedStatement ps = sql.prepareStatement(q.sql())) {
            for (int i = 0; i < q.params().length; i++) {
                ps.setObject(i + 1, q.params()[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private String[] window() {
        java.time.LocalDate from = java.time.LocalDate.of(2018, 1, 1).plusDays(rnd.nextInt(150));
        return new String[] {from.toString(), from.plusDays(3 + rnd.nextInt(60)).toString()};
    }

    private static String windowQuery(String[] w) {
        return w == null ? "" : "&from=" + w[0] + "&to=" + w[1];
    }

    private static String windowSql(String[] w) {
        return w == null ? "" : " AND datetime >= '" + w[0] + "'::date AND datetime < '" + w[1] + "'::date + 1";
    }

    private Question region(String[] w) {
        String r = regions.get(rnd.nextInt(regions.size()));
        return new Question("/api/weekly-average?region=" + AnalyticsServer.enc(r) + windowQuery(w),
                "SELECT count(*) FROM trip WHERE region_id = (SELECT id FROM region WHERE name = ?)" + windowSql(w),
                new Object[] {r});
    }

    /** Centred on a trip's end, 0.002 to 0.5 degrees wide (about 150 m to 35 km): streets to cities. */
    private Question box(String match, String[] w) {
        double[] p = points.get(rnd.nextInt(points.size()));
        int end = match.equals("destination") ? 2 : 0;
        double width = Math.exp(Math.log(0.002) + rnd.nextDouble() * (Math.log(0.5) - Math.log(0.002)));
        double height = width * (0.5 + rnd.nextDouble() * 0.5);
        double[] b = {p[end] - width / 2, p[end + 1] - height / 2, p[end] + width / 2, p[end + 1] + height / 2};
        String o = "origin_lon BETWEEN ? AND ? AND origin_lat BETWEEN ? AND ?";
        String d = "dest_lon BETWEEN ? AND ? AND dest_lat BETWEEN ? AND ?";
        Object[] one = {b[0], b[2], b[1], b[3]};
        String where = match.equals("origin") ? o : match.equals("destination") ? d : o + " AND " + d;
        Object[] params = match.equals("both") ? new Object[] {b[0], b[2], b[1], b[3], b[0], b[2], b[1], b[3]} : one;
        return new Question("/api/weekly-average?bbox=" + b[0] + "," + b[1] + "," + b[2] + "," + b[3] + "&match=" + match
                + windowQuery(w), "SELECT count(*) FROM trip WHERE " + where + windowSql(w), params);
    }

    private Question groups(String region) {
        return new Question("/api/trip-groups?limit=50" + (region == null ? "" : "&region=" + AnalyticsServer.enc(region)),
                "SELECT count(*) FROM trip t" + (region == null ? "" : " WHERE region_id = (SELECT id FROM region WHERE name = ?)")
                        + " GROUP BY region_id, origin_cell >> 30, dest_cell >> 30, tod_bucket ORDER BY 1 DESC LIMIT 1",
                region == null ? new Object[0] : new Object[] {region});
    }
}
