package trips.sftp;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trips.TripsConfig;

/**
 * The SFTP drop (DESIGN section 6): an SSH server offering only SFTP, where each partner sees its
 * own {@code inbox/<user>/} as {@code /}. Finished uploads appear there under their own names and
 * the inbox route takes them like any other file. Runs as a Camel service, so it starts and stops
 * with the engine's context.
 */
public final class SftpDrop extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SftpDrop.class);

    private final int port;
    private final Path hostKey;
    private final PartnerUsers users;
    private final Path inbox;
    private final long maxBytes;
    private final Predicate<Path> lockedByANode;
    private SshServer server;

    private SftpDrop(int port, Path hostKey, PartnerUsers users, Path inbox, long maxBytes,
                     Predicate<Path> lockedByANode) {
        this.port = port;
        this.hostKey = hostKey;
        this.users = users;
        this.inbox = inbox;
        this.maxBytes = maxBytes;
        this.lockedByANode = lockedByANode;
    }

    /** Checks the trips.sftp.* settings; the server starts with the Camel context it is added to. */
    public static SftpDrop fromConfig(TripsConfig config, Path inbox) {
        return fromConfig(config, inbox, path -> false);
    }

    /**
     * The same, for a node of a cluster: {@code lockedByANode} tells whether a node holds the lock of
     * a file (or of one below a folder) in the inbox, which makes it as taken as a .camelLock does.
     */
    public static SftpDrop fromConfig(TripsConfig config, Path inbox, Predicate<Path> lockedByANode) {
        String raw = config.get("trips.sftp.port");
        int port;
        try {
            port = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalStateException("bad configuration: trips.sftp.port (TRIPS_SFTP_PORT) is '" + raw
                    + "', expected 0..65535 (0 picks a free port)");
        }
        Path usersDir = usersDir(config);
        if (!Files.isDirectory(usersDir)) {
            throw new IllegalStateException("bad configuration: trips.sftp.users-dir (TRIPS_SFTP_USERS_DIR) "
                    + usersDir + " is not a folder");
        }
        return new SftpDrop(port, Path.of(config.get("trips.sftp.host-key")).toAbsolutePath(),
                new PartnerUsers(usersDir), inbox, config.getLong("trips.upload.max-bytes"), lockedByANode);
    }

    /**
     * Names the door of a file from its place in the inbox: {@code inbox/<user>/...} is
     * {@code "sftp:<user>"} for a configured partner, anything else is left to {@code fallback}.
     * Without an SFTP port, the fallback alone.
     */
    public static Function<Path, String> sourceOf(TripsConfig config, Path inbox, Function<Path, String> fallback) {
        if (!config.isSet("trips.sftp.port")) {
            return fallback;
        }
        PartnerUsers users = new PartnerUsers(usersDir(config));
        return path -> {
            Path file = path.toAbsolutePath().normalize();
            if (file.startsWith(inbox) && file.getNameCount() > inbox.getNameCount() + 1) {
                String user = file.getName(inbox.getNameCount()).toString();
                if (users.exists(user)) {
                    return "sftp:" + user;
                }
            }
            return fallback.apply(path);
        };
    }

    private static Path usersDir(TripsConfig config) {
        return Path.of(config.get("trips.sftp.users-dir")).toAbsolutePath().normalize();
    }

    /** The port the server listens on: the bound one when configured as 0. */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("the SFTP drop is not running");
        }
        return server.getPort();
    }

    @Override
    protected void doStart() throws IOException, GeneralSecurityException {
        Files.createDirectories(hostKey.getParent());
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(hostKey);
        // a host key that cannot be read must stop start-up, not be silently replaced: partners pin it
        hostKeys.setOverwriteAllowed(false);
        // load (or create) it now rather than at the first connection: a bad key file fails start-up
        hostKeys.loadKeys(null);

        // before any session: none of these can be one of this server's own uploads
        PartialUploads.deleteAbandoned(inbox);
        PartnerAuthenticator authenticator = new PartnerAuthenticator(users);
        PartialUploads uploads = new PartialUploads(maxBytes);
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder()
                .withFileSystemAccessor(new ConfinedAccessor(uploads, lockedByANode))
                .withSftpErrorStatusDataHandler(new SftpErrorStatusDataHandler() {
                    // SSHD sends only a status's generic text ("General failure"), so that exception
                    // messages never reach clients; the upload limit's own message is worth sending
                    @Override
                    public String resolveErrorMessage(SftpSubsystemEnvironment sftp, int id, Throwable e, int subStatus,
                                                      int cmd, Object... args) {
                        return e instanceof PartialUploads.TooLarge ? e.getMessage()
                                : SftpErrorStatusDataHandler.super.resolveErrorMessage(sftp, id, e, subStatus, cmd, args);
                    }
                })
                .build();
        sftp.addSftpEventListener(uploads);

        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setPort(port);
        sshd.setKeyPairProvider(hostKeys);
        // password and public key only: no keyboard-interactive or host-based side doors
        sshd.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
        sshd.setPasswordAuthenticator(authenticator);
        sshd.setPublickeyAuthenticator(authenticator);
        sshd.setFileSystemFactory(new PartnerHomes(inbox));
        // SFTP only: no shell, no exec (no command factory), no port forwarding
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        try {
            sshd.start();
        } catch (BindException e) {
            sshd.stop(true);
            throw TripsConfig.portTaken("trips.sftp.port", port, e);
        }
        server = sshd;
        LOG.info("SFTP drop listening on port {} (users from {}, host key {})", sshd.getPort(), users.dir(), hostKey);
    }

    @Override
    protected void doStop() throws IOException {
        if (server != null) {
            // immediately: open uploads are abandoned, and their partial files deleted
            server.stop(true);
            server = null;
        }
    }
}
