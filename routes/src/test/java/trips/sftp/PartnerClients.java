package trips.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import trips.testing.IngestionFixture;

/** The partners' side: OpenSSH's sftp command in batch mode, and SSHD's Java client with a password. */
public final class PartnerClients implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final SshClient client = SshClient.setUpDefaultClient();

    public PartnerClients() {
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        // only the credentials a test gives: never the keys of whoever runs the build
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.start();
    }

    /** A session logged in with a password; throws when the login is refused. */
    public ClientSession login(int port, String user, String password) throws IOException {
        ClientSession session = client.connect(user, "localhost", port).verify(TIMEOUT).getSession();
        try {
            session.addPasswordIdentity(password);
            session.auth().verify(TIMEOUT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    /** An engine on a fresh database with the SFTP drop on a free port, its partners read from {@code users}. */
    public static IngestionFixture engineWithDrop(Path users, Path hostKey) throws Exception {
        return engineWithDrop(users, hostKey, Map.of());
    }

    /** The same, with further settings. */
    public static IngestionFixture engineWithDrop(Path users, Path hostKey, Map<String, String> settings)
            throws Exception {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(Map.of("trips.sftp.port", "0", "trips.sftp.users-dir", users.toString(),
                "trips.sftp.host-key", hostKey.toString()));
        return new IngestionFixture(all);
    }

    /** A counter's count in {@code metrics}, 0 before it first counts. */
    public static double count(SimpleMeterRegistry metrics, String name, String tag, String value) {
        var c = metrics.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    public static SftpClient sftp(ClientSession session) throws IOException {
        return SftpClientFactory.instance().createSftpClient(session);
    }

    /** Runs OpenSSH's sftp with the batch on its standard input; the result carries the exit code and output. */
    public static Result openssh(int port, Path key, String user, String... batch) throws Exception {
        List<String> command = List.of("sftp", "-b", "-", "-F", "/dev/null", "-i", key.toString(), "-P",
                Integer.toString(port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", "LogLevel=ERROR", user + "@localhost");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write((String.join("\n", batch) + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sftp finished").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /**
     * Runs lftp with a password, as partners do ({@code lftp -u user,pass sftp://host:port -e '...'}).
     * Its ssh reads no configuration and keeps no host key; lftp answers the host-key question itself.
     */
    public static Result lftp(int port, String user, String password, String commands) throws Exception {
        String ssh = "ssh -a -x -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
                + " -o GlobalKnownHostsFile=/dev/null -o LogLevel=ERROR";
        List<String> command = List.of("lftp", "-u", user + "," + password, "-e",
                "set sftp:connect-program \"" + ssh + "\"; set sftp:auto-confirm yes; set net:max-retries 1; "
                        + commands + "; bye",
                "sftp://localhost:" + port);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("lftp finished").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A fresh key pair made by ssh-keygen: returns the private key; the public one is beside it (.pub). */
    public static Path keygen(Path dir, String name) throws Exception {
        Path key = dir.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        assertThat(Files.exists(key.resolveSibling(name + ".pub"))).isTrue();
        return key;
    }

    public record Result(int exit, String output) {
    }

    @Override
    public void close() throws IOException {
        client.stop();
    }
}
