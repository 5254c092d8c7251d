package trips.perf;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Rows are assembled as ASCII bytes straight into one 1 MiB buffer and handed to the stream in big
 * chunks: no String, StringBuilder or charset encoder per row, which is what makes 100 million
 * rows a matter of minutes.
 */
final class RowBuffer {

    static final int CAPACITY = 1 << 20;
    /** Longer than any row we write (region names are capped at 100 bytes). */
    private static final int MAX_ROW = 4096;
    /** 16 significant digits, about what Double.toString prints for these magnitudes. */
    private static final int SIGNIFICANT_DIGITS = 16;
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final OutputStream out;
    private final byte[] buf = new byte[CAPACITY];
    private int pos;
    private long flushed;

    RowBuffer(OutputStream out) {
        this.out = out;
    }

    void put(char c) {
        buf[pos++] = (byte) c;
    }

    void put(byte[] bytes) {
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    void twoDigits(int value) {
        buf[pos] = (byte) ('0' + value / 10);
        buf[pos + 1] = (byte) ('0' + value % 10);
        pos += 2;
    }

    void fourDigits(int value) {
        twoDigits(value / 100);
        twoDigits(value % 100);
    }

    /** A non-negative integer, no padding. */
    void digits(long value) {
        int length = 1;
        while (length < 19 && value >= POW10[length]) {
            length++;
        }
        for (int i = pos + length - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        pos += length;
    }

    /**
     * Plain decimal, never exponent notation, locale-free. Double.toString would print
     * {@code -1.0E-4} for a point just west of Greenwich, and is several times slower.
     */
    void coordinate(double value) {
        if (!(Math.abs(value) < 1000)) {
            throw new IllegalArgumentException("coordinate out of generator range: " + value);
        }
        if (value < 0) {
            put('-');
            value = -value;
        }
        int intDigits = value >= 100 ? 3 : value >= 10 ? 2 : 1;
        int decimals = SIGNIFICANT_DIGITS - intDigits;
        long scale = POW10[decimals];
        long scaled = Math.round(value * scale);
        long integer = scaled / scale;
        long fraction = scaled - integer * scale;
        digits(integer);
        put('.');
        if (fraction == 0) {
            put('0');
            return;
        }
        while (fraction % 10 == 0) {
            fraction /= 10;
            decimals--;
        }
        for (int i = pos + decimals - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        pos += decimals;
    }

    void endRow() throws IOException {
        buf[pos++] = '\n';
        if (pos > CAPACITY - MAX_ROW) {
            flush();
        }
    }

    void flush() throws IOException {
        out.write(buf, 0, pos);
        flushed += pos;
        pos = 0;
    }

    /** Bytes produced so far, flushed or not. */
    long bytes() {
        return flushed + pos;
    }
}
