package trips.load;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import trips.enrich.TripEnricher;
import trips.parse.TripBatch;

/**
 * Loads one enriched batch in one transaction: the trips, their share of the group and weekly
 * aggregates, the rejects and the ledger row commit together or not at all. That is what makes a
 * restart exact and keeps every aggregate equal to a GROUP BY over trip.
 */
public final class TripBatchLoader {

    private static final String STAGE = "CREATE TEMP TABLE IF NOT EXISTS trip_stage ("
            + " region_id smallint, datasource_id smallint, datetime timestamp,"
            + " origin_lon float8, origin_lat float8, dest_lon float8, dest_lat float8,"
            + " origin_cell bigint, dest_cell bigint, tod_bucket smallint) ON COMMIT DELETE ROWS";

    private static final String GROUPS_AND_TRIPS = """
            WITH g AS (
              INSERT INTO trip_group AS t (region_id, origin_cell, dest_cell, tod_bucket, trips, first_trip, last_trip,
                                           sum_origin_lon, sum_origin_lat, sum_dest_lon, sum_dest_lat)
              SELECT region_id, origin_cell >> %1$d, dest_cell >> %1$d, tod_bucket, count(*), min(datetime),
                     max(datetime), sum(origin_lon), sum(origin_lat), sum(dest_lon), sum(dest_lat)
              FROM trip_stage
              GROUP BY 1, 2, 3, 4
              ORDER BY 1, 2, 3, 4
              ON CONFLICT (region_id, origin_cell, dest_cell, tod_bucket) DO UPDATE SET
                trips = t.trips + excluded.trips,
                first_trip = least(t.first_trip, excluded.first_trip),
                last_trip = greatest(t.last_trip, excluded.last_trip),
                sum_origin_lon = t.sum_origin_lon + excluded.sum_origin_lon,
                sum_origin_lat = t.sum_origin_lat + excluded.sum_origin_lat,
                sum_dest_lon = t.sum_dest_lon + excluded.sum_dest_lon,
                sum_dest_lat = t.sum_dest_lat + excluded.sum_dest_lat
              RETURNING t.id, t.region_id, t.origin_cell, t.dest_cell, t.tod_bucket)
            INSERT INTO trip (ingestion_id, region_id, datasource_id, datetime, origin_lon, origin_lat, dest_lon,
                              dest_lat, origin_cell, dest_cell, tod_bucket, group_id)
            SELECT ?, s.region_id, s.datasource_id, s.datetime, s.origin_lon, s.origin_lat, s.dest_lon, s.dest_lat,
                   s.origin_cell, s.dest_cell, s.tod_bucket, g.id
            FROM trip_stage s
            JOIN g ON g.region_id = s.region_id AND g.origin_cell = s.origin_cell >> %1$d
                  AND g.dest_cell = s.dest_cell >> %1$d AND g.tod_bucket = s.tod_bucket
            """;

    private final DataSource ds;
    private final Dimensions dimensions;
    private final String groupsAndTrips;

    public TripBatchLoader(DataSource ds, Dimensions dimensions, int groupPrecision) {
        this.ds = ds;
        this.dimensions = dimensions;
        this.groupsAndTrips = String.format(GROUPS_AND_TRIPS, TripEnricher.shiftFor(groupPrecision));
    }

    public void load(long ingestionId, TripBatch batch) throws SQLException, IOException {
        byte[] rows = encode(batch);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute(STAGE);
                }
                if (batch.size() > 0) {
                    c.unwrap(PGConnection.class).getCopyAPI()
                            .copyIn("COPY trip_stage FROM STDIN (FORMAT binary)", new ByteArrayInputStream(rows));
                    try (PreparedStatement ps = c.prepareStatement(groupsAndTrips)) {
                        ps.setLong(1, ingestionId);
                        ps.executeUpdate();
                    }
                    try (Statement s = c.createStatement()) {
                        for (String merge : Aggregates.MERGES) {
                            s.executeUpdate(merge);
                        }
                    }
                }
                insertRejects(c, ingestionId, batch);
                recordInLedger(c, ingestionId, batch);
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private byte[] encode(TripBatch b) throws SQLException, IOException {
        BinaryCopyEncoder enc = new BinaryCopyEncoder(b.size(), 110);
        for (int i = 0; i < b.size(); i++) {
            enc.row(10);
            enc.int2(dimensions.region(b.region[i]));
            enc.int2(dimensions.datasource(b.datasource[i]));
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
                + " bytes_read = greatest(bytes_read, ?) WHERE id = ?")) {
            ps.setLong(1, b.rowsRead());
            ps.setLong(2, b.size());
            ps.setLong(3, b.rowsRejected());
            ps.setLong(4, b.bytesRead());
            ps.setLong(5, ingestionId);
            ps.executeUpdate();
        }
    }
}
