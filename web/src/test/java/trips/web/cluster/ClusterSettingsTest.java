package trips.web.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trips.TripsConfig;

/** trips.cluster.* read once at start-up, and the Hazelcast configuration they make. */
class ClusterSettingsTest {

    private static ClusterSettings settings(Map<String, String> values) {
        return ClusterSettings.of(TripsConfig.load(null, Map.of(), values));
    }

    @Test
    void should_be_off_with_the_defaults() {
        ClusterSettings s = settings(Map.of());

        assertThat(s.enabled()).isFalse();
        assertThat(s.port()).isEqualTo(5701);
        assertThat(s.busPort()).isZero();
        assertThat(s.members()).isEmpty();
        assertThat(s.name()).isEqualTo("trips");
    }

    @Test
    void should_name_each_bad_setting_and_its_variable() {
        assertThatThrownBy(() -> settings(Map.of("trips.cluster", "yes", "trips.cluster.port", "70000",
                "trips.cluster.members", "10.0.0.1:5701, nodeb ,10.0.0.3:x", "trips.cluster.bus-port", "-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("bad configuration: ")
                .hasMessageContaining("trips.cluster (TRIPS_CLUSTER) is 'yes'")
                .hasMessageContaining("trips.cluster.port (TRIPS_CLUSTER_PORT) is '70000'")
                .hasMessageContaining("TRIPS_CLUSTER_MEMBERS) has 'nodeb', expected host:port")
                .hasMessageContaining("has '10.0.0.3:x' whose port is 'x'")
                .hasMessageContaining("trips.cluster.bus-port (TRIPS_CLUSTER_BUS_PORT) (0 for a free one) is '-1'");
    }

    @Test
    void should_join_only_the_listed_members_over_tcp_on_the_given_address_and_port() {
        ClusterSettings s = settings(Map.of("trips.cluster", "true", "trips.cluster.port", "5802",
                "trips.cluster.host", "127.0.0.1", "trips.cluster.members", "127.0.0.1:5801, 127.0.0.1:5802",
                "trips.cluster.name", "staging"));

        Config hz = ClusteredVertx.hazelcast(s);

        JoinConfig join = hz.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5801", "127.0.0.1:5802");
        assertThat(hz.getNetworkConfig().getPort()).isEqualTo(5802);
        assertThat(hz.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(hz.getProperty("hazelcast.local.localAddress")).isEqualTo("127.0.0.1");
        assertThat(hz.getClusterName()).isEqualTo("staging");
        // what Vert.x's cluster manager keeps in Hazelcast comes from its own default configuration
        assertThat(hz.getMultiMapConfigs()).containsKey("__vertx.subs");
    }
}
