package trips.perf;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deliberately written apart from the generator (regexes, String.split, java.time STRICT) so that
 * counting with it checks the generator instead of repeating it.
 */
final class SimpleTripValidator {

    enum Reason { FIELD_COUNT, EMPTY_FIELD, POINT_SHAPE, NOT_A_NUMBER, NOT_FINITE, LONGITUDE_RANGE,
        LATITUDE_RANGE, DATETIME_SHAPE, DATETIME_IMPOSSIBLE }

    record Trip(String region, double originLon, double originLat, double destinationLon,
                double destinationLat, LocalDateTime at, String datasource) {
    }

    /** Either a trip or the reason the row is invalid. */
    record Result(Trip trip, Reason reason) {
        boolean valid() {
            return trip != null;
        }
    }

    private static final Pattern POINT = Pattern.compile("POINT \\((\\S+) (\\S+)\\)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    private static final DateTimeFormatter STRICT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);

    private SimpleTripValidator() {
    }

    static Result check(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 5) {
            return bad(Reason.FIELD_COUNT);
        }
        for (String field : f) {
            if (field.isEmpty()) {
                return bad(Reason.EMPTY_FIELD);
            }
        }
        double[] origin = new double[2];
        double[] destination = new double[2];
        Reason reason = point(f[1], origin);
        if (reason == null) {
            reason = point(f[2], destination);
        }
        if (reason != null) {
            return bad(reason);
        }
        if (!DATETIME.matcher(f[3]).matches()) {
            return bad(Reason.DATETIME_SHAPE);
        }
        LocalDateTime at;
        try {
            at = LocalDateTime.parse(f[3], STRICT);
        } catch (DateTimeParseException e) {
            return bad(Reason.DATETIME_IMPOSSIBLE);
        }
        return new Result(new Trip(f[0], origin[0], origin[1], destination[0], destination[1], at, f[4]), null);
    }

    private static Reason point(String text, double[] out) {
        Matcher m = POINT.matcher(text);
        if (!m.matches()) {
            return Reason.POINT_SHAPE;
        }
        for (int i = 0; i < 2; i++) {
            String number = m.group(i + 1);
            if (number.equals("NaN") || number.equals("Infinity") || number.equals("-Infinity")) {
                return Reason.NOT_FINITE;
            }
            if (!NUMBER.matcher(number).matches()) {
                return Reason.NOT_A_NUMBER;
            }
            out[i] = Double.parseDouble(number);
        }
        if (out[0] < -180 || out[0] > 180) {
            return Reason.LONGITUDE_RANGE;
        }
        if (out[1] < -90 || out[1] > 90) {
            return Reason.LATITUDE_RANGE;
        }
        return null;
    }

    private static Result bad(Reason reason) {
        return new Result(null, reason);
    }

    /** The one reason each kind of generated defect must be rejected for. */
    static Reason expectedReason(BadRowKind kind) {
        return switch (kind) {
            case MISSING_FIELD, EXTRA_FIELD -> Reason.FIELD_COUNT;
            case EMPTY_FIELD -> Reason.EMPTY_FIELD;
            case POINT_MISSING_PARENTHESIS, POINT_ONE_COORDINATE -> Reason.POINT_SHAPE;
            case POINT_LETTERS -> Reason.NOT_A_NUMBER;
            case NAN_COORDINATE, INFINITE_COORDINATE -> Reason.NOT_FINITE;
            case LONGITUDE_OUT_OF_RANGE -> Reason.LONGITUDE_RANGE;
            case LATITUDE_OUT_OF_RANGE -> Reason.LATITUDE_RANGE;
            case UNPARSEABLE_DATETIME -> Reason.DATETIME_SHAPE;
            case IMPOSSIBLE_DATETIME -> Reason.DATETIME_IMPOSSIBLE;
        };
    }
}
