package trips.parse;

/** Parses WKT {@code POINT (lon lat)}; keeps the last result in fields so no object is made per row. */
final class PointParser {

    double lon;
    double lat;

    /** @return null when the text is a valid point, else what is wrong with it */
    String parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return "is empty";
        }
        if (s.length() < 5 || !s.regionMatches(true, 0, "POINT", 0, 5)) {
            return "'" + TripRowParser.cut(s) + "' is not POINT (lon lat)";
        }
        int open = 5;
        while (open < s.length() && s.charAt(open) == ' ') {
            open++;
        }
        if (open >= s.length() || s.charAt(open) != '(' || s.charAt(s.length() - 1) != ')') {
            return "'" + TripRowParser.cut(s) + "' is not POINT (lon lat): parenthesis missing";
        }
        String inner = s.substring(open + 1, s.length() - 1).trim();
        int space = inner.indexOf(' ');
        if (space < 0) {
            return "'" + TripRowParser.cut(s) + "' is not POINT (lon lat): needs two coordinates";
        }
        String lonText = inner.substring(0, space);
        String latText = inner.substring(space + 1).trim();
        if (latText.indexOf(' ') >= 0) {
            return "'" + TripRowParser.cut(s) + "' is not POINT (lon lat): more than two coordinates";
        }
        String bad = number(lonText, "longitude");
        if (bad != null) {
            return bad;
        }
        lon = value;
        bad = number(latText, "latitude");
        if (bad != null) {
            return bad;
        }
        lat = value;
        if (lon < -180 || lon > 180) {
            return "longitude " + lonText + " is outside -180..180";
        }
        if (lat < -90 || lat > 90) {
            return "latitude " + latText + " is outside -90..90";
        }
        return null;
    }

    private double value;

    /** Only plain decimal numbers: Double.parseDouble would also take NaN, Infinity, hex and 1d. */
    private String number(String t, String what) {
        boolean digit = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (!(c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return what + " '" + TripRowParser.cut(t) + "' is not a number";
            }
        }
        if (!digit) {
            return what + " '" + TripRowParser.cut(t) + "' is not a number";
        }
        try {
            value = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return what + " '" + TripRowParser.cut(t) + "' is not a number";
        }
        if (!Double.isFinite(value)) {
            return what + " '" + TripRowParser.cut(t) + "' is not a finite number";
        }
        return null;
    }
}
