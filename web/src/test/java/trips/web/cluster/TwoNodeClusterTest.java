package trips.web.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import trips.ingest.AggregateChecks;
import trips.web.BridgeClient;
import trips.web.ServerProcess;
import trips.web.TripFiles;

/**
 * Two platform JVMs clustered on loopback over one database and one inbox (TRIPS_CLUSTER=true): each
 * file is ingested by exactly one node, every node's websocket clients hear every node's events, and a
 * node killed mid-file leaves its file to the other, which finishes it without adding anything twice.
 */
class TwoNodeClusterTest {

    private Vertx client;

    @BeforeEach
    void setUp() {
        client = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void should_ingest_each_of_40_files_exactly_once_and_tell_the_clients_of_both_nodes() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of("TRIPS_INGEST_BATCH_SIZE", "500"));
             BridgeClient onA = BridgeClient.connect(client, nodes.a.port()).listen("trips.ingestions");
             BridgeClient onB = BridgeClient.connect(client, nodes.b.port()).listen("trips.ingestions")) {
            // given 40 files prepared aside
            long expected = 0;
            Set<String> names = new TreeSet<>();
            for (int f = 0; f < 40; f++) {
                int rows = 300 + 37 * f;
                TripFiles.write(nodes.staging().resolve("f" + f + ".csv"), rows, 0, 7000 + f);
                expected += rows;
                names.add("f" + f + ".csv");
            }

            // when they land at once
            for (String name : names) {
                Files.move(nodes.staging().resolve(name), nodes.inbox.resolve(name));
            }
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> nodes.db.count("SELECT count(*) FROM ingestion WHERE status <> 'RUNNING'") >= 40
                            && completed(onA).size() == 40 && completed(onB).size() == 40);
            Thread.sleep(1500); // a second claim of a file would show up as a 41st ingestion or a 41st event

            // then each file was ingested once, by one node or the other
            assertThat(nodes.db.count("SELECT count(*) FROM ingestion")).isEqualTo(40);
            assertThat(nodes.db.count("SELECT count(*) FROM ingestion WHERE status = 'COMPLETED'")).isEqualTo(40);
            assertThat(nodes.db.count("SELECT count(*) FROM trip")).isEqualTo(expected);
            assertThat(nodes.db.count(AggregateChecks.GROUPS_DIFFERING)).isZero();
            assertThat(nodes.db.count(AggregateChecks.REGION_DAYS_DIFFERING)).isZero();
            Set<String> byA = TwoNodes.completedBy(nodes.a);
            Set<String> byB = TwoNodes.completedBy(nodes.b);
            assertThat(byA).doesNotContainAnyElementsOf(byB);
            assertThat(union(byA, byB)).isEqualTo(names);
            assertThat(byA).as("files ingested by node A").isNotEmpty();
            assertThat(byB).as("files ingested by node B").isNotEmpty();
            // and the clients of each node heard every COMPLETED once, the other node's files included
            for (BridgeClient c : List.of(onA, onB)) {
                List<String> heard = completed(c);
                assertThat(heard).hasSize(40).doesNotHaveDuplicates();
                assertThat(heard).containsAll(byA).containsAll(byB);
            }
        }
    }

    @Test
    void should_finish_the_file_of_a_node_killed_mid_file_on_the_other_node_adding_nothing_twice() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of("TRIPS_INGEST_BATCH_SIZE", "5000"))) {
            // given a file of 300,000 trips and 30 bad rows: 61 batches
            Path file = TripFiles.write(nodes.staging().resolve("big.csv"), 300_000, 30, 77);
            try (BridgeClient onA = BridgeClient.connect(client, nodes.a.port()).listen("trips.ingestions");
                 BridgeClient onB = BridgeClient.connect(client, nodes.b.port()).listen("trips.ingestions")) {
                Files.move(file, nodes.inbox.resolve("big.csv"));
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                        .until(() -> batchesDone(nodes) >= 3);
                boolean aHasIt = nodes.a.log().contains(" big.csv (inbox)");
                ServerProcess victim = aHasIt ? nodes.a : nodes.b;
                ServerProcess survivor = aHasIt ? nodes.b : nodes.a;
                BridgeClient survivorsClient = aHasIt ? onB : onA;
                assertThat(survivor.log()).doesNotContain(" big.csv (inbox)");
                // the survivor's client hears the victim's events: the event bus spans the nodes
                await().atMost(Duration.ofSeconds(10)).until(() -> types(survivorsClient).containsAll(List.of("STARTED", "PROGRESS")));

                // when the node reading it dies, mid-file
                victim.kill();
                Instant killedAt = Instant.now();
                // committed batches, waiting in the file's load table until it completes
                long atKill = nodes.db.count("SELECT rows_loaded FROM ingestion");
                assertThat(nodes.db.text("SELECT status FROM ingestion")).isEqualTo("RUNNING");
                assertThat(atKill).isPositive().isLessThan(300_000);

                // then the other node takes the file once the dead node's lock is stale, and finishes it
                JsonObject end = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                        .until(() -> last(survivorsClient), e -> e != null && BridgeClient.isTerminal(e.getString("type")));
                assertThat(end.getString("type")).as(end.encode()).isEqualTo("COMPLETED");
                assertThat(end.getLong("rowsRead")).isEqualTo(300_030);
                assertThat(end.getLong("rowsLoaded")).isEqualTo(300_000);
                assertThat(end.getLong("rowsRejected")).isEqualTo(30);
                List<JsonObject> starts = survivorsClient.eventsOf("big.csv").stream()
                        .filter(e -> "STARTED".equals(e.getString("type"))).collect(Collectors.toList());
                assertThat(starts).hasSize(2);
                JsonObject resumed = starts.get(1);
                assertThat(resumed.getLong("id")).isEqualTo(starts.get(0).getLong("id"));
                assertThat(resumed.getLong("rowsLoaded")).as("resumed from the ledger").isPositive();
                assertThat(Duration.between(killedAt, Instant.parse(resumed.getString("at"))))
                        .as("taken over only once the lock went stale").isGreaterThan(Duration.ofSeconds(3));
                assertThat(survivor.log()).contains("COMPLETED #" + end.getLong("id") + " big.csv (inbox)");
            }

            assertThat(nodes.db.count("SELECT count(*) FROM ingestion")).isEqualTo(1);
            assertThat(nodes.db.text("SELECT status FROM ingestion")).isEqualTo("COMPLETED");
            assertThat(nodes.db.count("SELECT count(*) FROM trip")).isEqualTo(300_000);
            assertThat(nodes.db.count("SELECT rows_read FROM ingestion")).isEqualTo(300_030);
            assertThat(nodes.db.count("SELECT rows_loaded FROM ingestion")).isEqualTo(300_000);
            assertThat(nodes.db.count("SELECT rows_rejected FROM ingestion")).isEqualTo(30);
            assertThat(nodes.db.count("SELECT count(*) FROM ingestion_reject")).isEqualTo(30);
            assertThat(nodes.db.count("SELECT count(*) FROM ingestion_batch")).isEqualTo(61);
            assertThat(nodes.db.count(AggregateChecks.GROUPS_DIFFERING)).isZero();
            assertThat(nodes.db.count(AggregateChecks.REGION_DAYS_DIFFERING)).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(nodes.inbox.resolve(".done/big.csv")));
            await().atMost(Duration.ofSeconds(10)).until(() -> nodes.db.count("SELECT count(*) FROM inbox_lock") == 0);
        }
    }

    private static List<String> completed(BridgeClient c) {
        return c.events("trips.ingestions").stream().filter(e -> "COMPLETED".equals(e.getString("type")))
                .map(e -> e.getString("file")).collect(Collectors.toList());
    }

    private static List<String> types(BridgeClient c) {
        return c.eventsOf("big.csv").stream().map(e -> e.getString("type")).collect(Collectors.toList());
    }

    private static JsonObject last(BridgeClient c) {
        List<JsonObject> events = c.eventsOf("big.csv");
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }

    private static long batchesDone(TwoNodes nodes) {
        try {
            String v = nodes.db.text("SELECT batches_done FROM ingestion");
            return v == null ? 0 : Long.parseLong(v);
        } catch (Exception e) {
            return 0; // the row is not there yet
        }
    }

    private static Set<String> union(Set<String> x, Set<String> y) {
        Set<String> all = new TreeSet<>(x);
        all.addAll(y);
        return all;
    }
}
