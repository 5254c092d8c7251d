package trips.perf.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import trips.perf.TripFileGenerator;
import trips.perf.TripFileOptions;

/**
 * One benchmark run, end to end, as DESIGN and the scale issue define it: a seeded file, psql
 * \copy of it as the yardstick, the platform ingesting it from the inbox to COMPLETED in a fresh
 * database, then the analytics questions over HTTP next to brute-force SQL, and the platform's
 * peak memory. Writes a Markdown report to perf/results/ and exits non-zero on a wrong answer.
 *
 * <pre>java -cp perf/target/trips-perf-1.0.0-SNAPSHOT.jar:... trips.perf.bench.Benchmark --rows 2000000</pre>
 */
public final class Benchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        BenchReport report = run(a);
        System.out.println(report.summaryLine());
        System.exit(report.ok() ? 0 : 1);
    }

    public static BenchReport run(Map<String, String> a) throws Exception {
        long rows = Long.parseLong(a.getOrDefault("rows", "200000").replace("_", ""));
        long seed = Long.parseLong(a.getOrDefault("seed", "42"));
        String xmx = a.getOrDefault("xmx", "512m");
        Path work = Files.createDirectories(Path.of(a.getOrDefault("work", "/tmp/trips-bench")));
        Path jar = Path.of(a.getOrDefault("jar", "web/target/trips.jar"));
        String host = a.getOrDefault("pg-host", "localhost");
        int pgPort = Integer.parseInt(a.getOrDefault("pg-port", "5432"));
        String user = a.getOrDefault("pg-user", "postgres");
        Psql psql = new Psql(host, pgPort, user);

        // --reuse-db true: the questions only, against the database an earlier run left, to measure a
        // change on the query side without loading the file again (at 100M rows, most of half an hour)
        boolean reuse = Boolean.parseBoolean(a.getOrDefault("reuse-db", "false"));
        Path file = work.resolve("trips-" + rows + "-" + seed + ".csv");
        if (!reuse && !Files.exists(file)) {
            // \copy into five text columns would stop at the first malformed row: the shared file has none
            new TripFileGenerator(TripFileOptions.builder().rows(rows).seed(seed).badShare(0).build()).write(file);
        }
        BenchReport report = new BenchReport(String.join(" ", a.entrySet().stream()
                .map(e -> "--" + e.getKey() + " " + e.getValue()).toList()), rows,
                Files.exists(file) ? Files.size(file) : 0, xmx, reuse);

        String db = a.getOrDefault("db", "trips_bench");
        String jdbc = "jdbc:postgresql://" + host + ":" + pgPort + "/" + db;
        if (reuse) {
            requireLoaded(jdbc, user, db, rows);
        } else {
            report.copySeconds = CopyReference.run(psql, db + "_copy", file);
            psql.admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
        Path inbox = work.resolve("inbox");
        deleteTree(inbox);
        Files.createDirectories(inbox);
        try (PlatformProcess app = new PlatformProcess(jar, xmx, jdbc, inbox, freePort(), work.resolve("platform.log"))) {
            app.awaitHealthy(Duration.ofMinutes(3));
            try (Connection c = DriverManager.getConnection(jdbc, user, "")) {
                if (reuse) {
                    report.status = awaitEnd(c, Duration.ZERO);
                } else {
                    long t0 = System.nanoTime();
                    dropIntoInbox(file, work, inbox);
                    report.status = awaitEnd(c, Duration.ofHours(2));
                    report.platformSeconds = (System.nanoTime() - t0) / 1e9;
                }
                report.postgres = scalar(c, "SHOW server_version") + "; " + scalar(c, "SELECT string_agg(name || ' '"
                        + " || current_setting(name), ', ' ORDER BY name) FROM pg_settings WHERE name IN"
                        + " ('shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'work_mem', 'maintenance_work_mem',"
                        + " 'max_parallel_workers_per_gather', 'max_parallel_maintenance_workers', 'synchronous_commit')");
                LocalDate first = LocalDate.parse(scalar(c, "SELECT min(datetime)::date FROM trip"));
                LocalDate last = LocalDate.parse(scalar(c, "SELECT max(datetime)::date FROM trip"));
                List<Question> questions = Questions.build(c, Integer.parseInt(a.getOrDefault("boxes", "5")), first, last);
                report.queries = new QueryBench(app.port, c).run(questions,
                        Integer.parseInt(a.getOrDefault("repeats", "20")), Integer.parseInt(a.getOrDefault("verify", "3")),
                        Double.parseDouble(a.getOrDefault("budget-s", "120")));
                report.storedTrips = Long.parseLong(scalar(c, "SELECT count(*) FROM trip"));
            }
            report.peakHeapMb = app.peakHeapMb();
            report.peakRssMb = app.peakRssMb();
        }
        report.machine = MachineInfo.describe(work, report.postgres);
        Path out = Files.createDirectories(Path.of(a.getOrDefault("out", "perf/results")));
        report.write(out.resolve("bench-" + rows + "-" + Instant.now().toString().substring(0, 16).replace(':', '-')
                + (reuse ? "-queries" : "") + ".md"));
        return report;
    }

    /** Before the platform starts, which would create a missing database and find nothing in it. */
    private static void requireLoaded(String jdbc, String user, String db, long rows) throws Exception {
        String trips;
        try (Connection c = DriverManager.getConnection(jdbc, user, "")) {
            trips = scalar(c, "SELECT sum(rows_loaded) FROM ingestion WHERE status = 'COMPLETED'");
        } catch (SQLException e) {
            throw new IllegalStateException("--reuse-db: no loaded database " + db + " to ask (" + e.getMessage()
                    + "); run once without --reuse-db first", e);
        }
        if (trips == null || Long.parseLong(trips) != rows) {
            throw new IllegalStateException("--reuse-db: " + db + " holds " + (trips == null ? 0 : trips)
                    + " trips of completed files, not the " + rows + " of --rows");
        }
    }

    private static void dropIntoInbox(Path file, Path work, Path inbox) throws IOException {
        Path staged = work.resolve(".bench.part");
        Files.deleteIfExists(staged);
        try {
            // a link, not a copy: at 100M rows a copy would take 13 GB more of the disk the database needs
            Files.createLink(staged, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(staged, inbox.resolve("bench.csv"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static String awaitEnd(Connection c, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT status FROM ingestion WHERE status IN ('COMPLETED', 'FAILED', 'DUPLICATE')")) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return "TIMEOUT";
    }

    private static String scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }
}
