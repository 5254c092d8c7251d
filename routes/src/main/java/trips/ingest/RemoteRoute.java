package trips.ingest;

import com.jcraft.jsch.JSch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import trips.TripsConfig;

/**
 * The remote door: one route per entry of trips.remotes (remote-1, remote-2, ...). Each polls an
 * SFTP or FTP folder, downloads a file that has stopped changing into a local work folder (never
 * whole in memory), ingests it as {@code "remote:<scheme>://<user>@<host>[:<port>]/<folder>"}, and
 * only once the ingestion has committed moves it on the remote to .done/, or to .failed/ when it
 * could not be read, under a name tagged with the ingestion's id ({@link RemoteArchiveName}). A
 * passing fault leaves the file on the remote for the next poll.
 */
public final class RemoteRoute extends RouteBuilder {

    /** Exchange property: where the consumer moves the remote file once the exchange is done. */
    static final String TARGET = "tripsRemoteTarget";

    private final RemoteUri remote;
    private final String source;
    private final RemoteErrors errors;

    private final boolean autoStartup;

    private RemoteRoute(RemoteUri remote, String source, RemoteErrors errors, boolean autoStartup) {
        this.remote = remote;
        this.source = source;
        this.errors = errors;
        this.autoStartup = autoStartup;
    }

    /** Adds a route per configured remote; a bad entry fails start-up with the entry's number. */
    public static void addAll(CamelContext camel, TripsConfig config, DataSource ds) throws Exception {
        boolean cluster = Boolean.parseBoolean(config.get("trips.cluster"));
        List<String> routeIds = new ArrayList<>();
        List<RemoteUri> remotes = parseAll(config);
        for (int n = 1; n <= remotes.size(); n++) {
            Files.createDirectories(workDir(config, n));
            String handler = handler(n);
            RemoteUri remote = remotes.get(n - 1);
            String address = camel.resolvePropertyPlaceholders(remote.address);
            RemoteErrors errors = new RemoteErrors(remote.routeId, address);
            camel.getRegistry().bind(handler, errors);
            camel.addRoutes(new RemoteRoute(remote, "remote:" + address, errors, !cluster));
            routeIds.add(remote.routeId);
            if (remote.scheme.equals("sftp")) {
                // JSch retries a refused password until MaxAuthTries (6), every poll: enough to lock
                // the partner's account or trip fail2ban. Camel has no per-endpoint option for it and
                // builds its own JSch, so this is set for the JVM (only these consumers use JSch).
                JSch.setConfig("MaxAuthTries", "1");
            }
        }
        if (cluster && !routeIds.isEmpty()) {
            // with several nodes only the leader polls: two nodes would download and move the same files
            camel.addService(new RemoteLeadership(camel, ds, routeIds, 2000));
        }
    }

    /** How many remotes a trips.remotes setting lists (each is a door that reads files of its own). */
    public static int count(String remotes) {
        return RemoteUri.split(remotes).size();
    }

    /**
     * Checks the trips.remotes* settings without creating or starting anything, so that a bad one
     * stops the process before it serves anything.
     */
    public static void check(TripsConfig config) {
        parseAll(config);
    }

    private static List<RemoteUri> parseAll(TripsConfig config) {
        List<String> entries = RemoteUri.split(config.get("trips.remotes"));
        long delayMs = millis(config, "trips.remotes.delay-ms", 100, Long.MAX_VALUE);
        long minAgeMs = millis(config, "trips.remotes.read-lock-min-age-ms", 0, 3_600_000);
        List<RemoteUri> remotes = new ArrayList<>();
        for (int n = 1; n <= entries.size(); n++) {
            RemoteUri.requireResolvable(entries.get(n - 1), n, System.getenv());
            remotes.add(RemoteUri.parse(entries.get(n - 1), n, workDir(config, n), delayMs, minAgeMs, handler(n)));
        }
        return remotes;
    }

    private static Path workDir(TripsConfig config, int n) {
        return Path.of(config.get("trips.remotes.work-dir")).toAbsolutePath().normalize().resolve("remote-" + n);
    }

    private static String handler(int n) {
        return "remoteErrors-" + n;
    }

    private static long millis(TripsConfig config, String key, long min, long max) {
        String raw = config.get(key);
        try {
            long ms = Long.parseLong(raw);
            if (ms >= min && ms <= max) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("bad configuration: " + key + " (" + TripsConfig.envName(key) + ") is '"
                + raw + "', expected a whole number of milliseconds, at least " + min
                + (max < Long.MAX_VALUE ? " and at most " + max : ""));
    }

    @Override
    public void configure() {
        // an exception (the database away) must reach the consumer, which then leaves the file in place
        errorHandler(noErrorHandler());
        // the file consumer rolls a failed exchange back without telling its exception handler
        onCompletion().onFailureOnly().process(errors::fileFailed);

        from(remote.uri)
            .routeId(remote.routeId)
            .autoStartup(autoStartup)
            .setHeader(IngestionRoute.FILE, header(Exchange.FILE_LOCAL_WORK_PATH))
            .setHeader(IngestionRoute.NAME, header(Exchange.FILE_NAME_ONLY))
            .setHeader(IngestionRoute.SOURCE, constant(source))
            .setHeader(IngestionRoute.CHANGED, header(Exchange.FILE_LAST_MODIFIED))
            .to("direct:ingest")
            .process(RemoteArchiveName::decide);
    }
}
