package trips.perf;

/** Plain geohash encoding, enough for tests to see the cells the platform groups trips by. */
final class Geohash {

    private static final String BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

    private Geohash() {
    }

    static String encode(double lat, double lon, int precision) {
        double[] latRange = {-90, 90};
        double[] lonRange = {-180, 180};
        StringBuilder hash = new StringBuilder(precision);
        boolean lonBit = true;
        int bits = 0;
        int value = 0;
        while (hash.length() < precision) {
            double[] range = lonBit ? lonRange : latRange;
            double coordinate = lonBit ? lon : lat;
            double mid = (range[0] + range[1]) / 2;
            value <<= 1;
            if (coordinate >= mid) {
                value |= 1;
                range[0] = mid;
            } else {
                range[1] = mid;
            }
            lonBit = !lonBit;
            if (++bits == 5) {
                hash.append(BASE32.charAt(value));
                bits = 0;
                value = 0;
            }
        }
        return hash.toString();
    }
}
