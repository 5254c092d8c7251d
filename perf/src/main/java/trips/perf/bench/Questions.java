package trips.perf.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The questions the benchmark asks: every region, boxes of several sizes around real trips, each match. */
final class Questions {

    static final double[] BOX_SIZES = {0.005, 0.02, 0.1, 0.5};
    static final String[] MATCHES = {"origin", "destination", "both"};

    private Questions() {
    }

    static List<Question> build(Connection c, int boxesPerKind, LocalDate first, LocalDate last) throws SQLException {
        List<Question> out = new ArrayList<>();
        List<String> regions = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM region ORDER BY name")) {
            while (rs.next()) {
                regions.add(rs.getString(1));
            }
        }
        String dateCut = " AND t.datetime >= ?::date AND t.datetime < ?::date + 1";
        for (String region : regions) {
            out.add(new Question("region", "region=" + enc(region),
                    "SELECT count(*) FROM trip t JOIN region r ON r.id = t.region_id WHERE r.name = ?" + dateCut,
                    new Object[] {region}, first, last));
            LocalDate mid = first.plusDays((last.toEpochDay() - first.toEpochDay()) / 3);
            LocalDate end = mid.plusDays(17);
            out.add(new Question("region from/to", "region=" + enc(region) + "&from=" + mid + "&to=" + end,
                    "SELECT count(*) FROM trip t JOIN region r ON r.id = t.region_id WHERE r.name = ?" + dateCut,
                    new Object[] {region}, mid, end));
        }
        List<double[]> centres = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT origin_lon, origin_lat FROM trip TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT " + boxesPerKind)) {
            while (rs.next()) {
                centres.add(new double[] {rs.getDouble(1), rs.getDouble(2)});
            }
        }
        for (double size : BOX_SIZES) {
            for (String match : MATCHES) {
                for (double[] centre : centres) {
                    double minLon = centre[0] - size / 2;
                    double maxLon = centre[0] + size / 2;
                    double minLat = centre[1] - size / 4;
                    double maxLat = centre[1] + size / 4;
                    String bbox = String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f", minLon, minLat, maxLon, maxLat);
                    String origin = "t.origin_lon BETWEEN %1$.6f AND %3$.6f AND t.origin_lat BETWEEN %2$.6f AND %4$.6f";
                    String dest = "t.dest_lon BETWEEN %1$.6f AND %3$.6f AND t.dest_lat BETWEEN %2$.6f AND %4$.6f";
                    String where = switch (match) {
                        case "origin" -> origin;
                        case "destination" -> dest;
                        default -> origin + " AND " + dest;
                    };
                    String sql = "SELECT count(*) FROM trip t WHERE " + String.format(Locale.ROOT, where,
                            minLon, minLat, maxLon, maxLat) + dateCut;
                    out.add(new Question(String.format(Locale.ROOT, "box %s deg, %s", size, match),
                            "bbox=" + bbox + "&match=" + match, sql, new Object[0], first, last));
                }
            }
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
