package trips.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.hsr.geohash.GeoHash;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeohashTest {

    @Test
    void should_match_the_reference_library_at_every_precision() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            double lat = rnd.nextDouble(-90, 90);
            double lon = rnd.nextDouble(-180, 180);
            long bits60 = Geohash.bits(lat, lon, 60);
            for (int p = 1; p <= 12; p++) {
                String expected = GeoHash.withCharacterPrecision(lat, lon, p).toBase32();
                assertThat(Geohash.text(bits60 >>> (60 - 5 * p), p)).isEqualTo(expected);
            }
        }
    }

    @Test
    void should_place_points_exactly_on_cell_boundaries_like_the_reference() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int i = 0; i < 20_000; i++) {
            int n = 1 + rnd.nextInt(30);
            double lon = -180 + 360.0 * rnd.nextLong(1L << n) / (1L << n);
            double lat = -90 + 180.0 * rnd.nextLong(1L << n) / (1L << n);
            // and the doubles just below each boundary
            for (double[] p : new double[][] {{lat, lon}, {Math.nextDown(lat), Math.nextDown(lon)}}) {
                if (p[0] < -90 || p[1] < -180) {
                    continue;
                }
                String expected = GeoHash.withBitPrecision(p[0], p[1], 60).toBase32();
                assertThat(Geohash.text(Geohash.bits(p[0], p[1], 60), 12)).as("%s %s", p[0], p[1]).isEqualTo(expected);
            }
        }
    }

    @Test
    void should_handle_the_edges_of_the_world() {
        assertThat(Geohash.text(Geohash.bits(90, 180, 60) >>> 30, 6))
                .isEqualTo(GeoHash.withCharacterPrecision(90, 180, 6).toBase32());
        assertThat(Geohash.text(Geohash.bits(-90, -180, 60) >>> 30, 6)).isEqualTo("000000");
    }

    @Test
    void should_give_the_centre_of_a_cell() {
        long cell = Geohash.bits(45.0678, 7.7203, 60) >>> 30;
        GeoHash ref = GeoHash.fromGeohashString(Geohash.text(cell, 6));
        double[] c = Geohash.centre(cell, 30);
        assertThat(c[0]).isCloseTo(ref.getBoundingBoxCenter().getLongitude(), within(1e-9));
        assertThat(c[1]).isCloseTo(ref.getBoundingBoxCenter().getLatitude(), within(1e-9));
    }
}
