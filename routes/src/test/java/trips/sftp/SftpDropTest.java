package trips.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import trips.events.IngestionEvent;
import trips.testing.IngestionFixture;

/**
 * Partners push files to the SFTP drop with real clients (OpenSSH's sftp, SSHD's Java client) into
 * a running engine on a real PostgreSQL. alice logs in with a key made by ssh-keygen, bob with a password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpDropTest {

    private static final String BOB_PASSWORD = "correct horse battery staple";

    @TempDir
    static Path dir;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private IngestionFixture fx;
    private PartnerClients clients;
    private Path aliceKey;
    private int port;

    @BeforeAll
    void start() throws Exception {
        Metrics.addRegistry(metrics);
        Path users = Files.createDirectories(dir.resolve("sftp-users"));
        aliceKey = PartnerClients.keygen(dir, "alice_key");
        Files.copy(dir.resolve("alice_key.pub"), users.resolve("alice.authorized_keys"));
        Files.writeString(users.resolve("bob.password"), PasswordHash.hash(BOB_PASSWORD.toCharArray()) + "\n");
        fx = PartnerClients.engineWithDrop(users, dir.resolve("keys/host-key"));
        port = fx.engine.sftp().orElseThrow().port();
        clients = new PartnerClients();
    }

    @AfterAll
    void stop() throws Exception {
        clients.close();
        fx.close();
        Metrics.removeRegistry(metrics);
    }

    /** /metrics prints the description as the meter's HELP line, which was empty for both. */
    @Test
    void should_describe_its_meters() {
        for (String name : new String[] {ConfinedAccessor.REFUSED_PATHS, PartnerAuthenticator.LOGIN_FAILURES}) {
            assertThat(metrics.find(name).counters()).as(name).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.getId().getDescription()).as(name).startsWith("SFTP "));
        }
    }

    @Test
    void should_ingest_a_file_pushed_by_openssh_sftp_with_a_key_as_coming_from_its_user() throws Exception {
        Path local = dir.resolve("from-alice.csv");
        Files.writeString(local, TripCsv.rows("alice_key_push", 40));

        PartnerClients.Result put = PartnerClients.openssh(port, aliceKey, "alice", "put " + local, "ls -1");

        assertThat(put.exit()).as(put.output()).isZero();
        IngestionEvent end = fx.awaitEnd("from-alice.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.source()).isEqualTo("sftp:alice");
        assertThat(end.rowsLoaded()).isEqualTo(40);
        assertThat(fx.db.text("SELECT source || ' ' || status || ' ' || rows_loaded FROM ingestion WHERE id = " + end.id()))
                .isEqualTo("sftp:alice COMPLETED 40");
    }

    @Test
    void should_ingest_a_file_pushed_by_a_java_client_with_a_password_as_coming_from_its_user() throws Exception {
        try (ClientSession session = clients.login(port, "bob", BOB_PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            try (var out = sftp.write("from-bob.csv")) {
                out.write(TripCsv.rows("bob_password_push", 25).getBytes(StandardCharsets.UTF_8));
            }
        }

        IngestionEvent end = fx.awaitEnd("from-bob.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.source()).isEqualTo("sftp:bob");
        assertThat(fx.db.count("SELECT rows_loaded FROM ingestion WHERE source = 'sftp:bob' AND file = 'from-bob.csv'"))
                .isEqualTo(25);
    }

    @Test
    void should_refuse_a_wrong_password_an_unknown_user_and_an_unknown_key() throws Exception {
        double before = loginFailures("password") + loginFailures("publickey");
        Path strangerKey = PartnerClients.keygen(dir, "stranger_key");
        Path local = dir.resolve("from-stranger.csv");
        Files.writeString(local, TripCsv.rows("stranger", 3));

        assertThatThrownBy(() -> clients.login(port, "bob", "wrong password")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> clients.login(port, "mallory", BOB_PASSWORD)).isInstanceOf(IOException.class);
        PartnerClients.Result stranger = PartnerClients.openssh(port, strangerKey, "alice", "put " + local);

        assertThat(stranger.exit()).as(stranger.output()).isNotZero();
        assertThat(stranger.output()).contains("Permission denied");
        assertThat(loginFailures("password") + loginFailures("publickey")).isGreaterThanOrEqualTo(before + 3);
        assertThat(fx.inbox.resolve("alice/from-stranger.csv")).doesNotExist();
        assertThat(fx.inbox.resolve("mallory")).doesNotExist();
    }

    @Test
    void should_refuse_writes_above_the_users_folder_or_into_another_users_folder_and_write_nothing() throws Exception {
        Files.createDirectories(fx.inbox.resolve("bob"));
        Path local = dir.resolve("escape.csv");
        Files.writeString(local, TripCsv.rows("escape", 2));
        double refusedBefore = refusedPaths("parent");

        for (String target : new String[] {"../escape.csv", "../bob/escape.csv", "/../bob/escape.csv", "x/../../escape.csv"}) {
            PartnerClients.Result put = PartnerClients.openssh(port, aliceKey, "alice", "put " + local + " " + target);
            assertThat(put.exit()).as(target + ": " + put.output()).isNotZero();
        }
        // OpenSSH's sftp sends two requests for each put, each refused and counted; SSHD's client sends one
        double requestsBefore = refusedPaths("parent");
        try (ClientSession session = clients.login(port, "bob", BOB_PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            assertThatThrownBy(() -> sftp.write("../alice/escape.csv").close()).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.mkdir("../outside")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.rename("/../alice", "mine")).isInstanceOf(IOException.class);
        }

        assertThat(fx.inbox.resolve("escape.csv")).doesNotExist();
        assertThat(fx.inbox.resolve("bob/escape.csv")).doesNotExist();
        assertThat(fx.inbox.resolve("alice/escape.csv")).doesNotExist();
        assertThat(fx.inbox.resolve("alice/.done")).doesNotExist();
        assertThat(fx.inbox.resolve("outside")).doesNotExist();
        assertThat(fx.inbox.getParent().resolve("escape.csv")).doesNotExist();
        assertThat(requestsBefore).isGreaterThanOrEqualTo(refusedBefore + 4);
        assertThat(refusedPaths("parent")).as("each refused request once").isEqualTo(requestsBefore + 3);
    }

    @Test
    void should_not_follow_symbolic_links_out_of_the_users_folder() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not yours\n");
        Path bob = Files.createDirectories(fx.inbox.resolve("bob"));
        // planted by someone with a shell on the machine: a partner cannot create links itself
        Files.createSymbolicLink(bob.resolve("door"), outside);
        Files.createSymbolicLink(bob.resolve("secret-link.txt"), outside.resolve("secret.txt"));
        double symlinkBefore = refusedPaths("symlink");
        double linkBefore = refusedPaths("link");

        try (ClientSession session = clients.login(port, "bob", BOB_PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            assertThatThrownBy(() -> sftp.read("door/secret.txt").readAllBytes()).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.read("secret-link.txt").readAllBytes()).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.write("door/planted.csv").close()).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.remove("door/secret.txt")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.symLink("root-link", "/")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.symLink("etc-link", "../../../../../../etc")).isInstanceOf(IOException.class);
            assertThat(names(sftp, "/")).doesNotContain("door", "secret-link.txt");
        }

        try (var files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
        }
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("not yours\n");
        assertThat(bob.resolve("root-link")).doesNotExist();
        assertThat(bob.resolve("etc-link")).doesNotExist();
        assertThat(refusedPaths("symlink")).as("each refused request once").isEqualTo(symlinkBefore + 4);
        assertThat(refusedPaths("link")).isEqualTo(linkBefore + 2);
    }

    @Test
    void should_let_a_partner_list_and_delete_its_own_files() throws Exception {
        try (ClientSession session = clients.login(port, "bob", BOB_PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            sftp.mkdir("drafts");
            try (var out = sftp.write("drafts/notes.txt")) {
                out.write("kept aside\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(names(sftp, "drafts")).containsExactly("notes.txt");

            sftp.remove("drafts/notes.txt");
            sftp.rmdir("drafts");

            assertThat(names(sftp, "/")).doesNotContain("drafts");
        }
        assertThat(fx.inbox.resolve("bob/drafts")).doesNotExist();
    }

    static java.util.List<String> names(SftpClient sftp, String path) throws IOException {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (SftpClient.DirEntry e : sftp.readDir(path)) {
            if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                names.add(e.getFilename());
            }
        }
        return names;
    }

    private double loginFailures(String method) {
        return PartnerClients.count(metrics, PartnerAuthenticator.LOGIN_FAILURES, "method", method);
    }

    private double refusedPaths(String reason) {
        return PartnerClients.count(metrics, ConfinedAccessor.REFUSED_PATHS, "reason", reason);
    }
}
