package trips.load;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Writes rows in PostgreSQL's binary COPY format: the server takes numbers as they are instead of
 * parsing text, which is most of what a text COPY of this table costs it.
 */
final class BinaryCopyEncoder {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private final ByteArrayOutputStream bytes;
    private final DataOutputStream out;

    BinaryCopyEncoder(int expectedRows, int bytesPerRow) {
        bytes = new ByteArrayOutputStream(expectedRows * bytesPerRow + 32);
        out = new DataOutputStream(bytes);
        try {
            out.write(SIGNATURE);
            out.writeInt(0);
            out.writeInt(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void row(int fields) throws IOException {
        out.writeShort(fields);
    }

    void int2(short v) throws IOException {
        out.writeInt(2);
        out.writeShort(v);
    }

    void int8(long v) throws IOException {
        out.writeInt(8);
        out.writeLong(v);
    }

    void float8(double v) throws IOException {
        out.writeInt(8);
        out.writeDouble(v);
    }

    /** A timestamp without zone, from seconds since 1970-01-01T00:00 as written. */
    void timestamp(long epochSecond) throws IOException {
        out.writeInt(8);
        out.writeLong((epochSecond - PG_EPOCH_SECONDS) * 1_000_000L);
    }

    byte[] finish() throws IOException {
        out.writeShort(-1);
        out.flush();
        return bytes.toByteArray();
    }
}
