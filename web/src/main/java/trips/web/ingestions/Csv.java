package trips.web.ingestions;

/** RFC 4180 output: a field is quoted when it holds a comma, a quote or a line break; quotes are doubled. */
final class Csv {

    private Csv() {
    }

    static void field(StringBuilder out, String value) {
        if (value == null) {
            return;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** Records end with CRLF, as RFC 4180 has it. */
    static void endRecord(StringBuilder out) {
        out.append("\r\n");
    }
}
