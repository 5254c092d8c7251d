package trips.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TripTallyTest {

    @Test
    void should_count_every_key_and_keep_its_latest_trip_as_the_table_grows() {
        TripTally tally = new TripTally();
        Map<Long, long[]> expected = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            // regions and days as RegionTallies packs them, days before 1970 too
            long key = ((long) random.nextInt(40) << 32) | ((random.nextInt(3_000) - 1_000) & 0xFFFF_FFFFL);
            long second = random.nextLong(-2_000_000_000L, 2_000_000_000L);
            tally.add(key, second);
            expected.merge(key, new long[] {1, second}, (a, b) -> new long[] {a[0] + 1, Math.max(a[1], b[1])});
        }
        Map<Long, long[]> counted = new HashMap<>();
        boolean[] seen = new boolean[tally.size()];
        tally.forEach((n, key, trips, latest) -> {
            seen[n] = true;
            counted.put(key, new long[] {trips, latest});
        });
        assertThat(tally.size()).isEqualTo(expected.size()).isGreaterThan(64);
        assertThat(seen).containsOnly(true);
        assertThat(counted).hasSameSizeAs(expected);
        expected.forEach((key, v) -> assertThat(counted.get(key)).as("key %x", key).containsExactly(v));
    }
}
