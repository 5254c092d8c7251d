package trips.analytics;

import static trips.web.Replies.clip;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import trips.parse.TripRowParser;

/**
 * Reads and checks the query parameters of the analytics endpoints. Every refusal is a 400 whose
 * message names the parameter and what is wrong with it; values leave here typed, so nothing of the
 * request's text ever reaches SQL except as a bound parameter.
 */
final class AnalyticsParams {

    enum Match { ORIGIN, DESTINATION, BOTH }

    /** Exactly one of region and box is set. */
    record WeeklyRequest(String region, Box box, Match match, LocalDate from, LocalDate to) {
    }

    record GroupsRequest(String region, int limit, long minTrips, int precision, int bucketMinutes) {
    }

    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 50;

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");
    // leading zeros are no size: 0000000005 is 5
    private static final Pattern WHOLE = Pattern.compile("\\+?0*\\d{1,9}");
    private static final Pattern BIG = Pattern.compile("\\+?\\d+");

    private final Function<String, String> params;

    /** @param params the raw value of a parameter by name, or null when absent */
    AnalyticsParams(Function<String, String> params) {
        this.params = params;
    }

    WeeklyRequest weekly() {
        String region = optional("region");
        String bbox = optional("bbox");
        if ((region == null) == (bbox == null)) {
            throw bad(region == null ? "give one of region=NAME or bbox=minLon,minLat,maxLon,maxLat"
                    : "give region or bbox, not both");
        }
        LocalDate from = date("from");
        LocalDate to = date("to");
        if (from != null && to != null && from.isAfter(to)) {
            throw bad("from " + from + " is after to " + to);
        }
        return new WeeklyRequest(region, bbox == null ? null : box(bbox), match(), from, to);
    }

    GroupsRequest groups(int storedPrecision, int storedBucketMinutes) {
        int limit = (int) whole("limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw bad("limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
        }
        long minTrips = whole("minTrips", 1);
        if (minTrips < 1) {
            throw bad("minTrips must be at least 1, got " + minTrips);
        }
        int precision = (int) whole("precision", storedPrecision);
        if (precision > storedPrecision) {
            throw bad("precision " + precision + " is finer than the stored precision " + storedPrecision);
        }
        if (precision < 1) {
            throw bad("precision must be from 1 to " + storedPrecision + ", got " + precision);
        }
        int bucket = (int) whole("bucketMinutes", storedBucketMinutes);
        if (bucket < storedBucketMinutes) {
            throw bad("bucketMinutes " + bucket + " is finer than the stored " + storedBucketMinutes + "-minute buckets");
        }
        if (bucket % storedBucketMinutes != 0 || 1440 % bucket != 0) {
            throw bad("bucketMinutes " + bucket + " must be a multiple of the stored " + storedBucketMinutes
                    + " that divides the 1440 minutes of a day");
        }
        return new GroupsRequest(optional("region"), limit, minTrips, precision, bucket);
    }

    /** A required, non-blank name (a data source for the report). */
    String name(String param) {
        String v = optional(param);
        if (v == null) {
            throw bad(param + " is required");
        }
        return v;
    }

    private Box box(String raw) {
        String[] parts = raw.split(",", -1);
        double[] v = new double[4];
        if (parts.length != 4) {
            throw bad("bbox must be four numbers minLon,minLat,maxLon,maxLat, got '" + clip(raw) + "'");
        }
        for (int i = 0; i < 4; i++) {
            String p = parts[i].trim();
            if (!DECIMAL.matcher(p).matches()) {
                throw bad("bbox must be four numbers minLon,minLat,maxLon,maxLat, got '" + clip(raw) + "'");
            }
            v[i] = Double.parseDouble(p);
        }
        checkRange("minLon", v[0], 180);
        checkRange("minLat", v[1], 90);
        checkRange("maxLon", v[2], 180);
        checkRange("maxLat", v[3], 90);
        if (v[0] > v[2]) {
            throw bad("bbox: minLon " + v[0] + " is above maxLon " + v[2]);
        }
        if (v[1] > v[3]) {
            throw bad("bbox: minLat " + v[1] + " is above maxLat " + v[3]);
        }
        return new Box(v[0], v[1], v[2], v[3]);
    }

    private static void checkRange(String what, double v, double limit) {
        if (v < -limit || v > limit) {
            throw bad("bbox: " + what + " " + v + " is outside -" + (int) limit + ".." + (int) limit);
        }
    }

    private Match match() {
        String raw = optional("match");
        if (raw == null) {
            return Match.ORIGIN;
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "origin" -> Match.ORIGIN;
            case "destination" -> Match.DESTINATION;
            case "both" -> Match.BOTH;
            default -> throw bad("match must be origin, destination or both, got '" + clip(raw) + "'");
        };
    }

    private LocalDate date(String param) {
        String raw = optional(param);
        if (raw == null) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw bad(param + " must be an ISO date (yyyy-MM-dd), got '" + clip(raw) + "'");
        }
        // Java reads years up to 999999999 (+5874898-01-01); PostgreSQL's dates and timestamps stop
        // far sooner, and the week labels are four-digit years
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw bad(param + " must be a date from 0001-01-01 to 9999-12-31, got '" + clip(raw) + "'");
        }
        return date;
    }

    private long whole(String param, long otherwise) {
        String raw = optional(param);
        if (raw == null) {
            return otherwise;
        }
        if (!WHOLE.matcher(raw).matches()) {
            // nine digits at most, so it fits an int; a longer number is too big, not malformed
            throw bad(param + (BIG.matcher(raw).matches() ? " is too big" : " must be a positive whole number")
                    + ", got '" + clip(raw) + "'");
        }
        return Long.parseLong(raw);
    }

    /**
     * The value without spaces of any kind at its ends (as names are stored), or null when absent;
     * present but blank is refused, not ignored.
     */
    private String optional(String param) {
        String v = params.apply(param);
        if (v == null) {
            return null;
        }
        v = TripRowParser.name(v);
        if (v.isEmpty()) {
            throw bad(param + " is empty");
        }
        return v;
    }

    private static ApiException bad(String message) {
        return ApiException.badRequest(message);
    }
}
