package trips;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import trips.db.RunningStatements;
import trips.enrich.TripEnricher;
import trips.events.IngestionEvents;
import trips.ingest.ArchiveMoveFailures;
import trips.ingest.BatchLoaders;
import trips.ingest.InboxArchive;
import trips.ingest.InboxLocks;
import trips.ingest.InboxNames;
import trips.ingest.InboxRoute;
import trips.ingest.IngestionRoute;
import trips.ingest.IngestionLedger;
import trips.ingest.IngestionMetrics;
import trips.ingest.IngestionOpener;
import trips.ingest.IngestionSteps;
import trips.ingest.ProgressTicker;
import trips.ingest.RemoteRoute;
import trips.ingest.WaitForRoom;
import trips.load.Dimensions;
import trips.load.FileCompletion;
import trips.load.TripBatchLoader;
import trips.load.TripVacuum;
import trips.load.TripVacuumRoute;
import trips.sftp.SftpDrop;

/**
 * The ingestion engine: a Camel context with the inbox route and the beans it calls, over a
 * migrated database. The process that embeds it (web's Main, tests, the benchmark) owns the
 * database and the event sink; the engine owns Camel and the progress beat.
 */
public final class TripsEngine implements AutoCloseable {

    private final CamelContext camel;
    private final ProgressTicker ticker;
    private final IngestionLedger ledger;
    private final DataSource ds;
    private final ExecutorService completers;
    private final BatchLoaders loaders;

    private TripsEngine(CamelContext camel, ProgressTicker ticker, IngestionLedger ledger, DataSource ds,
                        ExecutorService completers, BatchLoaders loaders) {
        this.camel = camel;
        this.ticker = ticker;
        this.ledger = ledger;
        this.ds = ds;
        this.completers = completers;
        this.loaders = loaders;
    }

    public static TripsEngine start(TripsConfig config, DataSource ds, IngestionEvents events) throws Exception {
        return start(config, ds, events, path -> "inbox");
    }

    /** @param sourceOf names the door a file came through, from its path in the inbox */
    public static TripsEngine start(TripsConfig config, DataSource ds, IngestionEvents events,
                                    Function<Path, String> sourceOf) throws Exception {
        Path inbox = config.inbox();
        checkInbox(inbox);
        // every final status that goes out is counted (trips_ingest_files_total), whichever step ends the file
        IngestionEvents uncounted = events;
        events = IngestionMetrics.countingFiles(events);
        Properties props = config.asProperties();
        props.setProperty("trips.inbox", inbox.toString());

        ProgressTicker ticker = new ProgressTicker(events, config.getLong("trips.ingest.progress-interval-ms"));
        IngestionLedger ledger = new IngestionLedger(ds);
        ledger.dropAbandonedLoadTables();
        TripBatchLoader loader = new TripBatchLoader(ds,
                new Dimensions(ds, config.getInt("trips.ingest.max-new-names-per-batch")));

        // files under inbox/<user>/ of a configured SFTP partner carry "sftp:<user>" (only with the drop on)
        sourceOf = SftpDrop.sourceOf(config, inbox, sourceOf);

        CamelContext camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setInitialProperties(props);
        camel.getRegistry().bind("ingestionOpener", new IngestionOpener(ledger, ticker, events, uncounted, sourceOf,
                config.batchSize()));
        FileCompletion completion = new FileCompletion(ds, config.groupPrecision(),
                config.get("trips.ingest.merge-work-mem"), config.get("trips.ingest.index-work-mem"),
                config.getLong("trips.ingest.partition-rows"), config.getLong("trips.ingest.dense-cell-trips"));
        IngestionSteps steps = new IngestionSteps(config, ledger, loader, completion, ticker, events);
        camel.getRegistry().bind("ingestionSteps", steps);
        BatchLoaders loaders = new BatchLoaders(config.getInt("trips.ingest.loader-threads"),
                new TripEnricher(config.bucketMinutes()), steps);
        camel.getRegistry().bind("batchLoaders", loaders);
        ExecutorService completers = fileCompleters();
        camel.getRegistry().bind("fileCompleters", completers);
        camel.getRegistry().bind("inboxArchive", new InboxArchive(inbox));
        camel.getRegistry().bind("archiveMoveFailures", new ArchiveMoveFailures());
        camel.getRegistry().bind("inboxNames", new InboxNames());
        InboxLocks locks = null;
        if (Boolean.parseBoolean(config.get("trips.cluster"))) {
            locks = new InboxLocks(ds, config.getLong("trips.cluster.lock-timeout-ms"));
            camel.getRegistry().bind("inboxLocks", locks);
            camel.addService(locks);
        }
        camel.addRoutes(new IngestionRoute());
        camel.addRoutes(new InboxRoute());
        camel.getRegistry().bind("tripVacuum", new TripVacuum(ds));
        camel.addRoutes(new TripVacuumRoute());
        // partner doors (issue 6): a route per trips.remotes entry; the SFTP drop as a Camel service,
        // so camel.start() starts it and camel.close() in close() stops it
        RemoteRoute.addAll(camel, config, ds);
        if (config.isSet("trips.sftp.port")) {
            // in cluster mode a taken file has a row in inbox_lock, and no .camelLock beside it
            camel.addService(locks == null ? SftpDrop.fromConfig(config, inbox)
                    : SftpDrop.fromConfig(config, inbox, locks::holdsAnyAt));
        }
        camel.start();
        return new TripsEngine(camel, ticker, ledger, ds, completers, loaders);
    }

