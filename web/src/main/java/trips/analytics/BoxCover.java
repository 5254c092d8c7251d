package trips.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;
import trips.enrich.TripEnricher;

/**
 * Splits a box into geohash cells so that its trip count is exact and cheap: cells wholly inside
 * the box are read from the cell_week aggregate, at the coarsest stored precision that fits; cells
 * the box's edges cut are read point by point from trip's origin or destination index, as ranges of
 * the 60-bit stored cell (a cell at any precision is one contiguous range of it). A cut cell of
 * {@link #FINEST} is read as its finer cells that the box reaches, so that its trips beyond the
 * edge are mostly not read at all.
 *
 * <p>Refinement goes one geohash character at a time down to {@link #FINEST}. A box that would
 * need more than {@link #MAX_CUT_CELLS} cut cells at the next level (a hair-thin box around the
 * globe) stops refining earlier: its cut cells are coarser, the answer is still exact, only the
 * point-by-point share grows.
 */
final class BoxCover {

    /** Precisions kept in cell_week (sql/migrations/V2__analytics_aggregates.sql): keep in step. */
    static final int[] STORED = {2, 3, 4, 5, 6, 7};
    static final int FINEST = 7;
    /** cell_week also holds this precision for the FINEST cells listed in dense_cell (V5 migration). */
    static final int DENSE_CHILDREN = FINEST + 1;
    static final int MAX_CUT_CELLS = 4096;

    /** Whole cells: parallel arrays of precision and right-aligned cell, for unnest() in SQL. */
    final short[] precision;
    final long[] cell;
    /**
     * Cut cells as inclusive ranges of the 60-bit stored cell, sorted, adjacent ones merged; a cut
     * cell of {@link #FINEST} contributes only its finer cells that are not apart from the box.
     */
    final long[] lo;
    final long[] hi;
    private final List<Cell> wholeCells;
    private final List<Cell> cutCells;

    private BoxCover(Box box, List<Cell> wholeCells, List<Cell> cutCells) {
        this.precision = new short[wholeCells.size()];
        this.cell = new long[wholeCells.size()];
        for (int i = 0; i < cell.length; i++) {
            precision[i] = (short) wholeCells.get(i).precision;
            cell[i] = wholeCells.get(i).bits;
        }
        List<long[]> cut = new ArrayList<>();
        for (Cell c : cutCells) {
            if (c.precision != FINEST) {
                cut.add(c.range());
                continue;
            }
            // its finer cells beyond the edge hold no answer: skipping them lowered box medians at 100M
            // trips 1.3 to 1.8 times for 0.005 to 0.1 degrees (perf/README.md)
            for (Cell part : c.childrenReaching(box)) {
                cut.add(part.range());
            }
        }
        long[][] ranges = merge(cut);
        this.lo = ranges[0];
        this.hi = ranges[1];
        this.wholeCells = wholeCells;
        this.cutCells = cutCells;
    }

    /** The cut cells at {@link #FINEST}, the ones that can be dense. */
    long[] finestCutCells() {
        return cutCells.stream().filter(c -> c.precision == FINEST).mapToLong(Cell::bits).toArray();
    }

    /**
     * This cover with each dense cut cell replaced by its children of {@link #DENSE_CHILDREN}: the
     * ones inside the box become whole cells, the ones the edges cut stay cut, the others drop out.
     */
    BoxCover refine(Box box, LongPredicate dense) {
        if (cutCells.stream().noneMatch(c -> c.precision == FINEST && dense.test(c.bits))) {
            return this; // dense cells off, or none under this box's edges: the cover stands as it is
        }
        List<Cell> whole = new ArrayList<>(wholeCells);
        List<Cell> cut = new ArrayList<>();
        for (Cell parent : cutCells) {
            if (parent.precision != FINEST || !dense.test(parent.bits)) {
                cut.add(parent);
                continue;
            }
            for (Cell c : parent.childrenReaching(box)) {
                (box.containsCell(c.lon0, c.lat0, c.lon1, c.lat1) ? whole : cut).add(c);
            }
        }
        return new BoxCover(box, whole, cut);
    }

