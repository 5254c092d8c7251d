package trips.perf;

/**
 * The ways a generated row is made invalid. Each leaves the rest of the row valid, so a validator
 * that accepts the row has missed exactly this rule.
 */
public enum BadRowKind {
    /** Four fields instead of five. */
    MISSING_FIELD,
    /** Six fields instead of five. */
    EXTRA_FIELD,
    /** Five fields, one of them empty. */
    EMPTY_FIELD,
    /** {@code POINT (lon lat} or {@code POINT lon lat)}. */
    POINT_MISSING_PARENTHESIS,
    /** {@code POINT (lon)}. */
    POINT_ONE_COORDINATE,
    /** A coordinate with letters in it. */
    POINT_LETTERS,
    /** {@code NaN}, which Double.parseDouble accepts. */
    NAN_COORDINATE,
    /** {@code Infinity} or {@code -Infinity}, which Double.parseDouble accepts. */
    INFINITE_COORDINATE,
    /** Longitude with magnitude 200..380. */
    LONGITUDE_OUT_OF_RANGE,
    /** Latitude with magnitude 100..190. */
    LATITUDE_OUT_OF_RANGE,
    /**
     * Right shape, no such moment: 2018-02-30, 2018-04-31, month 13, day 00, hour 25+, minute 61+.
     * A SMART-resolving java.time parser silently turns some of these into real dates.
     */
    IMPOSSIBLE_DATETIME,
    /** Not the yyyy-MM-dd HH:mm:ss shape at all. */
    UNPARSEABLE_DATETIME
}
