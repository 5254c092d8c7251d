package trips.load;

/**
 * A batch's trips counted per key (a region and a day, or a region and a data source), with the
 * latest trip of each key. Runs for every trip of every batch, so keys and counts sit in primitive
 * arrays (open addressing, linear probing): a HashMap would box a key per trip. A batch has a few
 * hundred keys at most, unless its days spread over years.
 */
final class TripTally {

    /** Receives one key's tally, the n-th of {@link #size()} (n from 0). */
    interface Entry {
        void accept(int n, long key, int trips, long latestEpochSecond);
    }

    private long[] keys = new long[64];
    /** 0 marks a free slot: a key in the table has counted one trip at least. */
    private int[] trips = new int[64];
    private long[] latest = new long[64];
    private int size;

    void add(long key, long epochSecond) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (trips[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (trips[i] == 0) {
            keys[i] = key;
            latest[i] = epochSecond;
            if (++size * 2 > keys.length) {
                trips[i] = 1;
                grow();
                return;
            }
        } else if (epochSecond > latest[i]) {
            latest[i] = epochSecond;
        }
        trips[i]++;
    }

    int size() {
        return size;
    }

    void forEach(Entry e) {
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (trips[i] != 0) {
                e.accept(n++, keys[i], trips[i], latest[i]);
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldTrips = trips;
        long[] oldLatest = latest;
        keys = new long[oldKeys.length * 2];
        trips = new int[keys.length];
        latest = new long[keys.length];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldTrips[j] != 0) {
                int i = slot(oldKeys[j], mask);
                while (trips[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                trips[i] = oldTrips[j];
                latest[i] = oldLatest[j];
            }
        }
    }

    /** Keys pack small numbers into the low bits of each half: mix them before masking. */
    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
