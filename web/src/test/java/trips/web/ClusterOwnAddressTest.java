package trips.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * This node's own cluster address and bus port are checked before Hazelcast and Vert.x try them,
 * whose own messages would blame the Hazelcast port ("Port [5701] is already in use").
 */
class ClusterOwnAddressTest {

    @Test
    void should_refuse_to_start_on_a_taken_bus_port_naming_it_and_its_setting() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int bus = taken.getLocalPort();

            assertThatThrownBy(() -> new AppFixture(Map.of("trips.cluster", "true", "trips.cluster.host", "127.0.0.1",
                    "trips.cluster.port", "5769", "trips.cluster.bus-port", Integer.toString(bus))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("event-bus port " + bus + " is taken")
                    .hasMessageContaining("trips.cluster.bus-port (TRIPS_CLUSTER_BUS_PORT)")
                    .hasMessageNotContaining("5769");
        }
    }

    @Test
    void should_refuse_to_start_on_a_taken_cluster_port_naming_its_setting() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> new AppFixture(Map.of("trips.cluster", "true", "trips.cluster.host", "127.0.0.1",
                    "trips.cluster.port", Integer.toString(port))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("its port " + port + " is taken")
                    .hasMessageContaining("set trips.cluster.port (TRIPS_CLUSTER_PORT) to a free one");
        }
    }

    @Test
    void should_refuse_a_cluster_host_that_is_not_an_address_of_this_machine() {
        // 192.0.2.1 is TEST-NET-1: documentation only, never a machine's own address
        assertThatThrownBy(() -> new AppFixture(Map.of("trips.cluster", "true", "trips.cluster.host", "192.0.2.1",
                "trips.cluster.port", "5769")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("trips.cluster.host (TRIPS_CLUSTER_HOST) is '192.0.2.1', which is not an"
                        + " address of this machine")
                .hasMessageNotContaining("already in use");
    }
}
