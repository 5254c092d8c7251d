package trips.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import trips.events.IngestionEvent;
import trips.testing.IngestionFixture;

/** What a logged-in partner may not do to the inbox, and the names that never log in. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpPartnerGuardsTest {

    private static final String PASSWORD = "guarded but fine";

    @TempDir
    static Path dir;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private IngestionFixture fx;
    private PartnerClients clients;
    private int port;

    @BeforeAll
    void start() throws Exception {
        Metrics.addRegistry(metrics);
        Path users = Files.createDirectories(dir.resolve("sftp-users"));
        for (String user : new String[] {"dave", "uploads", "Uploads"}) {
            Files.writeString(users.resolve(user + ".password"), PasswordHash.hash(PASSWORD.toCharArray()) + "\n");
        }
        fx = new IngestionFixture(Map.of("trips.sftp.port", "0", "trips.sftp.users-dir", users.toString(),
                "trips.sftp.host-key", dir.resolve("host-key").toString()));
        port = fx.engine.sftp().orElseThrow().port();
        clients = new PartnerClients();
    }

    @AfterAll
    void stop() throws Exception {
        clients.close();
        fx.close();
        Metrics.removeRegistry(metrics);
    }

    @Test
    void should_refuse_a_partner_named_after_the_http_uploads_folder_and_keep_its_files_from_http() throws Exception {
        double before = loginFailures();

        // inbox/uploads/ holds every HTTP upload: a partner rooted there could read and delete them all
        assertThatThrownBy(() -> clients.login(port, "uploads", PASSWORD)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> clients.login(port, "Uploads", PASSWORD)).isInstanceOf(IOException.class);
        fx.dropText("uploads/by-http.csv", TripCsv.rows("http_upload_not_a_partner", 3));

        assertThat(loginFailures()).isGreaterThanOrEqualTo(before + 2);
        IngestionEvent end = fx.awaitEnd("by-http.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.source()).as("not sftp:uploads").isEqualTo("inbox");
    }

    private double loginFailures() {
        var c = metrics.find(PartnerAuthenticator.LOGIN_FAILURES).tag("method", "password").counter();
        return c == null ? 0 : c.count();
    }
}
