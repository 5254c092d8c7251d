package trips.sftp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A partner's own SFTP server, as the remote-polling tests need one: MINA SSHD serving a temporary
 * folder to one user with a password. It can be stopped and started again on the same port, the
 * way a partner's server goes away and comes back.
 */
public final class PartnerSftpServer implements AutoCloseable {

    public final Path root;
    private final String user;
    private final String password;
    private final Path hostKey;
    private int port;
    private SshServer server;
    /** Password checks (password and keyboard-interactive logins) per SSH session, for lock-out tests. */
    private final Map<Object, AtomicInteger> passwordChecks = new ConcurrentHashMap<>();

    public PartnerSftpServer(Path root, String user, String password) throws IOException {
        this.root = root;
        this.user = user;
        this.password = password;
        this.hostKey = root.resolveSibling(root.getFileName() + "-host-key");
        start();
    }

    public int port() {
        return port;
    }

    /** Starts on the port of the previous run, or a free one the first time. */
    public void start() throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setPort(port);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
        sshd.setPasswordAuthenticator((u, p, session) -> {
            passwordChecks.computeIfAbsent(session, s -> new AtomicInteger()).incrementAndGet();
            return u.equals(user) && p.equals(password);
        });
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.start();
        server = sshd;
        port = sshd.getPort();
    }

    /** The most passwords a client tried in one session, and how many sessions tried one. */
    public int mostPasswordChecksInOneSession() {
        return passwordChecks.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }

    public int sessionsCheckingPasswords() {
        return passwordChecks.size();
    }

    public void stop() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
