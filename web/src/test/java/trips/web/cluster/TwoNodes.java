package trips.web.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import trips.testing.TestDatabase;
import trips.web.Folders;
import trips.web.ServerProcess;

/**
 * Two platform JVMs on loopback as operators run them (trips.web.Main, configured only through the
 * environment): one database, one inbox, TRIPS_CLUSTER=true with each other as members.
 */
final class TwoNodes implements AutoCloseable {

    static final long LOCK_TIMEOUT_MS = 5000;
    private static final Pattern COMPLETED = Pattern.compile("trips\\.ingestions - COMPLETED #\\d+ (\\S+) \\(");

    final TestDatabase db = new TestDatabase();
    final Path dir;
    final Path inbox;
    final ServerProcess a;
    final ServerProcess b;

    /** Starts A, then B, and waits until each sees the other; {@code env} is added to both. */
    TwoNodes(Map<String, String> env) throws Exception {
        dir = Files.createTempDirectory("trips-cluster");
        inbox = Files.createDirectories(dir.resolve("inbox"));
        int portA = freePort();
        int portB = freePort();
        while (portB == portA) { // free again once A's probe closed it
            portB = freePort();
        }
        String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        ServerProcess first = null;
        try {
            first = ServerProcess.start("256m", settings(members, portA, env));
            a = first;
            b = ServerProcess.start("256m", settings(members, portB, env));
        } catch (Exception | Error e) {
            if (first != null) {
                first.close();
            }
            cleanUp();
            throw e;
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> a.log().contains("2 members") && b.log().contains("2 members"));
    }

    private Map<String, String> settings(String members, int port, Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("TRIPS_DB_URL", db.url());
        all.put("TRIPS_INBOX", inbox.toString());
        all.put("TRIPS_CLUSTER", "true");
        all.put("TRIPS_CLUSTER_MEMBERS", members);
        all.put("TRIPS_CLUSTER_PORT", Integer.toString(port));
        all.put("TRIPS_CLUSTER_HOST", "127.0.0.1");
        all.put("TRIPS_CLUSTER_LOCK_TIMEOUT_MS", Long.toString(LOCK_TIMEOUT_MS));
        all.put("TRIPS_INGEST_READ_LOCK_MIN_AGE_MS", "200");
        all.putAll(env);
        return all;
    }

    /** Where a file is written before it lands: a dot folder, which the nodes never scan. */
    Path staging() throws IOException {
        return Files.createDirectories(inbox.resolve(".staging"));
    }

    /** The files a node completed, from its log (LoggingIngestionEvents writes each final event). */
    static Set<String> completedBy(ServerProcess node) throws IOException {
        Set<String> files = new TreeSet<>();
        Matcher m = COMPLETED.matcher(node.log());
        while (m.find()) {
            files.add(m.group(1));
        }
        return files;
    }

    /**
     * A free port below Linux's ephemeral range (32768 to 60999). A port from that range, as
     * {@code new ServerSocket(0)} gives, can be taken as the local port of any outgoing connection
     * (the nodes' JDBC pools, A's attempts to reach B) before the node binds it: CI once saw a node
     * refuse to start with "Port [34179] is already in use".
     */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (BindException taken) {
                // another one
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }

    @Override
    public void close() throws Exception {
        try {
            b.close();
        } finally {
            try {
                a.close();
            } finally {
                cleanUp();
            }
        }
    }

    private void cleanUp() throws java.sql.SQLException {
        try {
            db.close();
        } finally {
            Folders.delete(dir);
        }
    }
}
