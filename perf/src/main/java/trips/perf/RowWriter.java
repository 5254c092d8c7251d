package trips.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Writes the sampled trip as a valid row, or as a row with exactly one defect of a given kind. */
final class RowWriter {

    private static final byte[] POINT = bytes("POINT (");
    private static final byte[] POINT_NO_PARENTHESIS = bytes("POINT ");
    private static final byte[] NAN = bytes("NaN");
    private static final byte[] MINUS_INFINITY = bytes("-Infinity");
    private static final byte[] KM = bytes("km");
    private static final byte[] INFINITY = bytes("Infinity");
    private static final byte[] LETTERS = bytes("east north");
    private static final byte[] EXTRA = bytes("extra");

    private final TripSampler trip;
    private final byte[][] datasources;

    RowWriter(TripSampler trip) {
        this.trip = trip;
        Datasource[] all = Datasource.values();
        datasources = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            datasources[i] = bytes(all[i].label());
        }
    }

    void valid(RowBuffer out) throws IOException {
        double[] p = trip.points;
        out.put(trip.regions[trip.region].name);
        out.put(',');
        point(out, p[0], p[1]);
        out.put(',');
        point(out, p[2], p[3]);
        out.put(',');
        trip.time.append(out, trip.day, trip.secondOfDay);
        out.put(',');
        out.put(datasources[trip.datasource]);
        out.endRow();
    }

    void bad(RowBuffer out, BadRowKind kind, SplittableRandom rng) throws IOException {
        // drawn for every kind so the stream does not depend on which draws a kind needs
        int field = rng.nextInt(5);
        int pointField = 1 + rng.nextInt(2);
        int variant = rng.nextInt(12);
        double[] p = trip.points;
        int written = 0;
        for (int f = 0; f < 5; f++) {
            if (kind == BadRowKind.MISSING_FIELD && f == field) {
                continue;
            }
            if (written++ > 0) {
                out.put(',');
            }
            if (kind == BadRowKind.EMPTY_FIELD && f == field) {
                continue;
            }
            switch (f) {
                case 0 -> out.put(trip.regions[trip.region].name);
                case 1, 2 -> {
                    int at = (f - 1) * 2;
                    if (f == pointField) {
                        badPoint(out, kind, variant, p[at], p[at + 1]);
                    } else {
                        point(out, p[at], p[at + 1]);
                    }
                }
                case 3 -> {
                    if (kind == BadRowKind.IMPOSSIBLE_DATETIME || kind == BadRowKind.UNPARSEABLE_DATETIME) {
                        BadDateTimes.write(out, kind, variant, trip.time.date(trip.day), trip.secondOfDay);
                    } else {
                        trip.time.append(out, trip.day, trip.secondOfDay);
                    }
                }
                default -> out.put(datasources[trip.datasource]);
            }
        }
        if (kind == BadRowKind.EXTRA_FIELD) {
            out.put(',');
            out.put(EXTRA);
        }
        out.endRow();
    }

    private static void point(RowBuffer out, double lon, double lat) {
        out.put(POINT);
        out.coordinate(lon);
        out.put(' ');
        out.coordinate(lat);
        out.put(')');
    }

    private static void badPoint(RowBuffer out, BadRowKind kind, int variant, double lon, double lat) {
        boolean onLon = variant % 2 == 0;
        switch (kind) {
            case POINT_MISSING_PARENTHESIS -> {
                out.put(onLon ? POINT : POINT_NO_PARENTHESIS);
                out.coordinate(lon);
                out.put(' ');
                out.coordinate(lat);
                if (!onLon) {
                    out.put(')');
                }
            }
            case POINT_ONE_COORDINATE -> {
                out.put(POINT);
                out.coordinate(onLon ? lon : lat);
                out.put(')');
            }
            case POINT_LETTERS -> {
                out.put(POINT);
                if (variant % 3 == 2) {
                    out.put(LETTERS);
                } else {
                    // 'x' and 'km' are not among the d/f/e suffixes Double.parseDouble accepts
                    out.coordinate(lon);
                    if (variant % 3 == 0) {
                        out.put('x');
                    }
                    out.put(' ');
                    out.coordinate(lat);
                    if (variant % 3 == 1) {
                        out.put(KM);
                    }
                }
                out.put(')');
            }
            case NAN_COORDINATE -> special(out, onLon, NAN, lon, lat);
            case INFINITE_COORDINATE -> special(out, onLon, variant % 4 < 2 ? INFINITY : MINUS_INFINITY, lon, lat);
            case LONGITUDE_OUT_OF_RANGE -> point(out, lon + Math.copySign(200, lon), lat);
            case LATITUDE_OUT_OF_RANGE -> point(out, lon, lat + Math.copySign(100, lat));
            default -> point(out, lon, lat);
        }
    }

    private static void special(RowBuffer out, boolean onLon, byte[] text, double lon, double lat) {
        out.put(POINT);
        if (onLon) {
            out.put(text);
        } else {
            out.coordinate(lon);
        }
        out.put(' ');
        if (onLon) {
            out.coordinate(lat);
        } else {
            out.put(text);
        }
        out.put(')');
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
