package trips.parse;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Maps the header's columns by name (any order, any case, extra columns ignored) and turns each
 * record into a trip of the batch or a reject with a reason a person can act on.
 */
public final class TripRowParser {

    static final String[] REQUIRED = {"region", "origin_coord", "destination_coord", "datetime", "datasource"};

    /** Region and datasource are names, not documents: a longer one is a broken row. */
    static final int MAX_NAME = 200;

    private final int columns;
    private final int region;
    private final int origin;
    private final int destination;
    private final int datetime;
    private final int datasource;
    private final int rawChars;
    private final BitSet readColumns = new BitSet();
    private final PointParser point = new PointParser();

    private TripRowParser(int columns, int[] index, int rawChars) {
        this.columns = columns;
        for (int i : index) {
            readColumns.set(i);
        }
        this.region = index[0];
        this.origin = index[1];
        this.destination = index[2];
        this.datetime = index[3];
        this.datasource = index[4];
        this.rawChars = rawChars;
    }

    /**
     * The years a trip may have. Without from/to a weekly average spans the data set's first to last
     * trip, and the API answers at most 10000 weeks (WeekSeries.MAX_WEEKS in web): one row dated 1900
     * or 2999, a typo, would make every such question fail for good. 1970 to 2100 is 6836 weeks.
     */
    static final int FIRST_YEAR = 1970;
    static final int LAST_YEAR = 2100;
    private static final long FIRST_SECOND = DateTimeParser.parse(FIRST_YEAR + "-01-01 00:00:00");
    private static final long AFTER_LAST_SECOND = DateTimeParser.parse((LAST_YEAR + 1) + "-01-01 00:00:00");

    static final String NOT_TEXT = "the file is not UTF-8 text (is it binary?)";

    /**
     * Reads the header from the current record of the reader. Bytes that are not text fail the file
     * only when the trip columns cannot be found: an extra column of a partner's own, written in
     * Latin-1, is never read, so its bytes are no reason to refuse the trips beside it.
     */
    public static TripRowParser fromHeader(CsvRecordReader header, int rawChars) {
        if (header.formError() != null) {
            throw new BadFileException(header.notText() ? NOT_TEXT : "no readable header row: " + header.formError());
        }
        int n = header.fieldCount();
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(header.field(i).trim().toLowerCase(Locale.ROOT));
        }
        int[] index = new int[REQUIRED.length];
        List<String> missing = new ArrayList<>();
        for (int r = 0; r < REQUIRED.length; r++) {
            index[r] = names.indexOf(REQUIRED[r]);
            if (index[r] < 0) {
                missing.add(REQUIRED[r]);
            } else if (names.lastIndexOf(REQUIRED[r]) != index[r]) {
                // which of the two holds the data is a guess; a repeated extra column is never read
                throw new BadFileException("column " + REQUIRED[r] + " appears twice in the header");
            }
        }
        if (!missing.isEmpty()) {
            if (header.notText()) {
                throw new BadFileException(NOT_TEXT);
            }
            String shown = header.raw(200);
            throw new BadFileException("no header row with the columns " + String.join(", ", REQUIRED)
                    + " (missing " + String.join(", ", missing) + "); line 1 reads: " + printable(shown));
        }
        return new TripRowParser(n, index, rawChars);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 120; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == '\uFFFD' ? '?' : c);
        }
        return sb.toString();
    }

    /** The columns a trip is read from, column i as bit i; a copy. */
    public BitSet readColumns() {
        return (BitSet) readColumns.clone();
    }

    /** Adds the reader's current record to the batch, as a trip or as a reject. */
    public void parse(CsvRecordReader rec, TripBatch batch) {
        long line = rec.lineNumber();
        batch.recordRead(line);
        String reason = rec.formError();
        if (reason == null) {
            reason = rec.fieldCount() == columns ? rec.notTextIn(readColumns) : rec.notTextAnywhere();
        }
        if (reason == null) {
            reason = parseValid(rec, batch);
        }
        if (reason != null) {
            batch.reject(line, reason, rec.raw(rawChars));
        }
    }

    /** Counted in characters, as PostgreSQL's varchar(200) counts them: an emoji is two chars in Java, one here. */
    private static boolean tooLong(String name) {
        return name.length() > MAX_NAME && name.codePointCount(0, name.length()) > MAX_NAME;
    }

    /**
     * Without spaces of any kind at either end: trim() takes only ASCII ones and control characters,
     * and "Prague" followed by a no-break space became a region of its own. The API strips a name it
     * is asked for the same way, so that what was stored is what is found.
     */
    public static String name(String field) {
        int start = 0;
        int end = field.length();
        while (start < end && isSpace(field.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(field.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == field.length() ? field : field.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c <= ' ' || (c >= 0x80 && (Character.isSpaceChar(c) || Character.isWhitespace(c)));
    }

    private static String nameProblem(String column, String name) {
        if (name.isEmpty()) {
            return column + " is empty";
        }
        if (tooLong(name)) {
            return column + " is longer than " + MAX_NAME + " characters";
        }
        int at = invisibleAt(name);
        if (at >= 0) {
            return column + " holds " + (Character.getType(name.charAt(at)) == Character.FORMAT ? "an invisible"
                    : "a control") + " character, " + String.format("U+%04X", (int) name.charAt(at))
                    + ", which would make a name that looks like another";
        }
        return null;
    }

    /**
     * Where a control character or an invisible format one (a zero-width space, a bidirectional
     * mark, a byte-order mark) stands, or -1. The zero-width joiner and non-joiner are letters'
     * business in several scripts (Persian, the Indic ones) and pass.
     */
    static int invisibleAt(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < ' ' || c == 0x7F || (c >= 0x80 && c != 0x200C && c != 0x200D
                    && (Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT))) {
                return i;
            }
        }
        return -1;
    }

    private String parseValid(CsvRecordReader rec, TripBatch batch) {
        if (rec.fieldCount() != columns) {
            return "expected " + columns + " fields, found " + rec.fieldCount();
        }
        String regionName = name(rec.field(region));
        String problem = nameProblem("region", regionName);
        if (problem != null) {
            return problem;
        }
        String source = name(rec.field(datasource));
        problem = nameProblem("datasource", source);
        if (problem != null) {
            return problem;
        }
        problem = point.parse(rec.field(origin));
        if (problem != null) {
            return "origin_coord " + problem;
        }
        double oLon = point.lon;
        double oLat = point.lat;
        problem = point.parse(rec.field(destination));
        if (problem != null) {
            return "destination_coord " + problem;
        }
        String when = rec.field(datetime).trim();
        long epochSecond = DateTimeParser.parse(when);
        if (epochSecond == DateTimeParser.INVALID) {
            return when.isEmpty() ? "datetime is empty"
                    : "datetime '" + cut(when) + "' is not a real date and time as yyyy-MM-dd HH:mm:ss"
                    + " (also accepted: T for the space, a fraction of a second)";
        }
        if (epochSecond < FIRST_SECOND || epochSecond >= AFTER_LAST_SECOND) {
            return "datetime '" + cut(when) + "' is outside the years " + FIRST_YEAR + " to " + LAST_YEAR;
        }
        batch.add(regionName, source, epochSecond, oLon, oLat, point.lon, point.lat);
        return null;
    }

    static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
