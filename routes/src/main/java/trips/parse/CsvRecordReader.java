package trips.parse;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.BitSet;

/**
 * Streams RFC 4180 records (quoted fields may hold commas, quotes and line breaks) from a Reader,
 * one at a time into a reused buffer. Written by hand rather than taken from commons-csv because a
 * malformed record must become a reject with its line number while the rest of the file goes on,
 * and an over-long record must be skipped without being held in memory.
 */
public final class CsvRecordReader implements Closeable {

    private static final int EOF = -1;
    private static final int BUF = 1 << 16;

    private final Reader in;
    /** Null when the text comes already decoded: every U+FFFD is then a character of the text. */
    private final Utf8Reader utf8;
    private final int maxRecordChars;
    private char[] buf = new char[BUF];
    private int pos;
    private int limit;
    private long consumed;      // chars of the text before buf[0]

    private char[] rec = new char[1024];
    private int recLen;
    private long recordOffset;  // chars of the text before rec[0]
    private int[] fieldStart = new int[16];
    private int[] fieldEnd = new int[16];
    private boolean[] fieldQuoted = new boolean[16];
    private int fields;

    private long line;          // physical lines consumed so far
    private long recordLine;    // line on which the current record starts
    private String error;       // the record's form: quotes, length, a stray quote
    private String notTextWhy;  // a NUL or bytes that are not UTF-8 somewhere in the record
    // which fields hold them, bit i for field i: a BitSet, since a file may have any number of extra
    // columns before its trip columns (a long's 64 bits made every field from 63 on one field)
    private final BitSet notTextFields = new BitSet();
    private final BitSet brokenFields = new BitSet(); // which fields hold a line break
    private boolean started;
    private boolean unterminated; // the record ended with the input, not with a line break

    private int expectedFields;         // the header's count once it is known, 0 before
    private BitSet fieldsThatMayBreak;  // null: any

    public CsvRecordReader(Reader in, int maxRecordChars) {
        this(in, null, maxRecordChars);
    }

    private CsvRecordReader(Reader in, Utf8Reader utf8, int maxRecordChars) {
        this.in = in;
        this.utf8 = utf8;
        this.maxRecordChars = maxRecordChars;
    }

    /** Reads UTF-8 bytes: a record holding bytes that are not UTF-8 is flagged, the rest reads on. */
    public static CsvRecordReader utf8(InputStream in, int maxRecordChars) {
        Utf8Reader reader = new Utf8Reader(in);
        return new CsvRecordReader(reader, reader, maxRecordChars);
    }

    private boolean fill() throws IOException {
        consumed += limit;
        pos = 0;
        limit = in.read(buf, 0, buf.length);
        if (limit <= 0) {
            limit = 0;
            return false;
        }
        return true;
    }

    private int read() throws IOException {
        if (pos == limit && !fill()) {
            return EOF;
        }
        char c = buf[pos++];
        if (c == '\0' || c == '\uFFFD') {
            flagNotText(c);
        }
        return c;
    }

    private int peek() throws IOException {
        if (pos == limit && !fill()) {
            return EOF;
        }
        return buf[pos];
    }

    /** PostgreSQL refuses NUL in text, so a NUL makes the row a reject rather than failing its batch. */
    private void flagNotText(char c) {
        String why;
        if (c == '\0') {
            why = "contains a NUL character";
        } else if (utf8 != null && utf8.malformedAt(consumed + pos - 1, recordOffset)) {
            why = "contains bytes that are not valid UTF-8";
        } else {
            return;
        }
        if (notTextWhy == null) {
            notTextWhy = why;
        }
        notTextFields.set(fields);
    }

    /**
     * Tells the reader what the header promised: every record has fieldCount fields, and only the
     * fields of the set (field i as bit i) may hold a line break. A record over several lines that
     * breaks either promise was opened by a stray quote and closed by another one lines later, so only
     * the line where it began is rejected and the lines after it are read as rows of their own.
     */
    public void expectFields(int fieldCount, BitSet mayHoldLineBreaks) {
        this.expectedFields = fieldCount;
        this.fieldsThatMayBreak = mayHoldLineBreaks;
    }

    private void append(char c) {
        if (recLen == rec.length) {
            // two more than the limit: the check before each read lets one doubled quote past it
            char[] bigger = new char[Math.min(maxRecordChars + 2, rec.length * 2)];
            System.arraycopy(rec, 0, bigger, 0, recLen);
            rec = bigger;
        }
        rec[recLen++] = c;
    }

    private void endField(boolean quoted) {
        fieldQuoted[fields] = quoted;
        fieldEnd[fields++] = recLen;
        // grown here, not before: the next field's start is written as soon as its comma is read
        if (fields == fieldStart.length) {
            fieldStart = java.util.Arrays.copyOf(fieldStart, fields * 2);
            fieldEnd = java.util.Arrays.copyOf(fieldEnd, fields * 2);
            fieldQuoted = java.util.Arrays.copyOf(fieldQuoted, fields * 2);
        }
    }

