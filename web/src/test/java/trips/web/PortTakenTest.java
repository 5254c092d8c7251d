package trips.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A taken HTTP port stops start-up with a message that names the port and the setting to change. */
class PortTakenTest {

    @Test
    void should_refuse_to_start_on_a_taken_port_naming_it_and_its_setting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> new AppFixture(Map.of("trips.http.port", Integer.toString(taken.getLocalPort()))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is taken")
                    .hasMessageContaining("TRIPS_HTTP_PORT");
        }
    }
}
