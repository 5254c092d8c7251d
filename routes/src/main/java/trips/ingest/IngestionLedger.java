package trips.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.Optional;
import javax.sql.DataSource;
import trips.load.Aggregates;

/** The ingestion table and its ledger of batches: every state change of a file, in SQL. */
public final class IngestionLedger {

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

    Optional<Long> findQueued(String path) throws SQLException {
        return findId("SELECT id FROM ingestion WHERE status = 'QUEUED' AND path = ? ORDER BY id LIMIT 1", path);
    }

    Optional<Long> findCompleted(String hash) throws SQLException {
        return findId("SELECT id FROM ingestion WHERE status = 'COMPLETED' AND content_hash = ? LIMIT 1", hash);
    }

    /** A run of the same content that died before it finished: it is resumed, not started again. */
    Optional<Long> findUnfinished(String hash) throws SQLException {
        return findId("SELECT id FROM ingestion WHERE status = 'RUNNING' AND content_hash = ? ORDER BY id LIMIT 1", hash);
    }

    private Optional<Long> findId(String sql, String arg) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
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

    /** Marks the ingestion RUNNING and reads back what earlier runs of it committed. */
    IngestionRun start(long id, String hash, long bytesTotal) throws SQLException {
        update("UPDATE ingestion SET status = 'RUNNING', content_hash = ?, bytes_total = ?,"
                + " started_at = coalesce(started_at, now()), error = NULL WHERE id = ?", hash, bytesTotal, id);
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
            try (PreparedStatement ps = c.prepareStatement("SELECT source, file, rows_read, rows_loaded, rows_rejected"
                    + " FROM ingestion WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new IngestionRun(id, rs.getString(1), rs.getString(2), bytesTotal, committed,
                            rs.getLong(3), rs.getLong(4), rs.getLong(5));
                }
            }
        }
    }

    void duplicate(long id, String hash, long bytesTotal, long of) throws SQLException {
        update("UPDATE ingestion SET status = 'DUPLICATE', content_hash = ?, bytes_total = ?, bytes_read = ?,"
                + " duplicate_of = ?, started_at = coalesce(started_at, now()), finished_at = now() WHERE id = ?",
                hash, bytesTotal, bytesTotal, of, id);
    }

    void complete(long id, long bytesTotal) throws SQLException {
        update("UPDATE ingestion SET status = 'COMPLETED', bytes_read = ?, finished_at = now() WHERE id = ?",
                bytesTotal, id);
    }

    /**
     * Ends the ingestion FAILED and takes back every trip it had committed, with their share of the
     * aggregates, in one transaction: a failed file leaves nothing half-loaded.
     */
    void fail(long id, String error) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE IF NOT EXISTS failed_group (group_id bigint PRIMARY KEY) ON COMMIT DROP");
            }
            exec(c, "INSERT INTO failed_group SELECT DISTINCT group_id FROM trip WHERE ingestion_id = ?", id);
            exec(c, "UPDATE trip_group g SET trips = g.trips - d.n, sum_origin_lon = g.sum_origin_lon - d.olon,"
                    + " sum_origin_lat = g.sum_origin_lat - d.olat, sum_dest_lon = g.sum_dest_lon - d.dlon,"
                    + " sum_dest_lat = g.sum_dest_lat - d.dlat"
                    + " FROM (SELECT group_id, count(*) n, sum(origin_lon) olon, sum(origin_lat) olat, sum(dest_lon) dlon,"
                    + " sum(dest_lat) dlat FROM trip WHERE ingestion_id = ? GROUP BY group_id) d WHERE g.id = d.group_id", id);
            for (String reversal : Aggregates.REVERSALS) {
                exec(c, reversal, id);
            }
            exec(c, "DELETE FROM trip WHERE ingestion_id = ?", id);
            exec(c, "DELETE FROM trip_group WHERE id IN (SELECT group_id FROM failed_group) AND trips <= 0");
            for (String cleanup : Aggregates.CLEANUPS) {
                exec(c, cleanup);
            }
            exec(c, "UPDATE trip_group g SET first_trip = s.mn, last_trip = s.mx FROM (SELECT group_id,"
                    + " min(datetime) mn, max(datetime) mx FROM trip WHERE group_id IN (SELECT group_id FROM failed_group)"
                    + " GROUP BY group_id) s WHERE g.id = s.group_id");
            exec(c, "DELETE FROM ingestion_batch WHERE ingestion_id = ?", id);
            exec(c, "UPDATE ingestion SET status = 'FAILED', error = ?, finished_at = now() WHERE id = ?", error, id);
            c.commit();
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection()) {
            exec(c, sql, args);
        }
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
