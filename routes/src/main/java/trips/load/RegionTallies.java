package trips.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * A batch's share of region_day and region_datasource: its trips per region and day, and per region
 * and data source with the latest trip, counted while the batch is encoded and saved in its
 * transaction (batch_region_tally, V6). The file's completion sums them ({@link Aggregates}) instead
 * of reading all of the file's trips twice more.
 */
final class RegionTallies {

    private static final long SECONDS_PER_DAY = 86_400L;

    private final TripTally days = new TripTally();
    private final TripTally sources = new TripTally();

    void add(short region, short datasource, long epochSecond) {
        long day = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        days.add(((long) region << 32) | (day & 0xFFFF_FFFFL), epochSecond);
        sources.add(((long) region << 16) | (datasource & 0xFFFF), epochSecond);
    }

    void save(Connection c, long ingestionId, int batchNo) throws SQLException {
        if (days.size() == 0) {
            return;
        }
        short[] dayRegion = new short[days.size()];
        int[] day = new int[days.size()];
        int[] dayTrips = new int[days.size()];
        days.forEach((i, key, trips, latest) -> {
            dayRegion[i] = (short) (key >>> 32);
            day[i] = (int) key;
            dayTrips[i] = trips;
        });
        short[] dsRegion = new short[sources.size()];
        short[] datasource = new short[sources.size()];
        int[] dsTrips = new int[sources.size()];
        long[] dsLast = new long[sources.size()];
        sources.forEach((i, key, trips, latest) -> {
            dsRegion[i] = (short) (key >>> 16);
            datasource[i] = (short) key;
            dsTrips[i] = trips;
            dsLast[i] = latest;
        });
        PGConnection pg = c.unwrap(PGConnection.class);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_region_tally (ingestion_id, batch_no,"
                + " day_region, day, day_trips, ds_region, datasource, ds_trips, ds_last) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, ingestionId);
            ps.setInt(2, batchNo);
            ps.setArray(3, pg.createArrayOf("int2", dayRegion));
            ps.setArray(4, pg.createArrayOf("int4", day));
            ps.setArray(5, pg.createArrayOf("int4", dayTrips));
            ps.setArray(6, pg.createArrayOf("int2", dsRegion));
            ps.setArray(7, pg.createArrayOf("int2", datasource));
            ps.setArray(8, pg.createArrayOf("int4", dsTrips));
            ps.setArray(9, pg.createArrayOf("int8", dsLast));
            ps.executeUpdate();
        }
    }
}
