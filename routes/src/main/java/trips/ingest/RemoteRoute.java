package trips.ingest;

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
 * whole in memory), ingests it as {@code "remote:<host>"}, and only once the ingestion has
 * committed moves it on the remote to .done/, or to .failed/ when it could not be read. A passing
 * fault leaves the file on the remote for the next poll.
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
        List<String> entries = RemoteUri.split(config.get("trips.remotes"));
        Path workRoot = Path.of(config.get("trips.remotes.work-dir")).toAbsolutePath().normalize();
        long delayMs = delayMs(config);
        for (int n = 1; n <= entries.size(); n++) {
            Path workDir = Files.createDirectories(workRoot.resolve("remote-" + n));
            String handler = "remoteErrors-" + n;
            RemoteUri remote = RemoteUri.parse(entries.get(n - 1), n, workDir, delayMs, handler);
            String host = camel.resolvePropertyPlaceholders(remote.host);
            RemoteErrors errors = new RemoteErrors(remote.routeId, host);
            camel.getRegistry().bind(handler, errors);
            camel.addRoutes(new RemoteRoute(remote, "remote:" + host, errors, !cluster));
            routeIds.add(remote.routeId);
        }
        if (cluster && !routeIds.isEmpty()) {
            // with several nodes only the leader polls: two nodes would download and move the same files
            camel.addService(new RemoteLeadership(camel, ds, routeIds, 2000));
        }
    }

    private static long delayMs(TripsConfig config) {
        String raw = config.get("trips.remotes.delay-ms");
        try {
            long ms = Long.parseLong(raw);
            if (ms >= 100) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("bad configuration: trips.remotes.delay-ms (TRIPS_REMOTES_DELAY_MS) is '"
                + raw + "', expected a whole number of milliseconds, at least 100");
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
            .setProperty(TARGET, simple(".done/${file:name}"))
            .setHeader(IngestionRoute.FILE, header(Exchange.FILE_LOCAL_WORK_PATH))
            .setHeader(IngestionRoute.NAME, header(Exchange.FILE_NAME_ONLY))
            .setHeader(IngestionRoute.SOURCE, constant(source))
            .to("direct:ingest")
            .filter(exchangeProperty(IngestionRoute.FAILED).isNotNull())
                .setProperty(TARGET, simple(".failed/${file:name}"))
            .end();
    }
}
