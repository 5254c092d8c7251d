package trips.web.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import trips.TripsConfig;

/**
 * A node that finds none of its listed members starts alone, as the first node must; but it says
 * so, and /metrics shows it, since its events then reach only its own browsers.
 */
class AloneInClusterTest {

    private static ClusterSettings settings(int port, String members) {
        return ClusterSettings.of(TripsConfig.load(null, Map.of(), Map.of("trips.cluster", "true",
                "trips.cluster.port", Integer.toString(port), "trips.cluster.host", "127.0.0.1",
                "trips.cluster.members", members)));
    }

    @Test
    void should_count_as_other_members_only_those_not_at_this_nodes_port_on_this_machine() {
        ClusterSettings s = settings(5801, "127.0.0.1:5801, localhost:5801, 127.0.0.1:5802, 192.0.2.1:5801");

        assertThat(ClusteredVertx.otherListedMembers(s)).containsExactly("127.0.0.1:5802", "192.0.2.1:5801");
        assertThat(ClusteredVertx.otherListedMembers(settings(5801, "127.0.0.1:5801"))).isEmpty();
    }

    @Test
    void should_warn_naming_the_members_it_could_not_reach_and_show_one_member_in_the_metrics() throws Exception {
        int port = TwoNodes.freePort();
        int nobody = TwoNodes.freePort();
        while (nobody == port) {
            nobody = TwoNodes.freePort();
        }
        Logger logger = (Logger) LoggerFactory.getLogger(ClusteredVertx.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Vertx vertx = null;
        try {
            vertx = ClusteredVertx.start(settings(port, "127.0.0.1:" + port + ",127.0.0.1:" + nobody), registry)
                    .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        } finally {
            logger.detachAppender(log);
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
            }
        }

        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("alone in cluster 'trips'", "(127.0.0.1:" + nobody + ")",
                        "reach only the browsers connected to it", "TRIPS_CLUSTER_NAME")
                .doesNotContain("127.0.0.1:" + port + ",");
        assertThat(registry.get("trips.cluster.members").gauge().value()).isEqualTo(1.0);
    }
}
