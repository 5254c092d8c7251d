package trips.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** File contents with bytes that are not UTF-8 in them: text parts as UTF-8, int parts as single bytes. */
public final class Bytes {

    private Bytes() {
    }

    public static byte[] of(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }
}
