package trips.load;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import trips.db.Rollbacks;
import trips.parse.TripBatch;

/**
 * Loads one enriched batch in one transaction: the trips (into the file's {@link LoadTable}), their
 * {@link RegionTallies}, the rejects and the ledger row commit together or not at all. That is what
 * makes a restart exact. The file joins trip, the groups and the analytics aggregates when it
 * completes, see {@link FileCompletion}.
 */
public final class TripBatchLoader {

    private static final String COPY = "COPY %s (ingestion_id, region_id, datasource_id, datetime, origin_lon,"
            + " origin_lat, dest_lon, dest_lat, origin_cell, dest_cell, tod_bucket) FROM STDIN (FORMAT binary)";

    private final DataSource ds;
    private final Dimensions dimensions;
    // on the global registry: the embedding process decides where meters go (web shows them at /metrics)
    private final Timer commits = Timer.builder("trips.ingest.batch.commit")
            .description("one batch's transaction, from its first statement to its commit (COPY, rejects,"
                    + " ledger row)")
            .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
                    Duration.ofSeconds(10))
            .register(Metrics.globalRegistry);

    public TripBatchLoader(DataSource ds, Dimensions dimensions) {
        this.ds = ds;
        this.dimensions = dimensions;
    }

    /** What must still hold when a batch commits, checked in its transaction; throws to roll it back. */
    @FunctionalInterface
    public interface CommitGuard {
        void check(Connection c) throws SQLException;
    }

    public void load(long ingestionId, TripBatch batch, CommitGuard guard) throws SQLException, IOException {
        RegionTallies tallies = new RegionTallies();
        InputStream rows = encode(ingestionId, batch, tallies);
        try (Connection c = ds.getConnection()) {
            long start = System.nanoTime(); // waiting for a pooled connection is the pool's own meter
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    // the ledger row commits with the trips, so a commit lost to a server crash is
                    // redone on restart like any unfinished batch: durability at commit buys nothing
                    s.execute("SET LOCAL synchronous_commit = off");
                }
                if (batch.size() > 0) {
                    // into the file's own table: trip and the aggregates take the file when it completes
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY.formatted(LoadTable.name(ingestionId)), rows);
                }
                tallies.save(c, ingestionId, batch.batchNo);
                insertRejects(c, ingestionId, batch);
                recordInLedger(c, ingestionId, batch);
                guard.check(c);
                c.commit();
                commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            } catch (SQLException | IOException | RuntimeException e) {
                Rollbacks.keepingCause(c, e);
                throw e;
            }
        }
    }

    private InputStream encode(long ingestionId, TripBatch b, RegionTallies tallies) throws SQLException {
        BinaryCopyEncoder enc = new BinaryCopyEncoder(b.size(), 122);
        Dimensions.NewNames newNames = dimensions.newNames(b.firstLine(), b.lastLine());
        for (int i = 0; i < b.size(); i++) {
            short region = dimensions.region(b.region[i], newNames);
            short datasource = dimensions.datasource(b.datasource[i], newNames);
            tallies.add(region, datasource, b.epochSecond[i]);
            enc.row(11);
            enc.int8(ingestionId);
            enc.int2(region);
            enc.int2(datasource);
            enc.timestamp(b.epochSecond[i]);
            enc.float8(b.originLon[i]);
            enc.float8(b.originLat[i]);
            enc.float8(b.destLon[i]);
            enc.float8(b.destLat[i]);
            enc.int8(b.originCell[i]);
            enc.int8(b.destCell[i]);
            enc.int2(b.todBucket[i]);
        }
        return enc.finish();
    }

    private static void insertRejects(Connection c, long ingestionId, TripBatch batch) throws SQLException {
        if (batch.rejects.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ingestion_reject (ingestion_id, line, reason, raw) VALUES (?, ?, ?, ?)")) {
            for (TripBatch.Reject r : batch.rejects) {
                ps.setLong(1, ingestionId);
                ps.setLong(2, r.line());
                ps.setString(3, storable(r.reason()));
                ps.setString(4, storable(r.raw()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** PostgreSQL text cannot hold NUL, which a binary file dropped by mistake is full of. */
    private static String storable(String s) {
        return s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
    }

    private static void recordInLedger(Connection c, long ingestionId, TripBatch b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingestion_batch (ingestion_id, batch_no, first_line,"
                + " last_line, rows_read, rows_loaded, rows_rejected, bytes_read) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, ingestionId);
            ps.setInt(2, b.batchNo);
            ps.setLong(3, b.firstLine());
            ps.setLong(4, b.lastLine());
            ps.setInt(5, b.rowsRead());
            ps.setInt(6, b.size());
            ps.setInt(7, b.rowsRejected());
            ps.setLong(8, b.bytesRead());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE ingestion SET rows_read = rows_read + ?,"
                + " rows_loaded = rows_loaded + ?, rows_rejected = rows_rejected + ?, batches_done = batches_done + 1,"
                + " bytes_read = greatest(bytes_read, ?) WHERE id = ? AND status = 'RUNNING'")) {
            ps.setLong(1, b.rowsRead());
            ps.setLong(2, b.size());
            ps.setLong(3, b.rowsRejected());
            ps.setLong(4, b.bytesRead());
            ps.setLong(5, ingestionId);
            // a batch still in flight when its file failed must not commit after the roll-back:
            // the failing transaction holds this row's lock, and once it commits the row is no longer RUNNING
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("ingestion " + ingestionId + " is no longer running");
            }
        }
    }
}
