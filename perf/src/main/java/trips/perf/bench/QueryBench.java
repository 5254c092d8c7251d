package trips.perf.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks every question over HTTP, several times, and checks the answers against brute-force SQL
 * over trip, timing both. A wrong answer is a failed benchmark, not a footnote.
 */
final class QueryBench {

    /**
     * @param http       every request of each kind of question
     * @param firstAsked each question's first request: the one that finds its index pages cold
     * @param askedAgain the requests after each question's first
     */
    record Result(Map<String, Latencies> http, Map<String, Latencies> firstAsked, Map<String, Latencies> askedAgain,
                  Map<String, Latencies> bruteForce, List<String> wrong, int checked) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final Connection db;

    QueryBench(int port, Connection db) {
        this.base = "http://localhost:" + port;
        this.db = db;
    }

    /**
     * @param budgetSeconds time one kind of question may take over HTTP: once spent, each further
     *                      question of that kind is asked once (its answer is still checked), so
     *                      that a slow kind cannot hold a 100M-row run up for hours
     */
    Result run(List<Question> questions, int repeats, int verifyPerKind, double budgetSeconds) throws Exception {
        Map<String, Latencies> httpTimes = new LinkedHashMap<>();
        Map<String, Latencies> firstTimes = new LinkedHashMap<>();
        Map<String, Latencies> againTimes = new LinkedHashMap<>();
        Map<String, Latencies> bruteTimes = new LinkedHashMap<>();
        Map<String, Integer> verified = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        // every question over HTTP first, then the brute-force checks: a check reads trip whole and can
        // push the indexes out of the cache, so the next question's first request was cold (at 100M the
        // p95 of boxes was 68 to 106 ms, the same boxes asked again afterwards took 65 ms at most)
        List<JsonObject> answers = new ArrayList<>();
        for (Question q : questions) {
            // questions without from/to ask for the default window: the data set's first to last day
            String url = base + "/api/weekly-average?" + q.path();
            JsonObject answer = null;
            Latencies times = httpTimes.computeIfAbsent(q.kind(), k -> new Latencies());
            for (int i = 0; i < repeats && (i == 0 || times.totalSeconds() < budgetSeconds); i++) {
                long t0 = System.nanoTime();
                answer = get(url).toJsonObject();
                long nanos = System.nanoTime() - t0;
                times.add(nanos);
                (i == 0 ? firstTimes : againTimes).computeIfAbsent(q.kind(), k -> new Latencies()).add(nanos);
            }
            answers.add(answer);
        }
        int checked = topGroups(repeats, httpTimes, firstTimes, againTimes, bruteTimes, wrong);
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            JsonObject answer = answers.get(i);
            if (verified.merge(q.kind(), 1, Integer::sum) <= verifyPerKind) {
                long t0 = System.nanoTime();
                long expected = bruteForce(q);
                bruteTimes.computeIfAbsent(q.kind(), k -> new Latencies()).add(System.nanoTime() - t0);
                long weeks = isoWeeks(q.from(), q.to());
                checked++;
                if (answer.getLong("trips") != expected || answer.getLong("weeks") != weeks) {
                    wrong.add(q.path() + ": platform trips=" + answer.getLong("trips") + " weeks=" + answer.getLong("weeks")
                            + ", brute force trips=" + expected + " weeks=" + weeks);
                }
            }
        }
        return new Result(httpTimes, firstTimes, againTimes, bruteTimes, wrong, checked);
    }

    private int topGroups(int repeats, Map<String, Latencies> httpTimes, Map<String, Latencies> firstTimes,
                          Map<String, Latencies> againTimes, Map<String, Latencies> bruteTimes, List<String> wrong)
            throws Exception {
        io.vertx.core.buffer.Buffer body = null;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            body = get(base + "/api/trip-groups?limit=50");
            long nanos = System.nanoTime() - t0;
            httpTimes.computeIfAbsent("top-50 groups", k -> new Latencies()).add(nanos);
            (i == 0 ? firstTimes : againTimes).computeIfAbsent("top-50 groups", k -> new Latencies()).add(nanos);
        }
        JsonArray groups = body.toJsonObject().getJsonArray("groups");
        List<Long> platform = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            platform.add(groups.getJsonObject(i).getLong("trips"));
        }
        List<Long> expected = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) n FROM trip"
                + " GROUP BY region_id, origin_cell >> 30, dest_cell >> 30, tod_bucket ORDER BY n DESC LIMIT 50")) {
            while (rs.next()) {
                expected.add(rs.getLong(1));
            }
        }
        bruteTimes.computeIfAbsent("top-50 groups", k -> new Latencies()).add(System.nanoTime() - t0);
        if (!platform.equals(expected)) {
            wrong.add("top-50 groups: platform sizes " + platform + ", brute force " + expected);
        }
        return 1;
    }

    private io.vertx.core.buffer.Buffer get(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
        return io.vertx.core.buffer.Buffer.buffer(r.body());
    }

    private long bruteForce(Question q) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(q.bruteForceSql())) {
            int i = 1;
            for (Object p : q.params()) {
                ps.setObject(i++, p);
            }
            ps.setString(i++, q.from().toString());
            ps.setString(i, q.to().toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** ISO weeks the window touches, empty ones included. */
    static long isoWeeks(LocalDate from, LocalDate to) {
        LocalDate a = from.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        LocalDate b = to.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        return ChronoUnit.WEEKS.between(a, b) + 1;
    }
}
