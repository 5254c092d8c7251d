package trips.load;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Writes rows in PostgreSQL's binary COPY format: the server takes numbers as they are instead of
 * parsing text, which is most of what a text COPY of this table costs it. A plain big-endian
 * ByteBuffer, since DataOutputStream over ByteArrayOutputStream locks on every write.
 */
final class BinaryCopyEncoder {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** Seconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private ByteBuffer buf;

    BinaryCopyEncoder(int expectedRows, int bytesPerRow) {
        buf = ByteBuffer.allocate(Math.max(64, expectedRows * bytesPerRow + 32));
        buf.put(SIGNATURE).putInt(0).putInt(0);
    }

    private void room(int bytes) {
        if (buf.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + bytes));
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    void row(int fields) {
        room(2);
        buf.putShort((short) fields);
    }

    void int2(short v) {
        room(6);
        buf.putInt(2).putShort(v);
    }

    void int8(long v) {
        room(12);
        buf.putInt(8).putLong(v);
    }

    void float8(double v) {
        room(12);
        buf.putInt(8).putDouble(v);
    }

    /** A timestamp without zone, from seconds since 1970-01-01T00:00 as written. */
    void timestamp(long epochSecond) {
        room(12);
        buf.putInt(8).putLong((epochSecond - PG_EPOCH_SECONDS) * 1_000_000L);
    }

    InputStream finish() {
        room(2);
        buf.putShort((short) -1);
        return new ByteArrayInputStream(buf.array(), 0, buf.position());
    }
}
