package trips.enrich;

/**
 * Geohash cells as bits and text. The bits are the standard geohash interleaving (longitude first);
 * ch.hsr:geohash is the reference it is tested against. Done by hand because the library bisects
 * bit by bit and makes several objects per point, and this runs twice for every trip: quantising
 * and interleaving measured four times faster than bisection on the 2M-row benchmark file.
 */
public final class Geohash {

    private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();

    private Geohash() {
    }

    /** The cell of the point with the given number of bits (even, at most 62), right-aligned. */
    public static long bits(double lat, double lon, int bits) {
        int half = bits / 2;
        long x = quantize(lon, -180, 360, half);
        long y = quantize(lat, -90, 180, half);
        return (spread(x) << 1) | spread(y);
    }

    /**
     * The index of the bisection interval holding v: what halving [min, min + span) n times gives.
     * The estimate may be one off where rounding meets a boundary; the boundaries themselves are exact
     * doubles (dyadic fractions of the span), so comparing against them settles it exactly.
     */
    private static long quantize(double v, double min, double span, int n) {
        long cells = 1L << n;
        long q = (long) Math.floor((v - min) / span * cells);
        if (q < 0) {
            q = 0;
        } else if (q >= cells) {
            q = cells - 1;
        }
        if (q > 0 && v < min + span * q / cells) {
            q--;
        } else if (q < cells - 1 && v >= min + span * (q + 1) / cells) {
            q++;
        }
        return q;
    }

    /** Moves bit i of a 31-bit value to bit 2i. */
    private static long spread(long v) {
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    /** Text of a right-aligned cell of the given precision in characters. */
    public static String text(long cell, int precision) {
        char[] out = new char[precision];
        for (int i = precision - 1; i >= 0; i--) {
            out[i] = BASE32[(int) (cell & 31)];
            cell >>>= 5;
        }
        return new String(out);
    }

    /** Centre {lon, lat} of a right-aligned cell with the given number of bits. */
    public static double[] centre(long cell, int bits) {
        double latMin = -90;
        double latMax = 90;
        double lonMin = -180;
        double lonMax = 180;
        for (int i = 0; i < bits; i++) {
            boolean one = ((cell >>> (bits - 1 - i)) & 1) == 1;
            if ((i & 1) == 0) {
                double mid = (lonMin + lonMax) / 2;
                if (one) {
                    lonMin = mid;
                } else {
                    lonMax = mid;
                }
            } else {
                double mid = (latMin + latMax) / 2;
                if (one) {
                    latMin = mid;
                } else {
                    latMax = mid;
                }
            }
        }
        return new double[] {(lonMin + lonMax) / 2, (latMin + latMax) / 2};
    }
}