    /**
     * Reads the next non-blank record.
     *
     * @return false at the end of the input
     */
    public boolean next() throws IOException {
        while (true) {
            int first = peek();
            if (!started) {
                started = true;
                if (first == '\uFEFF') {
                    read();
                    first = peek();
                }
            }
            if (first == EOF) {
                return false;
            }
            if (!readRecord()) {
                return false;
            }
            if (fields == 1 && error == null && notTextWhy == null && !fieldQuoted[0] && blank()) {
                continue; // a blank line (spaces, tabs, a DOS end-of-file Ctrl-Z) is no record
            }
            return true;
        }
    }

    private boolean blank() {
        for (int i = 0; i < recLen; i++) {
            if (rec[i] > ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * A quoted field may run over line breaks (RFC 4180), so a stray opening quote would swallow the
     * rows after it. When such a field ends badly (the end of the file, the record's length limit, or
     * text after its closing quote), or the record over several lines breaks what the header promised
     * ({@link #expectFields}), its quote is taken as stray: only the physical line where it (or the
     * record) opened is rejected, and reading resumes on the next line. Every read char is kept in rec
     * (nothing is dropped before the limit check), so the resumed text is rec's tail and then buf.
     */
    private boolean readRecord() throws IOException {
        recLen = 0;
        fields = 0;
        error = null;
        unterminated = false;
        if (notTextWhy != null) {
            notTextWhy = null;
            notTextFields.clear();
        }
        if (!brokenFields.isEmpty()) {
            brokenFields.clear();
        }
        recordLine = line + 1;
        recordOffset = consumed + pos;
        fieldStart[0] = 0;
        boolean quoted = false;       // inside a quoted field
        boolean wasQuoted = false;    // current field began with a quote
        boolean fieldBegin = true;
        int quoteField = 0;           // the field whose quote opened last, counting from 1
        long quoteLine = 0;           // and the line it opened on
        int breakAt = -1;             // where in rec that field's first line break stands
        long lineAfterBreak = 0;
        int firstBreakAt = -1;        // the record's first line break (all are inside quotes)
        while (true) {
            if (recLen > maxRecordChars) {
                if (quoted && breakAt >= 0) {
                    // a field this long is far likelier a stray quote than text: its lines are read as rows
                    strayQuote(breakAt, lineAfterBreak, "unclosed quote: the quote opening field " + quoteField
                            + " on line " + quoteLine + " is not closed within " + maxRecordChars
                            + " characters; taken for a stray quote, the lines after it are read as rows", false);
                    return true;
                }
                // the record is dropped: resynchronise on the next line break
                int c = read();
                while (c != EOF && c != '\n') {
                    c = read();
                }
                if (c == '\n') {
                    line++;
                }
                unterminated = c == EOF;
                recLen = maxRecordChars;
                fields = 0;
                endField(false);
                error = "record longer than " + maxRecordChars + " characters";
                return true;
            }
            int c = read();
            if (c == EOF) {
                if (quoted) {
                    if (breakAt >= 0) {
                        strayQuote(breakAt, lineAfterBreak, unclosed(quoteField, quoteLine), false);
                        return true;
                    }
                    error = unclosed(quoteField, quoteLine);
                }
                line++;
                String stray = strayQuoteClosing(firstBreakAt);
                if (stray != null) {
                    strayQuote(firstBreakAt, recordLine, stray, false);
                    return true;
                }
                unterminated = true;
                trimCr();
                endField(wasQuoted);
                return true;
            }
            if (quoted) {
                if (c == '"') {
                    int n = peek();
                    if (n == '"') {
                        read();
                        append('"');
                        append('"');
                    } else {
                        quoted = false;
                        append('"');
                        if (n != ',' && n != '\n' && n != '\r' && n != EOF) {
                            if (breakAt >= 0) {
                                strayQuote(breakAt, lineAfterBreak, "unclosed quote: the quote opening field "
                                        + quoteField + " on line " + quoteLine + " closes only on line " + (line + 1)
                                        + ", before other text; taken for a stray quote", false);
                                return true;
                            }
                            if (error == null) {
                                error = "unexpected character after the closing quote of field " + (fields + 1);
                            }
                        }
                    }
                } else {
                    if (c == '\n') {
                        line++;
                        if (breakAt < 0) {
                            breakAt = recLen;
                            lineAfterBreak = line;
                        }
                        if (firstBreakAt < 0) {
                            firstBreakAt = recLen;
                        }
                        brokenFields.set(fields);
                    }
                    append((char) c);
                }
                continue;
            }
            if (c == ',') {
                endField(wasQuoted);
                append(',');
                fieldStart[fields] = recLen;
                wasQuoted = false;
                fieldBegin = true;
                continue;
            }
            if (c == '\n') {
                line++;
                String stray = strayQuoteClosing(firstBreakAt);
                if (stray != null) {
                    strayQuote(firstBreakAt, recordLine, stray, true);
                    return true;
                }
                trimCr();
                endField(wasQuoted);
                return true;
            }
            if (c == '"') {
                if (fieldBegin) {
                    quoted = true;
                    wasQuoted = true;
                    quoteField = fields + 1;
                    quoteLine = line + 1;
                    breakAt = -1;
                } else if (error == null) {
                    error = "quote inside unquoted field " + (fields + 1);
                }
            }
            fieldBegin = false;
            append((char) c);
        }
    }

    /**
     * Why a record over several lines, ending now, breaks the header's promise, or null. Its first line
     * is where the trouble began; its last line is still unread (fields counts the ended ones).
     */
    private String strayQuoteClosing(int firstBreakAt) {
        if (firstBreakAt < 0 || expectedFields == 0) {
            return null;
        }
        int count = fields + 1;
        String why;
        if (count != expectedFields) {
            why = count + (count == 1 ? " field" : " fields") + " where the header has " + expectedFields;
        } else if (fieldsThatMayBreak != null && firstOutside(brokenFields, fieldsThatMayBreak) >= 0) {
            why = "a line break in field " + (firstOutside(brokenFields, fieldsThatMayBreak) + 1)
                    + ", a trip column, which never holds one";
        } else {
            return null;
        }
        return "unclosed quote: the quote opening on line " + recordLine + " closes only on line " + line
                + ", which makes one record of " + why + "; taken for a stray quote, the lines after it are read as rows";
    }

    /** The first field of the set that is not in the other, or -1. */
    private static int firstOutside(BitSet fields, BitSet allowed) {
        for (int i = fields.nextSetBit(0); i >= 0; i = fields.nextSetBit(i + 1)) {
            if (!allowed.get(i)) {
                return i;
            }
        }
        return -1;
    }

    private static String unclosed(int field, long line) {
        return "unclosed quote: the quote opening field " + field + " on line " + line + " is never closed";
    }

    /**
     * Makes the current record the text before breakAt, rejected, and puts the rest back to be read
     * again; lineBreakRead when the line break that ended the record was read but not kept in rec.
     */
    private void strayQuote(int breakAt, long lineAfterBreak, String reason, boolean lineBreakRead) {
        int from = breakAt + 1;
        int tail = recLen - from;
        int end = lineBreakRead ? 1 : 0;
        int n = tail + end + limit - pos;
        char[] replay = new char[Math.max(BUF, n)];
        System.arraycopy(rec, from, replay, 0, tail);
        if (lineBreakRead) {
            replay[tail] = '\n';
        }
        System.arraycopy(buf, pos, replay, tail + end, limit - pos);
        buf = replay;
        consumed = recordOffset + from;
        pos = 0;
        limit = n;
        line = lineAfterBreak;
        recLen = breakAt;
        fields = 0;
        trimCr();
        endField(false);
        error = reason;
    }

    private void trimCr() {
        if (recLen > 0 && rec[recLen - 1] == '\r' && recLen > fieldStart[fields]) {
            recLen--;
        }
    }

    /** Line on which the current record starts, counting from 1. */
    /**
     * Whether the current record ended with the input rather than a line break: the last line of a
     * file written without a final one, or of a file cut off in the middle of a row.
     */
    public boolean unterminated() {
        return unterminated;
    }

    public long lineNumber() {
        return recordLine;
    }

    /** Why the record's form is broken (quotes, length), or null: bytes that are no text aside. */
    public String formError() {
        return error;
    }

    /** Why one of the fields of the set (field i as bit i) holds a NUL or bytes that are not UTF-8, or null. */
    public String notTextIn(BitSet fields) {
        return notTextFields.intersects(fields) ? notTextWhy : null;
    }

    public int fieldCount() {
        return fields;
    }

    /** Field i without its quotes and with doubled quotes undone; surrounding spaces are kept. */
    public String field(int i) {
        int s = fieldStart[i];
        int e = fieldEnd[i];
        if (!fieldQuoted[i]) {
            return new String(rec, s, e - s);
        }
        StringBuilder sb = new StringBuilder(e - s);
        int end = rec[e - 1] == '"' && e - 1 > s ? e - 1 : e;
        for (int k = s + 1; k < end; k++) {
            char ch = rec[k];
            sb.append(ch);
            if (ch == '"' && k + 1 < end && rec[k + 1] == '"') {
                k++;
            }
        }
        return sb.toString();
    }

    /** Why some field of the record holds a NUL or bytes that are not UTF-8, or null. */
    public String notTextAnywhere() {
        return notTextWhy;
    }

    /** Whether the record holds a NUL or bytes that are not UTF-8: in a header, the sign of a binary file. */
    public boolean notText() {
        return notTextWhy != null;
    }

    /**
     * The record as it stood in the file (without its line break), cut to at most max characters,
     * a NUL shown as U+FFFD: the reject that keeps it must be storable in PostgreSQL text.
     */
    public String raw(int max) {
        String s = new String(rec, 0, Math.min(recLen, max));
        return s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
