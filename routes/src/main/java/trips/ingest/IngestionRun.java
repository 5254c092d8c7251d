package trips.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;
import trips.events.IngestionEvent;
import trips.events.IngestionEvents;

/** The live state of one file being ingested: what progress events are made from. */
public final class IngestionRun {

    public final long id;
    public final String source;
    public final String file;
    public final long bytesTotal;
    /** Batch numbers already committed before this run started (a resumed file). */
    public final BitSet committedBefore;
    /** The rows a batch holds for this file, whatever the setting is now (0: not started yet). */
    public final int batchSize;
    /** Its batches handed to the loaders and not loaded yet. */
    final BatchesInFlight inFlight = new BatchesInFlight();
    /** Raw bytes consumed so far, updated by the reader as it goes. */
    public final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong rowsRead;
    final AtomicLong rowsLoaded;
    final AtomicLong rowsRejected;
    private final long loadedAtStart;
    /** How far the committed batches of earlier attempts had read: a resumed file's progress starts there. */
    private final long bytesAtStart;
    /** How far this attempt's committed batches read: the reader runs ahead by the batches in flight. */
    private final AtomicLong bytesCommitted = new AtomicLong();
    private final long startNanos = System.nanoTime();

    IngestionRun(long id, String source, String file, long bytesTotal, BitSet committedBefore,
                 long rowsRead, long rowsLoaded, long rowsRejected, long bytesAtStart, int batchSize) {
        this.id = id;
        this.source = source;
        this.file = file;
        this.bytesTotal = bytesTotal;
        this.committedBefore = committedBefore;
        this.rowsRead = new AtomicLong(rowsRead);
        this.rowsLoaded = new AtomicLong(rowsLoaded);
        this.rowsRejected = new AtomicLong(rowsRejected);
        this.loadedAtStart = rowsLoaded;
        this.bytesAtStart = bytesAtStart;
        this.batchSize = batchSize;
    }

    /** Called after a batch committed, so events only ever count committed rows, and bytes. */
    public void committed(int read, int loaded, int rejected, long bytesReadAtItsEnd) {
        bytesCommitted.accumulateAndGet(bytesReadAtItsEnd, Math::max);
        rowsRead.addAndGet(read);
        rowsLoaded.addAndGet(loaded);
        rowsRejected.addAndGet(rejected);
    }

    private boolean finished;
    private volatile RunLock lock;

    /** The run's lock (see IngestionLedger#lockRun), held until {@link #release()}. */
    void holding(RunLock lock) {
        this.lock = lock;
    }

    /**
     * In the transaction of each of the run's commits: a run whose lock's session ended may be run by
     * another attempt meanwhile, so this one must not commit (see {@link RunLock}).
     */
    public void requireLock(Connection c) throws SQLException {
        RunLock held = lock;
        if (held == null) {
            throw new SQLTransientConnectionException("ingestion " + id + " no longer holds its run lock");
        }
        held.requireHeld(c, id);
    }

    /** Lets another node or a later attempt take the run over. */
    synchronized void release() {
        if (lock != null) {
            try {
                lock.close();
            } catch (Exception e) {
                // a connection too broken to unlock has lost its session, and the lock with it
            }
            lock = null;
        }
    }

    /** A PROGRESS event, unless the run has ended: nothing may follow the terminal event. */
    synchronized void tick(IngestionEvents events) {
        if (!finished) {
            events.publish(event(IngestionEvent.Type.PROGRESS, null));
        }
    }

    /** The terminal event; later ticks are dropped. */
    synchronized void finish(IngestionEvents events, IngestionEvent.Type type, String error) {
        if (!finished) {
            finished = true;
            events.publish(event(type, error));
        }
    }

    /**
     * How far the reader got, never past the file's size, nor back behind what earlier attempts
     * committed: a resumed file is read again from its start, skipping the batches it holds.
     */
    long bytesReadSoFar() {
        return Math.min(Math.max(bytesRead.get(), bytesAtStart), bytesTotal);
    }

    /**
     * How far the committed batches reach, never back behind what earlier attempts committed: what a
     * running file's events report, since an attempt that stops resumes from there, and a progress
     * bar must not step back when it does.
     */
    private long bytesCommittedSoFar() {
        return Math.min(Math.max(bytesCommitted.get(), bytesAtStart), bytesTotal);
    }

    public long rowsRead() { return rowsRead.get(); }
    public long rowsLoaded() { return rowsLoaded.get(); }
    public long rowsRejected() { return rowsRejected.get(); }

    public IngestionEvent event(IngestionEvent.Type type, String error) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? (rowsLoaded.get() - loadedAtStart) / seconds : 0;
        long bytes = switch (type) {
            case COMPLETED, DUPLICATE -> bytesTotal;
            // where reading stopped, as the ledger keeps it
            case FAILED -> bytesReadSoFar();
            default -> bytesCommittedSoFar();
        };
        return new IngestionEvent(type, id, source, file, rowsRead.get(), rowsLoaded.get(), rowsRejected.get(),
                bytes, bytesTotal, rate, Instant.now(), error);
    }
}
