package trips.enrich;

/**
 * Geohash cells as bits and text. The bits are the standard geohash interleaving (longitude first);
 * ch.hsr:geohash is the reference it is tested against. Done by hand because the library makes
 * several objects per point, and this runs twice for every one of 100 million trips.
 */
public final class Geohash {

    private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();

    private Geohash() {
    }

    /** The cell of the point with the given number of bits, right-aligned. */
    public static long bits(double lat, double lon, int bits) {
        double latMin = -90;
        double latMax = 90;
        double lonMin = -180;
        double lonMax = 180;
        long v = 0;
        for (int i = 0; i < bits; i++) {
            v <<= 1;
            if ((i & 1) == 0) {
                double mid = (lonMin + lonMax) / 2;
                if (lon >= mid) {
                    v |= 1;
                    lonMin = mid;
                } else {
                    lonMax = mid;
                }
            } else {
                double mid = (latMin + latMax) / 2;
                if (lat >= mid) {
                    v |= 1;
                    latMin = mid;
                } else {
                    latMax = mid;
                }
            }
        }
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
