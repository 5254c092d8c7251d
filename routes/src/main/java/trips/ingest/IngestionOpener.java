package trips.ingest;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.zip.ZipException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trips.events.IngestionEvent;
import trips.events.IngestionEvents;
import trips.parse.Gzip;

/**
 * First step for every file: identify it by content, then decide what it is. The very file of a
 * completed ingestion, left in place by a crash: that ingestion, moved now. Identical to a
 * completed file: DUPLICATE, nothing more. Identical to a file whose run died: resume that run.
 * Registered by a door in advance (an upload): take over that ingestion. Otherwise a new one.
 */
public final class IngestionOpener implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(IngestionOpener.class);

    /** Exchange property holding the {@link IngestionRun} of a file to load; absent for a duplicate. */
    public static final String RUN = "tripsRun";
    /** Exchange property: the file's last-modified time (ms) when it was opened. */
    public static final String MODIFIED = "tripsModified";
    /** Exchange property: the file's {@link FileIdentity}, taken before anything reads it. */
    public static final String IDENTITY = "tripsFileIdentity";

    /** Completed ingestions whose COMPLETED this process sent again; few: crashes and failed moves only. */
    private final Set<Long> announcedAgain = ConcurrentHashMap.newKeySet();
    /** Files left to another attempt at their run, said once each: they come back at every poll until it ends. */
    private final Set<String> announcedLeft = ConcurrentHashMap.newKeySet();
    private final IngestionLedger ledger;
    private final ProgressTicker ticker;
    private final IngestionEvents events;
    private final Function<Path, String> sourceOf;
    private final int batchSize;
    private final IngestionEvents uncounted;

    /**
     * @param uncounted the same events, not counted in trips_ingest_files_total: a COMPLETED sent again
     *                  (the file was archived late) ends no file, and counted on another node than the
     *                  one that completed it, the sum over the nodes said one file more
     */
    public IngestionOpener(IngestionLedger ledger, ProgressTicker ticker, IngestionEvents events,
                           IngestionEvents uncounted, Function<Path, String> sourceOf, int batchSize) {
        this.uncounted = uncounted;
        this.batchSize = batchSize;
        this.ledger = ledger;
        this.ticker = ticker;
        this.events = events;
        this.sourceOf = sourceOf;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Path path = Path.of(exchange.getIn().getHeader(IngestionRoute.FILE, String.class)).toAbsolutePath();
        String name = exchange.getIn().getHeader(IngestionRoute.NAME, String.class);
        String source = exchange.getIn().getHeader(IngestionRoute.SOURCE, String.class);
        if (source == null) {
            source = sourceOf.apply(path);
        }
        // taken before the hash reads the file: a change from here on shows at completion
        exchange.setProperty(IDENTITY, FileIdentity.of(path));
        exchange.setProperty(MODIFIED, Files.getLastModifiedTime(path).toMillis());
        Optional<Long> held = ledger.heldRunAt(path.toString());
        if (held.isPresent()) {
            if (announcedLeft.add(held.get() + " " + path)) {
                LOG.info("{}: ingestion {} of this file is running in another attempt: the file is left to it", name,
                        held.get());
            }
            throw new LeftToAnotherAttempt(held.get());
        }
        long size = Files.size(path);
        String hash = sha256(path);
        open(exchange, path, name, source, size, hash);
    }

    private void open(Exchange exchange, Path path, String name, String source, long size, String hash)
            throws Exception {
        // whatever this content turns out to be (new, a duplicate, another run to resume)
        endSupersededRuns(path.toString(), hash);
        Optional<Long> queued = ledger.findQueued(path.toString());
        Optional<Long> completed = ledger.findCompleted(hash);
        // a remote file is downloaded again after a crash: its local copy is new, the remote one is not
        Long changedThere = exchange.getIn().getHeader(IngestionRoute.CHANGED, Long.class);
        long changed = changedThere != null ? changedThere : changed(path);
        Optional<Long> same = completed.isPresent() && queued.isEmpty()
                ? ledger.findCompletedFrom(hash, path.toString(), changed) : Optional.empty();
        if (same.isPresent()) {
            // this very file completed, and the process died before moving it: it is moved now, and
            // its COMPLETED, which may never have gone out, goes out again; once per process (each
            // node, and each restart, has its own set), while a move that keeps failing (something in
            // the way in .done) brings the file back at every poll
            exchange.setProperty(RemoteArchiveName.INGESTION_ID, same.get());
            if (announcedAgain.add(same.get())) {
                ledger.run(same.get(), size).finish(uncounted, IngestionEvent.Type.COMPLETED, null);
            }
            return;
        }
        if (completed.isPresent()) {
            long id = queued.isPresent() ? queued.get()
                    : ledger.create(source, name, path.toString(), hash, size, "DUPLICATE");
            String reason = "same content as ingestion " + completed.get();
            exchange.setProperty(RemoteArchiveName.INGESTION_ID, id);
            ledger.duplicate(id, hash, size, completed.get(), reason);
            ledger.run(id, size).finish(events, IngestionEvent.Type.DUPLICATE, reason);
            return;
        }
        Optional<Long> unfinished = ledger.findUnfinished(hash);
        long id;
        Optional<RunLock> lock;
        if (unfinished.isPresent()) {
            id = unfinished.get();
            lock = ledger.lockRun(id);
            if (lock.isPresent() && !ledger.isRunning(id)) {
                // it ended between the look-up and the lock (its completion let the lock go): started
                // again, it would be a completed ingestion loaded twice; decided again, it is a duplicate
                lock.get().close();
                open(exchange, path, name, source, size, hash);
                return;
            }
            if (lock.isEmpty() && queued.isEmpty() && (ledger.isAt(id, path.toString()) || changedThere != null)) {
                // this very file, which another attempt is running now (a node that stalled past its
                // inbox lock's timeout): called a DUPLICATE of itself and archived, it was moved from
                // under that run; left in place, it is that run's to archive, or to resume if it dies.
                // A remote file is downloaded to a path of each node's own: the poller that lost its
                // lead may still be loading it, and archived here as a duplicate, the remote's only
                // copy went to .done unloaded while that run was then interrupted
                throw new LeftToAnotherAttempt(id);
            }
            if (lock.isEmpty()) {
                // the same content is being loaded right now, here or on another node: this copy adds nothing
                long copy = queued.isPresent() ? queued.get()
                        : ledger.create(source, name, path.toString(), hash, size, "DUPLICATE");
                String reason = "same content as ingestion " + id + ", which is running";
                exchange.setProperty(RemoteArchiveName.INGESTION_ID, copy);
                ledger.duplicate(copy, hash, size, id, reason);
                ledger.run(copy, size).finish(events, IngestionEvent.Type.DUPLICATE, reason);
                return;
            }
            if (queued.isPresent() || !ledger.isAt(id, path.toString())) {
                // the upload's own row ends here, and says so: a page showing it QUEUED waits for this
                // event; a copy under another name gets a row too, or nothing would tell where it went
                long copy = queued.isPresent() ? queued.get()
                        : ledger.create(source, name, path.toString(), hash, size, "DUPLICATE");
                String reason = "same content as ingestion " + id + ", which resumes";
                ledger.duplicate(copy, hash, size, id, reason);
                ledger.run(copy, size).finish(events, IngestionEvent.Type.DUPLICATE, reason);
            }
        } else {
            id = queued.isPresent() ? queued.get()
                    : ledger.create(source, name, path.toString(), hash, size, "RUNNING");
            lock = ledger.lockRun(id);
        }
        exchange.setProperty(RemoteArchiveName.INGESTION_ID, id);
        IngestionRun run;
        try {
            run = ledger.start(id, hash, size, batchSize);
        } catch (SQLException | RuntimeException e) {
            if (lock.isPresent()) {
                lock.get().close();
            }
            throw e;
        }
        lock.ifPresent(run::holding);
        exchange.setProperty(RUN, run);
        // STARTED before the ticker knows the run, so no PROGRESS can come first
        events.publish(run.event(IngestionEvent.Type.STARTED, null));
        ticker.track(run);
    }

    /**
     * Runs that died at this path (a crash) while the file there has since been written over with
     * other content (a partner resending it fixed or grown): their content cannot come back to be
     * resumed here, and they stayed RUNNING for good, with their load tables. Each ends FAILED, unless
     * an attempt is running it right now (its lock is held).
     */
    private void endSupersededRuns(String path, String hash) throws SQLException {
        for (long old : ledger.unfinishedAt(path, hash)) {
            Optional<RunLock> lock = ledger.lockRun(old);
            if (lock.isEmpty()) {
                continue;
            }
            try (RunLock held = lock.get()) {
                IngestionRun run = ledger.run(old, 0);
                String reason = "superseded: the file at its path now holds other content, so this content cannot"
                        + " be resumed there; what it had loaded is dropped";
                if (ledger.fail(old, reason, 0)) {
                    run.finish(events, IngestionEvent.Type.FAILED, reason);
                }
            }
        }
    }

    /**
     * The hash of what the file says: of its text, uncompressed, for a gzip, so that the same trips
     * sent once as .csv and once as .csv.gz are one content. A gzip that cannot be read whole is
     * hashed as it is, and the reader then fails it with the reason.
     */
    static String sha256(Path file) throws IOException {
        if (startsLikeGzip(file)) {
            try (InputStream in = Gzip.open(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                return sha256(in);
            } catch (EOFException | ZipException e) {
                // cut short or corrupt: hashed raw below
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    private static boolean startsLikeGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 20];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The inode's change time (a write, a rename, a move in), or the modification time where there is none. */
    static long changed(Path path) throws IOException {
        try {
            return ((FileTime) Files.getAttribute(path, "unix:ctime")).toMillis();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.getLastModifiedTime(path).toMillis();
        }
    }
}
