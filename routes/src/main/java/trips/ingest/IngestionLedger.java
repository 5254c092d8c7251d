package trips.ingest;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import trips.db.Rollbacks;
import trips.load.FileCompletion;
import trips.load.LoadTable;

/** The ingestion table and its ledger of batches: every state change of a file, in SQL. */
public final class IngestionLedger {

    /** Advisory lock keys of runs: the ingestion id in a range of its own. */
    static final long RUN_LOCK = 1L << 62;

    private final DataSource ds;

    public IngestionLedger(DataSource ds) {
        this.ds = ds;
    }

    /** An ingestion registered by a door (an HTTP upload) before its file reached the inbox. */
    public long register(String source, String file, String path, long bytesTotal) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ingestion (source, file, path, bytes_total, status) VALUES (?, ?, ?, ?, 'QUEUED') RETURNING id")) {
            ps.setString(1, source);
            ps.setString(2, file);
            ps.setString(3, path);
            ps.setLong(4, bytesTotal);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Ends a registered ingestion whose file never reached the inbox (an upload cut off). Only a
     * QUEUED row is touched: if the engine took the file over meanwhile, the engine decides.
     *
     * @return whether it was still QUEUED
     */
    public boolean abandon(long id, String reason) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE ingestion"
                + " SET status = 'FAILED', error = ?, finished_at = now() WHERE id = ? AND status = 'QUEUED'")) {
            ps.setString(1, reason);
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    Optional<Long> findQueued(String path) throws SQLException {
        return findId("SELECT id FROM ingestion WHERE status = 'QUEUED' AND path = ? ORDER BY id LIMIT 1", path);
    }

    Optional<Long> findCompleted(String hash) throws SQLException {
        return findId("SELECT id FROM ingestion WHERE status = 'COMPLETED' AND content_hash = ? LIMIT 1", hash);
    }

    /**
     * The completed ingestion of this very file: same content, same path, and the file's inode not
     * changed (written, renamed, moved in) since that ingestion started. A process that died between
     * the completing commit and moving the file to .done/ leaves it where it was; taken again, it is
     * that ingestion, not a duplicate. The change time, not the modification time: uploads are dated
     * back when they land (CompleteFiles), so an upload of the same trips sent again would look old.
     * It is the file system's clock against the database's: a skew of more than the seconds between
     * a file's landing and its start makes such a file a DUPLICATE again, as it was before.
     */
    Optional<Long> findCompletedFrom(String hash, String path, long changedMillis) throws SQLException {
        return findId("SELECT id FROM ingestion WHERE status = 'COMPLETED' AND content_hash = ? AND path = ?"
                + " AND started_at >= to_timestamp(?::bigint / 1000.0) ORDER BY id LIMIT 1", hash, path, changedMillis);
    }

    /** A run of the same content that died before it finished: it is resumed, not started again. */
    Optional<Long> findUnfinished(String hash) throws SQLException {
        return findId("SELECT id FROM ingestion WHERE status = 'RUNNING' AND content_hash = ? ORDER BY id LIMIT 1", hash);
    }

    /** Unfinished runs started from the file at this path when it held other content. */
    List<Long> unfinishedAt(String path, String hash) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM ingestion WHERE status = 'RUNNING' AND path = ? AND content_hash <> ? ORDER BY id")) {
            ps.setString(1, path);
            ps.setString(2, hash);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /**
     * A RUNNING ingestion of the file at this path whose run lock a session holds now: another attempt
     * runs it. Asked before the file is hashed, which for a big file reads it whole, at every poll.
     */
    Optional<Long> heldRunAt(String path) throws SQLException {
        return findId("SELECT i.id FROM ingestion i WHERE i.status = 'RUNNING' AND i.path = ? AND EXISTS (SELECT 1"
                + " FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND l.classid::bigint = ((? | i.id) >> 32) AND l.objid::bigint = ((? | i.id) & 4294967295))"
                + " ORDER BY i.id LIMIT 1", path, RUN_LOCK, RUN_LOCK);
    }

    /** Whether the ingestion was started from the file at this path (not from a copy elsewhere). */
    boolean isAt(long id, String path) throws SQLException {
        return findId("SELECT id FROM ingestion WHERE id = ? AND path = ?", id, path).isPresent();
    }

    /** Whether the ingestion is still RUNNING; read under its run lock, it cannot end meanwhile. */
    boolean isRunning(long id) throws SQLException {
        return findId("SELECT id FROM ingestion WHERE id = ? AND status = 'RUNNING'", id).isPresent();
    }

    private Optional<Long> findId(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * Takes the run's lock until the returned handle is closed: a session-level advisory lock, so it
     * is released by PostgreSQL the moment its holder dies, whatever node that was.
     *
     * @return empty when another session (a live run, on any node) holds it
     */
    Optional<RunLock> lockRun(long id) throws SQLException {
        return Optional.ofNullable(RunLock.tryTake(ds.getConnection(), RUN_LOCK | id));
    }

    long create(String source, String file, String path, String hash, long bytesTotal, String status)
            throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ingestion (source, file, path, content_hash, bytes_total, status, started_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, now()) RETURNING id")) {
            ps.setString(1, source);
            ps.setString(2, file);
            ps.setString(3, path);
            ps.setString(4, hash);
            ps.setLong(5, bytesTotal);
            ps.setString(6, status);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Marks the ingestion RUNNING and reads back what earlier runs of it committed; the batch size is
     * kept from its first run, since the ledger's batch numbers mean batches of that size.
     */
    IngestionRun start(long id, String hash, long bytesTotal, int batchSize) throws SQLException {
        try (Connection c = ds.getConnection()) {
            exec(c, "UPDATE ingestion SET status = 'RUNNING', content_hash = ?, bytes_total = ?,"
                    + " batch_size = coalesce(batch_size, ?), started_at = coalesce(started_at, now()), error = NULL"
                    + " WHERE id = ?", hash, bytesTotal, batchSize, id);
            LoadTable.create(c, id);
        }
        return run(id, bytesTotal);
    }

    /** The ingestion as a run: its counters and the batches its ledger holds. */
    IngestionRun run(long id, long bytesTotal) throws SQLException {
        try (Connection c = ds.getConnection()) {
            BitSet committed = new BitSet();
            try (PreparedStatement ps = c.prepareStatement("SELECT batch_no FROM ingestion_batch WHERE ingestion_id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        committed.set(rs.getInt(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT source, file, rows_read, rows_loaded, rows_rejected,"
                    + " bytes_read, batch_size FROM ingestion WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new IngestionRun(id, rs.getString(1), rs.getString(2), bytesTotal, committed,
                            rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getInt(7));
                }
            }
        }
    }

    /** The reason goes in error, as for a failure: what the DUPLICATE event says, the API says too. */
    void duplicate(long id, String hash, long bytesTotal, long of, String reason) throws SQLException {
        update("UPDATE ingestion SET status = 'DUPLICATE', content_hash = ?, bytes_total = ?, bytes_read = ?,"
                + " duplicate_of = ?, error = ?, started_at = coalesce(started_at, now()), finished_at = now() WHERE id = ?",
                hash, bytesTotal, bytesTotal, of, reason, id);
    }

    /** What must still hold when a completion commits; it throws to roll the completion back. */
    @FunctionalInterface
    interface CommitCheck {
        void check() throws IOException;
    }

    /**
     * Adds the file's trips to trip, the groups and the analytics aggregates, and marks it COMPLETED,
     * in one transaction (after the preparation that cannot run in one), if lastCheck passes at its end.
     */
    void complete(IngestionRun run, FileCompletion completion, CommitCheck lastCheck) throws SQLException, IOException {
        long id = run.id;
        long trips = run.rowsLoaded();
        completion.prepare(id, trips);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                completion.merge(c, id, trips);
                // clock_timestamp(): the end of the work, not the start of this transaction and its group merge
                exec(c, "UPDATE ingestion SET status = 'COMPLETED', bytes_read = ?, finished_at = clock_timestamp()"
                        + " WHERE id = ?",
                        run.bytesTotal, id);
                // the merges take seconds to minutes, during which a writer that had paused may go on
                lastCheck.check();
                run.requireLock(c);
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                Rollbacks.keepingCause(c, e);
                throw e;
            }
        }
    }

    /**
     * Ends the ingestion FAILED and drops every trip it had committed: a failed file leaves nothing
     * half-loaded. (Its trips never reached trip, the groups or the aggregates: that happens only on
     * completion.)
     */
    /**
     * @param bytesRead how far the reader got, which the FAILED event reports too
     * @return false when the run had ended already (another attempt at it completed it): nothing changes
     */
    boolean fail(long id, String error, long bytesRead) throws SQLException {
        return end(id, "FAILED", error, bytesRead, null);
    }

    /**
     * Ends a run whose completion found its content COMPLETED by another ingestion meanwhile (two
     * copies taken at the same moment, each before the other had a row): a DUPLICATE of that one, its
     * own trips dropped as a failed file's are.
     *
     * @return the ingestion that completed the content first; empty when there is none, or the run had ended
     */
    Optional<Long> endAsDuplicateOfCompleted(long id, long bytesTotal) throws SQLException {
        Optional<Long> first = findId("SELECT c.id FROM ingestion c JOIN ingestion i ON c.content_hash = i.content_hash"
                + " WHERE i.id = ? AND c.status = 'COMPLETED'", id);
        if (first.isEmpty() || !end(id, "DUPLICATE", duplicateReason(first.get()), bytesTotal, first.get())) {
            return Optional.empty();
        }
        return first;
    }

    static String duplicateReason(long first) {
        return "same content as ingestion " + first + ", which completed first";
    }

    private boolean end(long id, String status, String error, long bytesRead, Long duplicateOf) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                // batches still loading wait for this row and then find the file ended: they roll back
                int running = exec(c, "UPDATE ingestion SET status = ?, error = ?, bytes_read = ?, duplicate_of = ?,"
                        + " finished_at = now() WHERE id = ? AND status = 'RUNNING'", status, error, bytesRead, duplicateOf, id);
                if (running == 0) {
                    c.rollback();
                    return false;
                }
                exec(c, "DELETE FROM ingestion_batch WHERE ingestion_id = ?", id);
                exec(c, "DELETE FROM batch_region_tally WHERE ingestion_id = ?", id);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                Rollbacks.keepingCause(c, e);
                throw e;
            }
            // after the commit: dropping it within the transaction would wait for a batch that waits for the row
            c.setAutoCommit(true);
            LoadTable.drop(c, id);
            return true;
        }
    }

    /**
     * Drops the load tables of files that are no longer running: left by a crash between a file's
     * failure and the drop. Called at start-up.
     */
    public void dropAbandonedLoadTables() throws SQLException {
        try (Connection c = ds.getConnection()) {
            List<Long> abandoned = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT substr(t.tablename, 11)::bigint FROM pg_tables t"
                    + " WHERE t.schemaname = current_schema() AND t.tablename ~ '^trip_load_[0-9]+$'"
                    + " AND NOT EXISTS (SELECT 1 FROM ingestion i WHERE i.id = substr(t.tablename, 11)::bigint"
                    + " AND i.status IN ('QUEUED', 'RUNNING'))");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    abandoned.add(rs.getLong(1));
                }
            }
            for (long id : abandoned) {
                LoadTable.drop(c, id);
            }
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection()) {
            exec(c, sql, args);
        }
    }

    /** @return the rows it changed */
    private static int exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}
