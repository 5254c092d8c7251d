package trips.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes UTF-8 like InputStreamReader, but a malformed byte sequence becomes U+FFFD and its place
 * is remembered instead of ending the stream: one bad byte must reject one row, not the file.
 * The place tells a U+FFFD that stood in the file as valid UTF-8 (a legitimate character) from one
 * that replaced bad bytes, which a replacing decoder alone cannot.
 */
final class Utf8Reader extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private boolean eof;
    private long produced;

    /** Char offsets (from the start of the text) of replaced sequences, ascending, from head to tail. */
    private long[] bad = new long[16];
    private int head;
    private int tail;

    Utf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (out.hasRemaining()) {
            CoderResult r = decoder.decode(bytes, out, eof);
            if (r.isError()) {
                // the decoder reports bad bytes before it looks for room, so there may be none left
                if (!out.hasRemaining()) {
                    break;
                }
                bytes.position(bytes.position() + r.length());
                remember(produced + out.position() - off);
                out.put('\uFFFD');
            } else if (r.isUnderflow()) {
                if (out.position() > off || eof) {
                    break; // hand over what is decoded rather than wait for more bytes
                }
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            } else {
                break;
            }
        }
        int n = out.position() - off;
        if (n == 0 && eof && !bytes.hasRemaining()) {
            return -1;
        }
        produced += n;
        return n;
    }

    private void remember(long offset) {
        if (tail == bad.length) {
            if (head > 0) {
                System.arraycopy(bad, head, bad, 0, tail - head);
                tail -= head;
                head = 0;
            } else {
                bad = Arrays.copyOf(bad, bad.length * 2);
            }
        }
        bad[tail++] = offset;
    }

    /**
     * Whether the U+FFFD at this char offset replaced malformed bytes. Places before keepFrom are
     * forgotten: the caller never asks about text before the record it is reading.
     */
    boolean malformedAt(long offset, long keepFrom) {
        while (head < tail && bad[head] < keepFrom) {
            head++;
        }
        for (int i = head; i < tail && bad[i] <= offset; i++) {
            if (bad[i] == offset) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
