package trips.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import trips.enrich.Geohash;
import trips.enrich.TripEnricher;

/**
 * The cover's promise without a database: every point of a box lies in exactly one of its whole
 * cells or cut ranges, and no point outside the box lies in a whole cell, so whole cells counted
 * blindly plus cut ranges checked point by point give exactly the points in the box.
 */
class BoxCoverTest {

    @Test
    void should_count_exactly_the_points_in_random_boxes() {
        Random rnd = new Random(3);
        for (int i = 0; i < 300; i++) {
            double lon = -180 + 360 * rnd.nextDouble();
            double lat = -90 + 180 * rnd.nextDouble();
            double w = Math.exp(Math.log(1e-5) + rnd.nextDouble() * Math.log(1e6));
            double h = Math.exp(Math.log(1e-5) + rnd.nextDouble() * Math.log(1e6));
            Box box = new Box(Math.max(-180, lon - w), Math.max(-90, lat - h), Math.min(180, lon + w), Math.min(90, lat + h));
            assertCountsExactly(box, points(rnd, box, 400));
        }
    }

    @Test
    void should_count_points_on_edges_corners_and_cell_boundaries() {
        double step = 360.0 / (1 << 15);
        Box[] boxes = {
            new Box(14.0, 50.0, 14.0, 50.0),
            new Box(-180, -90, 180, 90),
            new Box(179.9, 89.9, 180, 90),
            new Box(-180, -90, -179.9, -89.9),
            new Box(0, 0, step, step / 2),
            new Box(-step, -step, 0, 0),
            new Box(14.0625, 50.0, 14.0625 + 3 * step, 50.0 + step),
        };
        Random rnd = new Random(5);
        for (Box box : boxes) {
            assertCountsExactly(box, points(rnd, box, 400));
        }
    }

    @Test
    void should_take_whole_cells_at_the_coarsest_stored_precision() {
        // one precision-2 cell exactly (u: 0..45 E, 45..90 N is precision 1; "u0" is its first child);
        // points on its upper and right edges belong to the neighbours, so those stay cut cells
        Box box = new Box(0, 45, 11.25, 50.625);
        BoxCover cover = BoxCover.of(box);
        assertThat(cover.cell).containsExactly(0b11010_00000L);
        assertThat(cover.precision).containsExactly((short) 2);
        assertCountsExactly(box, points(new Random(1), box, 1000));
    }

    @Test
    void should_stop_refining_a_hair_thin_box_around_the_globe_and_stay_exact() {
        Box box = new Box(-180, 10.0, 180, 10.000001);
        BoxCover cover = BoxCover.of(box);
        assertThat(cover.lo.length).isLessThanOrEqualTo(BoxCover.MAX_CUT_CELLS * 32);
        assertCountsExactly(box, points(new Random(9), box, 2000));
    }

    /** Points inside, on and just outside the box's edges, and on its corners. */
    private static double[][] points(Random rnd, Box b, int n) {
        double[][] p = new double[n][];
        double w = Math.max(b.maxLon() - b.minLon(), 1e-9);
        double h = Math.max(b.maxLat() - b.minLat(), 1e-9);
        for (int i = 0; i < n; i++) {
            double lon = b.minLon() - w * 0.2 + rnd.nextDouble() * w * 1.4;
            double lat = b.minLat() - h * 0.2 + rnd.nextDouble() * h * 1.4;
            switch (i % 5) {
                case 0 -> lon = b.minLon();
                case 1 -> lat = b.maxLat();
                case 2 -> {
                    lon = b.maxLon();
                    lat = b.minLat();
                }
                default -> {
                }
            }
            p[i] = new double[] {Math.max(-180, Math.min(180, lon)), Math.max(-90, Math.min(90, lat))};
        }
        return p;
    }

    @Test
    void should_stay_exact_when_dense_cut_cells_split_into_their_finer_cells() {
        Random rnd = new Random(17);
        for (int i = 0; i < 200; i++) {
            double lon = -180 + 360 * rnd.nextDouble();
            double lat = -80 + 160 * rnd.nextDouble();
            double w = Math.exp(Math.log(1e-4) + rnd.nextDouble() * Math.log(1e3));
            Box box = new Box(lon - w, lat - w / 2, lon + w, lat + w / 2);
            double[][] points = points(rnd, box, 400);
            BoxCover plain = BoxCover.of(box);
            BoxCover allDense = plain.refine(box, cell -> true);
            assertCountsExactly(box, allDense, points);
            assertCountsExactly(box, plain.refine(box, cell -> cell % 3 == 0), points);
            assertThat(allDense.finestCutCells()).as("no cut cell of precision 7 left").isEmpty();
        }
        // a box of a few precision-7 cells (about 0.0014 x 0.0014 degrees): its cut ones become
        // precision-8 children, whole where the box holds them
        Box box = new Box(14.4301, 50.0801, 14.4352, 50.0843);
        BoxCover plain = BoxCover.of(box);
        assertThat(plain.finestCutCells()).isNotEmpty();
        BoxCover refined = plain.refine(box, cell -> true);
        assertThat(refined.precision).contains((short) BoxCover.DENSE_CHILDREN);
        // the box's whole finer cells come from cell_week instead of being read point by point
        assertThat(width(refined)).isLessThan(width(plain) / 2);
    }

    @Test
    void should_not_read_the_parts_of_cut_cells_beyond_the_box() {
        // about 0.005 x 0.004 degrees: a few precision-7 cells (0.0014 degrees), most of them cut
        Box box = new Box(14.4301, 50.0801, 14.4352, 50.0843);
        BoxCover cover = BoxCover.of(box);
        long cutCells = cover.finestCutCells().length;
        assertThat(cutCells).isGreaterThan(8);
        long wholeCutCells = cutCells << (5 * (12 - BoxCover.FINEST));
        assertThat(width(cover)).as("stored cells read point by point").isLessThan(wholeCutCells * 3 / 4);
        assertCountsExactly(box, cover, points(new Random(21), box, 2000));
    }

    /** Stored cells the cut ranges span: what a count reads point by point. */
    private static long width(BoxCover cover) {
        long cells = 0;
        for (int i = 0; i < cover.lo.length; i++) {
            cells += cover.hi[i] - cover.lo[i] + 1;
        }
        return cells;
    }

    private static void assertCountsExactly(Box box, double[][] points) {
        assertCountsExactly(box, BoxCover.of(box), points);
    }

    private static void assertCountsExactly(Box box, BoxCover cover, double[][] points) {
        long expected = 0;
        long counted = 0;
        for (double[] p : points) {
            long cell = Geohash.bits(p[1], p[0], TripEnricher.CELL_BITS);
            boolean inBox = box.contains(p[0], p[1]);
            expected += inBox ? 1 : 0;
            int whole = 0;
            for (int i = 0; i < cover.cell.length; i++) {
                if (cell >>> TripEnricher.shiftFor(cover.precision[i]) == cover.cell[i]) {
                    whole++;
                }
            }
            int k = Arrays.binarySearch(cover.lo, cell);
            int range = k >= 0 ? k : -k - 2;
            boolean inCut = range >= 0 && cell <= cover.hi[range];
            assertThat(whole + (inCut ? 1 : 0)).as("point %s %s of %s in one part at most", p[0], p[1], box)
                    .isLessThanOrEqualTo(1);
            if (inBox) {
                assertThat(whole + (inCut ? 1 : 0)).as("point %s %s of %s covered", p[0], p[1], box).isEqualTo(1);
            }
            counted += whole + (inCut && inBox ? 1 : 0);
        }
        assertThat(counted).as(box.toString()).isEqualTo(expected);
    }
}