    /** The cut ranges widened to whole cells of this precision, merged: the cells they touch. */
    long[][] cutRangesAt(int coarser) {
        int shift = TripEnricher.shiftFor(coarser);
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < lo.length; i++) {
            ranges.add(new long[] {lo[i] >> shift, hi[i] >> shift});
        }
        return merge(ranges);
    }

    /** All the box's cells as ranges of the 60-bit stored cell: whole ones and cut ones, merged. */
    long[][] allRanges() {
        List<long[]> ranges = new ArrayList<>();
        for (Cell c : wholeCells) {
            ranges.add(c.range());
        }
        for (int i = 0; i < lo.length; i++) {
            ranges.add(new long[] {lo[i], hi[i]});
        }
        return merge(ranges);
    }

    static BoxCover of(Box box) {
        List<Cell> whole = new ArrayList<>();
        List<Cell> open = new ArrayList<>();
        open.add(new Cell(0, 0, -180, -90, 180, 90));
        List<Cell> cut = new ArrayList<>();
        while (!open.isEmpty()) {
            List<Cell> next = new ArrayList<>();
            for (Cell parent : open) {
                for (Cell c : parent.childrenReaching(box)) {
                    if (box.containsCell(c.lon0, c.lat0, c.lon1, c.lat1) && isStored(c.precision)) {
                        whole.add(c);
                    } else {
                        next.add(c);
                    }
                }
            }
            int precision = next.isEmpty() ? 0 : next.get(0).precision;
            if (precision >= FINEST || next.size() > MAX_CUT_CELLS) {
                cut.addAll(next);
                break;
            }
            open = next;
        }
        return new BoxCover(box, whole, cut);
    }

    private static boolean isStored(int precision) {
        return Arrays.binarySearch(STORED, precision) >= 0;
    }

    /** Sorted, with touching ranges joined: fewer index descents. Returns {lo[], hi[]}. */
    private static long[][] merge(List<long[]> ranges) {
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] lo = new long[ranges.size()];
        long[] hi = new long[ranges.size()];
        int n = 0;
        for (long[] r : ranges) {
            if (n > 0 && r[0] <= hi[n - 1] + 1) {
                hi[n - 1] = Math.max(hi[n - 1], r[1]);
            } else {
                lo[n] = r[0];
                hi[n] = r[1];
                n++;
            }
        }
        return new long[][] {Arrays.copyOf(lo, n), Arrays.copyOf(hi, n)};
    }

    /** A geohash cell with its bounds, made by the same halvings as trips.enrich.Geohash.bits. */
    private record Cell(int precision, long bits, double lon0, double lat0, double lon1, double lat1) {

        /** The inclusive range of 60-bit stored cells inside this one. */
        long[] range() {
            int shift = TripEnricher.shiftFor(precision);
            return new long[] {bits << shift, ((bits + 1) << shift) - 1};
        }

        /** The 32 cells of the next precision that may hold points of the box. */
        List<Cell> childrenReaching(Box box) {
            List<Cell> children = new ArrayList<>(32);
            for (int index = 0; index < 32; index++) {
                Cell c = child(index);
                if (!box.apartFrom(c.lon0, c.lat0, c.lon1, c.lat1)) {
                    children.add(c);
                }
            }
            return children;
        }

        private Cell child(int index) {
            double x0 = lon0;
            double y0 = lat0;
            double x1 = lon1;
            double y1 = lat1;
            for (int i = 4; i >= 0; i--) {
                boolean one = ((index >>> i) & 1) == 1;
                // bit 0 of the whole hash is longitude; each character has 5 bits
                boolean lonBit = ((precision * 5 + (4 - i)) & 1) == 0;
                if (lonBit) {
                    double mid = (x0 + x1) / 2;
                    if (one) {
                        x0 = mid;
                    } else {
                        x1 = mid;
                    }
                } else {
                    double mid = (y0 + y1) / 2;
                    if (one) {
                        y0 = mid;
                    } else {
                        y1 = mid;
                    }
                }
            }
            return new Cell(precision + 1, (bits << 5) | index, x0, y0, x1, y1);
        }
    }
}