    /**
     * The doors' settings (trips.inbox, trips.sftp.*, trips.remotes*), checked before anything
     * starts (the inbox is created if missing): a process calls it before it serves, so that a bad
     * one stops it as early as any other setting.
     */
    public static void checkDoors(TripsConfig config) {
        checkInbox(config.inbox());
        RemoteRoute.check(config);
        if (config.isSet("trips.sftp.port")) {
            SftpDrop.fromConfig(config, config.inbox());
        }
    }

    /** The inbox exists, or can be made, and takes files: else the setting is named, with the reason. */
    private static void checkInbox(Path inbox) {
        try {
            Files.createDirectories(inbox);
            Files.delete(Files.createTempFile(inbox, ".writable", ".probe"));
        } catch (IOException e) {
            // a FileSystemException's message may be the bare path, its reason apart or only in its type
            String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getFile() + ": " + f.getReason()
                    : e.getClass().getSimpleName() + " " + e.getMessage();
            throw new IllegalStateException("bad configuration: trips.inbox (TRIPS_INBOX) is " + inbox
                    + ", which cannot be used: " + reason, e);
        }
    }

    /**
     * One thread: completions run one at a time anyway (they take the merge lock), and one that
     * waits in this queue holds no connection but its run's lock, where one waiting for the merge
     * lock would hold two. One file waits here at most: the door's thread that read the next one waits
     * for the slot, and so reads no further, since every file read ahead of a long completion would
     * keep its lock's connection until then and, a few files later, take the pool from the API.
     */
    private static ExecutorService fileCompleters() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1), r -> {
            Thread t = new Thread(r, "trips-completer");
            t.setDaemon(true);
            return t;
        }, new WaitForRoom());
    }

    public CamelContext camel() {
        return camel;
    }

    /** The SFTP drop, when trips.sftp.port is set: its port() is the bound one (port 0 picks a free port). */
    public Optional<SftpDrop> sftp() {
        return Optional.ofNullable(camel.hasService(SftpDrop.class));
    }

    /** For doors that know a file before it lands in the inbox (an HTTP upload): QUEUED until picked up. */
    public IngestionLedger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        // running statements are cancelled rather than waited for: their files resume at the next start
        try (RunningStatements cancelling = RunningStatements.cancelUntilClosed(ds, 250)) {
            camel.close();
        } catch (Exception e) {
            throw new IllegalStateException("Camel did not stop cleanly", e);
        } finally {
            ticker.close();
            completers.shutdownNow();
            loaders.close();
        }
    }
}
