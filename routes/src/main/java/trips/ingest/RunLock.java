package trips.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * A run's session-level advisory lock, held on a connection of its own (see
 * {@link IngestionLedger#lockRun}). That session can end while the run goes on: an operator
 * terminating it, an idle timeout of the server or of something between. Another attempt at the
 * run then takes the lock and both load the same file: one COMPLETED it, the other then FAILED it
 * with its trips in trip. So every commit of the run first checks, in its own transaction, that
 * this session still holds the lock.
 */
final class RunLock implements AutoCloseable {

    private final Connection session;
    private final long key;
    private final int pid;

    private RunLock(Connection session, long key, int pid) {
        this.session = session;
        this.key = key;
        this.pid = pid;
    }

    /** @return the lock, or null when another session holds it; the connection is closed then */
    static RunLock tryTake(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?), pg_backend_pid()")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    c.close();
                    return null;
                }
                // its session idles for as long as the run takes: the pool's connections are exempt from
                // a server's idle_session_timeout (Database)
                return new RunLock(c, key, rs.getInt(2));
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Throws a passing fault, which rolls c's transaction back and leaves the file to resume, unless
     * the lock's session still holds it; on c, inside the transaction about to commit.
     */
    void requireHeld(Connection c, long ingestionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND pid = ? AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1")) {
            ps.setInt(1, pid);
            ps.setLong(2, key >>> 32);
            ps.setLong(3, key & 0xFFFF_FFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLTransientConnectionException("ingestion " + ingestionId + " lost its run lock (the"
                            + " database session holding it ended): this attempt stops, and the run resumes from its ledger");
                }
            }
        }
    }

    /**
     * Closing a pooled connection only hands it back to the pool, its session and the session's locks
     * with it: without the unlock, the run's lock stayed held by an idle connection, and the next
     * attempt at the run (after a cancelled statement, say) found it taken and ended DUPLICATE of a run
     * that then never went on. A broken connection cannot unlock, but its session, and lock, are gone.
     */
    @Override
    public void close() throws SQLException {
        try (session; PreparedStatement ps = session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        }
    }
}
