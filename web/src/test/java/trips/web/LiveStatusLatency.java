package trips.web;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test of the build (its name does not end in Test, so {@code mvn test} skips it):
 * <pre>mvn -q -B -o -pl web test -Dtest=LiveStatusLatency</pre>
 * With the shipped settings (read lock 1000 ms, poll 250 ms, PROGRESS every 500 ms) it measures, at a
 * websocket client of the bridge, the delay from a file landing in the inbox to its STARTED, and from
 * its last commit to its COMPLETED. Writes target/live-status-latency.md.
 */
class LiveStatusLatency {

    static final int FILES = 20;
    static final int ROWS = 20_000;

    @Test
    void measure() throws Exception {
        Vertx vertx = Vertx.vertx();
        StringBuilder report = new StringBuilder();
        try (AppFixture fx = new AppFixture(Map.of("trips.ingest.read-lock-min-age-ms", "5000"));
             BridgeClient client = BridgeClient.connect(vertx, fx.port()).listen("trips.ingestions")) {
            fx.dropTrips("warm-up.csv", ROWS, 0, 999);
            client.awaitEnd("warm-up.csv", Duration.ofMinutes(1));

            report.append(run(fx, client, true)).append('\n').append(run(fx, client, false));
        } finally {
            TripsApp.await(vertx.close());
        }
        Files.writeString(Path.of("target", "live-status-latency.md"), report);
        System.out.println(report);
    }

    /** @param movedIn the file is written aside, then renamed in (uploads, SFTP, careful users); else written in place */
    private String run(AppFixture fx, BridgeClient client, boolean movedIn) throws Exception {
        List<Double> toStarted = new ArrayList<>();
        List<Double> commitToCompleted = new ArrayList<>();
        List<Double> eventToCompleted = new ArrayList<>();
        List<Path> prepared = new ArrayList<>();
        String kind = movedIn ? "moved" : "written";
        for (int i = 0; i < FILES; i++) {
            prepared.add(TripFiles.write(fx.staging().resolve(kind + i + ".csv"), ROWS, 0, (movedIn ? 1000 : 2000) + i));
        }
        Thread.sleep(1_100); // moved files are older than the read lock's minimum age, as a finished upload is
        for (int i = 0; i < FILES; i++) {
            String name = kind + i + ".csv";
            long landed;
            if (movedIn) {
                fx.land(prepared.get(i), name);
                landed = System.nanoTime();
            } else {
                Files.copy(prepared.get(i), fx.inbox.resolve(name));
                landed = System.nanoTime();
            }
            JsonObject end = client.awaitEnd(name, Duration.ofMinutes(1));
            BridgeClient.Received started = client.arrival(name, "STARTED");
            BridgeClient.Received completed = client.arrival(name, "COMPLETED");
            OffsetDateTime finishedAt = OffsetDateTime.parse(fx.db.text(
                    "SELECT to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM ingestion WHERE id = "
                            + end.getLong("id")));
            toStarted.add((started.nanos() - landed) / 1e6);
            commitToCompleted.add(millisBetween(finishedAt.toInstant(), completed.at()));
            eventToCompleted.add(millisBetween(Instant.parse(end.getString("at")), completed.at()));
        }
        return "### Files " + (movedIn ? "moved into the inbox in one step (finished upload, SFTP rename, `mv`)"
                : "written in place (a copy into the inbox)") + ", " + FILES + " files of " + ROWS + " rows\n\n"
                + "| delay at the websocket client | min | median | p95 | max |\n|---|---|---|---|---|\n"
                + row("file landed → STARTED", toStarted)
                + row("ingestion.finished_at (last commit) → COMPLETED", commitToCompleted)
                + row("COMPLETED event `at` → COMPLETED", eventToCompleted);
    }

    private static double millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static String row(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int p95 = (int) Math.ceil(0.95 * sorted.size()) - 1;
        return String.format("| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n", what, sorted.get(0),
                sorted.get(sorted.size() / 2), sorted.get(p95), sorted.get(sorted.size() - 1));
    }
}
