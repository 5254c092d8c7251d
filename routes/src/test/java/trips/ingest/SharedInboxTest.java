package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import trips.TripsConfig;
import trips.TripsEngine;
import trips.db.Database;
import trips.testing.RecordingEvents;
import trips.testing.TestDatabase;

/** Two engines (two nodes) on one inbox and one database, as with TRIPS_CLUSTER=true. */
class SharedInboxTest {

    @Test
    void should_ingest_each_of_40_files_dropped_at_once_exactly_once_across_two_nodes() throws Exception {
        Path inbox = Files.createTempDirectory("trips-shared-inbox");
        try (TestDatabase db = new TestDatabase()) {
            Map<String, String> settings = new HashMap<>(Map.of("trips.inbox", inbox.toString(), "trips.cluster", "true",
                    "trips.ingest.read-lock-min-age-ms", "200", "trips.ingest.batch-size", "500"));
            TripsConfig config = db.config(settings);
            RecordingEvents eventsA = new RecordingEvents();
            RecordingEvents eventsB = new RecordingEvents();
            try (Database nodeDbA = Database.start(config); Database nodeDbB = Database.start(config);
                 TripsEngine a = TripsEngine.start(config, nodeDbA.dataSource(), eventsA);
                 TripsEngine b = TripsEngine.start(config, nodeDbB.dataSource(), eventsB)) {
                long expected = 0;
                Path staging = Files.createDirectories(inbox.resolve(".staging"));
                for (int f = 0; f < 40; f++) {
                    StringBuilder sb = new StringBuilder(BadInputIngestionTest.HEADER);
                    int rows = 200 + f * 37;
                    for (int i = 0; i < rows; i++) {
                        sb.append("Hamburg,POINT (9.9").append(i % 10).append(" 53.5").append(f % 10)
                                .append("),POINT (10.0 53.6),2018-05-").append(10 + i % 18).append(' ')
                                .append(10 + f % 10).append(":0").append(i % 10).append(":00,node_test\n");
                    }
                    expected += rows;
                    Files.writeString(staging.resolve("f" + f + ".csv"), sb);
                }
                for (int f = 0; f < 40; f++) {
                    Files.move(staging.resolve("f" + f + ".csv"), inbox.resolve("f" + f + ".csv"));
                }
                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                        .until(() -> db.count("SELECT count(*) FROM ingestion WHERE status <> 'RUNNING'") >= 40);
                Thread.sleep(1500); // a second claim of a file would show up as a 41st ingestion

                assertThat(db.count("SELECT count(*) FROM ingestion")).isEqualTo(40);
                assertThat(db.count("SELECT count(*) FROM ingestion WHERE status = 'COMPLETED'")).isEqualTo(40);
                assertThat(db.count("SELECT count(*) FROM trip")).isEqualTo(expected);
                assertThat(db.count(AggregateChecks.GROUPS_DIFFERING)).isZero();
                assertThat(db.count(AggregateChecks.REGION_DAYS_DIFFERING)).isZero();
                long byA = eventsA.all().stream().filter(e -> e.type().name().equals("COMPLETED")).count();
                long byB = eventsB.all().stream().filter(e -> e.type().name().equals("COMPLETED")).count();
                assertThat(byA + byB).isEqualTo(40);
                Awaitility.await().until(() -> db.count("SELECT count(*) FROM inbox_lock") == 0);
            }
        } finally {
            try (var walk = Files.walk(inbox)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void should_load_the_same_content_dropped_twice_at_once_on_two_nodes_once() throws Exception {
        Path inbox = Files.createTempDirectory("trips-shared-inbox");
        try (TestDatabase db = new TestDatabase()) {
            TripsConfig config = db.config(Map.of("trips.inbox", inbox.toString(), "trips.cluster", "true",
                    "trips.ingest.read-lock-min-age-ms", "200", "trips.ingest.batch-size", "500"));
            try (Database nodeDbA = Database.start(config); Database nodeDbB = Database.start(config);
                 TripsEngine a = TripsEngine.start(config, nodeDbA.dataSource(), new RecordingEvents());
                 TripsEngine b = TripsEngine.start(config, nodeDbB.dataSource(), new RecordingEvents())) {
                StringBuilder sb = new StringBuilder(BadInputIngestionTest.HEADER);
                for (int i = 0; i < 60_000; i++) {
                    sb.append("Turin,POINT (7.6").append(i % 10).append(" 45.0),POINT (7.7 45.0").append(i % 7)
                            .append("),2018-05-0").append(1 + i % 9).append(" 08:").append(10 + i % 50).append(":00,baba_car\n");
                }
                Path staging = Files.createDirectories(inbox.resolve(".staging"));
                Files.writeString(staging.resolve("one.csv"), sb);
                Files.writeString(staging.resolve("two.csv"), sb);
                Files.move(staging.resolve("one.csv"), inbox.resolve("one.csv"));
                Files.move(staging.resolve("two.csv"), inbox.resolve("two.csv"));
                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                        .until(() -> db.count("SELECT count(*) FROM ingestion WHERE status NOT IN ('RUNNING', 'QUEUED')") >= 2
                                && db.count("SELECT count(*) FROM ingestion WHERE status = 'RUNNING'") == 0);

                assertThat(db.count("SELECT count(*) FROM ingestion WHERE status = 'COMPLETED'")).isEqualTo(1);
                assertThat(db.count("SELECT count(*) FROM ingestion WHERE status = 'DUPLICATE'")).isEqualTo(1);
                assertThat(db.count("SELECT count(*) FROM trip")).isEqualTo(60_000);
                assertThat(db.count(AggregateChecks.GROUPS_DIFFERING)).isZero();
            }
        } finally {
            try (var walk = Files.walk(inbox)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void should_give_a_lock_to_one_node_and_hand_a_dead_nodes_lock_to_exactly_one_other() throws Exception {
        try (TestDatabase db = new TestDatabase(); Database database = Database.start(db.config(Map.of()))) {
            InboxLocks dead = new InboxLocks(database.dataSource(), 1000); // never started: no heartbeat
            InboxLocks alive = new InboxLocks(database.dataSource(), 1000);
            alive.start();
            try {
                assertThat(dead.add("/inbox/a.csv")).isTrue();
                assertThat(alive.add("/inbox/a.csv")).isFalse();
                assertThat(alive.add("/inbox/b.csv")).isTrue();
                Thread.sleep(1500);
                assertThat(dead.add("/inbox/b.csv")).as("a live node's lock stays its own").isFalse();

                List<InboxLocks> contenders = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    contenders.add(new InboxLocks(database.dataSource(), 1000));
                }
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Callable<Boolean>> takes = new ArrayList<>();
                contenders.forEach(c -> takes.add(() -> c.add("/inbox/a.csv")));
                long winners = 0;
                for (Future<Boolean> f : pool.invokeAll(takes)) {
                    winners += f.get() ? 1 : 0;
                }
                pool.shutdown();
                assertThat(winners).as("the dead node's lock goes to exactly one node").isEqualTo(1);
            } finally {
                alive.stop();
            }
        }
    }

    /**
     * A node that stalled past the timeout still reads its file: the node that took its lock over left
     * the file to that run and released the lock, and with no row left, a partner could delete the file.
     */
    @Test
    void should_take_back_the_lock_of_a_file_it_still_reads_after_a_stall() throws Exception {
        try (TestDatabase db = new TestDatabase(); Database database = Database.start(db.config(Map.of()))) {
            InboxLocks stalled = new InboxLocks(database.dataSource(), 1000);
            InboxLocks other = new InboxLocks(database.dataSource(), 1000); // never started: no heartbeat
            stalled.start();
            try {
                assertThat(stalled.add("/inbox/read.csv")).isTrue();
                db.execute("UPDATE inbox_lock SET heartbeat = now() - interval '1 minute'"); // the stall
                assertThat(other.add("/inbox/read.csv")).as("a stale lock is taken over").isTrue();
                other.remove("/inbox/read.csv");  // the file is left to the run its owner still holds

                Awaitility.await().atMost(Duration.ofSeconds(5)).until(
                        () -> stalled.node().equals(db.text("SELECT node FROM inbox_lock WHERE file = '/inbox/read.csv'")));
                assertThat(other.add("/inbox/read.csv")).isFalse();

                stalled.remove("/inbox/read.csv");
                Thread.sleep(600);
                assertThat(db.count("SELECT count(*) FROM inbox_lock")).as("a released lock stays released").isZero();
            } finally {
                stalled.stop();
            }
        }
    }
}
