package trips.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import trips.events.IngestionEvent;
import trips.testing.IngestionFixture;

/**
 * With trips.cluster on, a node takes a file by its row in {@code inbox_lock} and no
 * {@code .camelLock} is written: the drop must see that row as the file being taken. The tests
 * plant the row as another node holds it (key: the file's absolute path, Camel's), which also keeps
 * this node's inbox route off the file for as long as a test needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpTakenInClusterTest {

    private static final String PASSWORD = "one of several nodes";

    @TempDir
    static Path dir;
    private IngestionFixture fx;
    private PartnerClients clients;
    private int port;
    private Path gina;

    @BeforeAll
    void start() throws Exception {
        Path users = Files.createDirectories(dir.resolve("sftp-users"));
        Files.writeString(users.resolve("gina.password"), PasswordHash.hash(PASSWORD.toCharArray()));
        fx = PartnerClients.engineWithDrop(users, dir.resolve("host-key"), Map.of("trips.cluster", "true"));
        port = fx.engine.sftp().orElseThrow().port();
        clients = new PartnerClients();
        gina = Files.createDirectories(fx.inbox.resolve("gina"));
    }

    @AfterAll
    void stop() throws Exception {
        clients.close();
        fx.close();
    }

    @Test
    void should_refuse_deleting_or_renaming_a_file_another_node_holds_then_let_it_be_ingested() throws Exception {
        Files.createDirectories(gina.resolve("week"));
        Path held = gina.resolve("week/held.csv");
        lockAsAnotherNode(held);
        Files.writeString(held, TripCsv.rows("held_by_a_node", 5));

        try (ClientSession session = clients.login(port, "gina", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            assertThatThrownBy(() -> sftp.remove("week/held.csv")).isInstanceOf(SftpException.class)
                    .extracting(e -> ((SftpException) e).getStatus()).isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED);
            assertThatThrownBy(() -> sftp.rename("week/held.csv", "moved.csv")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.rename("week", "week2")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.rmdir("week")).isInstanceOf(IOException.class);
        }
        // the planted row is the key this node's route uses too: it has left the file alone
        Thread.sleep(1000);
        assertThat(fx.db.count("SELECT count(*) FROM ingestion WHERE file = 'held.csv'")).isZero();

        assertThat(held).exists();
        fx.db.execute("DELETE FROM inbox_lock");
        assertThat(fx.awaitEnd("held.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".done/gina/week/held.csv")));
    }

    @Test
    void should_let_a_partner_delete_a_file_no_node_holds() throws Exception {
        Files.writeString(gina.resolve("mine.txt"), "not taken\n");

        try (ClientSession session = clients.login(port, "gina", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            sftp.remove("mine.txt");
        }

        assertThat(gina.resolve("mine.txt")).doesNotExist();
    }

    private void lockAsAnotherNode(Path file) throws Exception {
        fx.db.execute("INSERT INTO inbox_lock (file, node, heartbeat) VALUES ('"
                + file.toAbsolutePath().toString().replace("'", "''") + "', 'another-node', now())");
    }
}
