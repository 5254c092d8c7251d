package trips.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trips.TripsConfig;
import trips.db.PassingFaults;
import trips.events.IngestionEvent;
import trips.events.IngestionEvents;
import trips.load.TripBatchLoader;
import trips.load.FileCompletion;
import trips.parse.BadFileException;
import trips.parse.TripBatch;
import trips.parse.TripFileReader;

/** The steps of the inbox route after the opener: cut into batches, load each, then finish. */
public final class IngestionSteps {

    private static final Logger LOG = LoggerFactory.getLogger(IngestionSteps.class);

    private final TripsConfig config;
    private final IngestionLedger ledger;
    private final TripBatchLoader loader;
    private final FileCompletion completion;
    private final ProgressTicker ticker;
    private final IngestionEvents events;

    public IngestionSteps(TripsConfig config, IngestionLedger ledger, TripBatchLoader loader, FileCompletion completion,
                          ProgressTicker ticker, IngestionEvents events) {
        this.config = config;
        this.ledger = ledger;
        this.loader = loader;
        this.completion = completion;
        this.ticker = ticker;
        this.events = events;
    }

    /** The file as an iterator of batches; Camel's streaming split pulls one at a time and closes it. */
    public Iterator<TripBatch> batches(Exchange exchange) throws IOException {
        IngestionRun run = exchange.getProperty(IngestionOpener.RUN, IngestionRun.class);
        Path file = Path.of(exchange.getIn().getHeader(IngestionRoute.FILE, String.class));
        int batchSize = run.batchSize > 0 ? run.batchSize : config.batchSize();
        if (batchSize != config.batchSize()) {
            LOG.info("{} resumes in batches of {} rows, as its first run cut it (trips.ingest.batch-size is {} now)",
                    run.file, batchSize, config.batchSize());
        }
        TripFileReader reader = new TripFileReader(file, batchSize,
                config.getInt("trips.ingest.max-record-chars"), config.getInt("trips.ingest.reject-raw-chars"),
                run.bytesRead, run.committedBefore);
        // the path still names the file that was hashed, so the reader opened that file, and reads it
        // to its end whatever is renamed over the path from here on
        if (!FileIdentity.stillAt(file, exchange.getProperty(IngestionOpener.IDENTITY))) {
            reader.close();
            throw new BadFileException("another file was renamed over it before it was read: nothing of it was"
                    + " kept; the file now under its name is taken on its own");
        }
        return new BatchesUntilFailure(reader, run.inFlight);
    }

    /** On a loader thread ({@link BatchLoaders}): one enriched batch, committed with its ledger row. */
    void load(IngestionRun run, TripBatch batch) throws SQLException, IOException {
        loader.load(run.id, batch, run::requireLock);
        run.committed(batch.rowsRead(), batch.size(), batch.rowsRejected(), batch.bytesRead());
        IngestionMetrics.committed(batch);
    }

    public void complete(Exchange exchange) throws SQLException, IOException {
        IngestionRun run = exchange.getProperty(IngestionOpener.RUN, IngestionRun.class);
        Path file = Path.of(exchange.getIn().getHeader(IngestionRoute.FILE, String.class));
        Object identity = exchange.getProperty(IngestionOpener.IDENTITY);
        Long modified = exchange.getProperty(IngestionOpener.MODIFIED, Long.class);
        requireUnchanged(file, identity, run.bytesTotal, modified);
        // and again right before the commit: what the completion loaded is what gets archived
        ledger.complete(run, completion, () -> requireUnchanged(file, identity, run.bytesTotal, modified));
        run.release();
        ticker.untrack(run);
        run.finish(events, IngestionEvent.Type.COMPLETED, null);
    }

    /**
     * A writer that paused longer than the read lock's minimum age let the file be picked up half
     * written: if it grew while it was read, what was read is not the file, and completing it would
     * archive rows nobody loaded. It fails whole instead, to be dropped again once complete.
     */
    private static void requireUnchanged(Path file, Object identity, long bytesAtStart, Long modifiedAtStart)
            throws IOException {
        if (!Files.exists(file) || !FileIdentity.stillAt(file, identity)) {
            // renamed away, or another renamed over it: what was read is the file the reader opened,
            // to its end; the door leaves a newcomer in place (InboxArchive)
            return;
        }
        long bytes = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        if (bytes != bytesAtStart || (modifiedAtStart != null && modified != modifiedAtStart)) {
            throw new BadFileException("the file changed while it was read (" + bytesAtStart + " bytes then, "
                    + bytes + " now" + (bytes == bytesAtStart ? ", written over" : "") + "): it was still being"
                    + " written; nothing of it was kept, drop it again once it is complete");
        }
    }

    /**
     * A file that cannot be read ends FAILED: its committed batches are taken back and the reason
     * is left in {@link IngestionRoute#FAILED} for the door. A passing fault (the database restarting)
     * is rethrown: the door leaves the file where it is, its run stays RUNNING, and the next attempt
     * resumes it from the ledger.
     */
    public void fail(Exchange exchange) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        IngestionRun run = exchange.getProperty(IngestionOpener.RUN, IngestionRun.class);
        String name = exchange.getIn().getHeader(IngestionRoute.NAME, String.class);
        if (run != null) {
            run.inFlight.awaitSettled();
            ticker.untrack(run);
        }
        if (PassingFaults.isPassing(cause)) {
            if (ObjectHelper.getException(LeftToAnotherAttempt.class, cause) != null) {
                // the opener said so once; the file comes back at every poll until that run ends
                LOG.debug("{}: {}", name, cause.toString());
            } else {
                LOG.warn("{}: interrupted by a passing fault, will resume: {}", name, cause.toString());
            }
            if (run != null) {
                run.release();
            }
            throw cause;
        }
        if (run != null && completedElsewhere(cause)) {
            Optional<Long> first;
            try {
                first = ledger.endAsDuplicateOfCompleted(run.id, run.bytesTotal);
            } finally {
                run.release();
            }
            if (first.isPresent()) {
                String reason = IngestionLedger.duplicateReason(first.get());
                LOG.info("{}: {}", name, reason);
                run.finish(events, IngestionEvent.Type.DUPLICATE, reason);
                return;
            }
        }
        // what the file itself is to blame for, also when a loader thread's exchange wraps it
        BadFileException bad = ObjectHelper.getException(BadFileException.class, cause);
        String reason = bad != null ? bad.getMessage() : cause.toString();
        LOG.warn("{}: FAILED: {}", name, reason, bad != null ? null : cause);
        if (run != null) {
            boolean failed;
            try {
                failed = ledger.fail(run.id, reason, run.bytesReadSoFar());
            } finally {
                run.release();
            }
            if (!failed) {
                // a FAILED now would take back the trips of a completed file
                LOG.warn("{}: ingestion {} had ended already, by another attempt at it; this one's failure changes nothing",
                        name, run.id);
                return;
            }
            run.finish(events, IngestionEvent.Type.FAILED, reason);
        }
        exchange.setProperty(IngestionRoute.FAILED, reason);
    }

    /** The completion found the content COMPLETED already: the unique index that is the last guard against loading it twice. */
    private static boolean completedElsewhere(Throwable e) {
        PSQLException p = ObjectHelper.getException(PSQLException.class, e);
        return p != null && "23505".equals(p.getSQLState()) && p.getServerErrorMessage() != null
                && "ingestion_completed_hash_uq".equals(p.getServerErrorMessage().getConstraint());
    }
}
