package trips.enrich;

import trips.parse.TripBatch;

/**
 * Gives every trip of a batch its geohash cells and its time-of-day bucket: together with the
 * region they make the group key. Cells are stored at full precision (60 bits, 12 characters),
 * right-aligned, so any coarser cell is a right shift of the stored one.
 */
public final class TripEnricher {

    public static final int CELL_BITS = 60;

    private final int bucketSeconds;

    public TripEnricher(int bucketMinutes) {
        this.bucketSeconds = bucketMinutes * 60;
    }

    public TripBatch enrich(TripBatch batch) {
        for (int i = 0; i < batch.size(); i++) {
            batch.originCell[i] = Geohash.bits(batch.originLat[i], batch.originLon[i], CELL_BITS);
            batch.destCell[i] = Geohash.bits(batch.destLat[i], batch.destLon[i], CELL_BITS);
            batch.todBucket[i] = (short) (Math.floorMod(batch.epochSecond[i], 86_400L) / bucketSeconds);
        }
        return batch;
    }

    /** Right shift that turns a stored cell into a cell of the given precision in characters. */
    public static int shiftFor(int precision) {
        return CELL_BITS - 5 * precision;
    }
}
