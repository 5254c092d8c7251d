package trips.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trips.TripsConfig;

/** The drop's identity: a host key made on first start and presented again after every restart. */
class SftpHostKeyTest {

    @TempDir
    Path dir;

    @Test
    void should_create_the_host_key_on_first_start_and_keep_it_across_restarts() throws Exception {
        Path hostKey = dir.resolve("data/sftp-host-key");
        Files.createDirectories(dir.resolve("users"));
        TripsConfig config = config(hostKey, "0");

        PublicKey first = presentedKey(config);
        byte[] stored = Files.readAllBytes(hostKey);
        PublicKey second = presentedKey(config);

        assertThat(first).isEqualTo(second);
        assertThat(Files.readAllBytes(hostKey)).isEqualTo(stored);
    }

    @Test
    void should_refuse_to_start_on_a_bad_port_or_a_missing_users_folder() {
        Path hostKey = dir.resolve("host-key");
        assertThatThrownBy(() -> SftpDrop.fromConfig(config(hostKey, "22x"), dir))
                .hasMessageContaining("TRIPS_SFTP_PORT").hasMessageContaining("22x");
        assertThatThrownBy(() -> SftpDrop.fromConfig(config(hostKey, "70000"), dir))
                .hasMessageContaining("TRIPS_SFTP_PORT");
        assertThatThrownBy(() -> SftpDrop.fromConfig(config(hostKey, "0"), dir))
                .hasMessageContaining("TRIPS_SFTP_USERS_DIR");
    }

    @Test
    void should_refuse_to_start_on_a_taken_port_naming_it_and_its_setting() throws Exception {
        Files.createDirectories(dir.resolve("users"));
        try (ServerSocket taken = new ServerSocket(0)) {
            String port = Integer.toString(taken.getLocalPort());
            SftpDrop drop = SftpDrop.fromConfig(config(dir.resolve("host-key"), port), dir);
            // started as the engine starts it: a service of its Camel context
            try (CamelContext camel = new DefaultCamelContext()) {
                camel.addService(drop);
                assertThatThrownBy(camel::start).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("port " + port + " is taken")
                        .hasMessageContaining("trips.sftp.port (TRIPS_SFTP_PORT)");
            }
        }
    }

    private TripsConfig config(Path hostKey, String port) {
        return TripsConfig.load(null, Map.of(), Map.of("trips.sftp.port", port,
                "trips.sftp.users-dir", dir.resolve("users").toString(), "trips.sftp.host-key", hostKey.toString()));
    }

    /** Starts the drop, reads the key a client is shown, stops the drop. */
    private PublicKey presentedKey(TripsConfig config) throws IOException {
        SftpDrop drop = SftpDrop.fromConfig(config, Files.createDirectories(dir.resolve("inbox")));
        drop.start();
        AtomicReference<PublicKey> seen = new AtomicReference<>();
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> {
            seen.set(key);
            return true;
        });
        client.start();
        try (ClientSession session = client.connect("nobody", "localhost", drop.port()).verify(Duration.ofSeconds(20))
                .getSession()) {
            session.addPasswordIdentity("wrong");
            // the key exchange, where the host key is shown, happens before the login is refused
            assertThatThrownBy(() -> session.auth().verify(Duration.ofSeconds(20))).isInstanceOf(IOException.class);
        } finally {
            client.stop();
            drop.stop();
        }
        assertThat(seen.get()).isNotNull();
        return seen.get();
    }
}
