package trips.web.upload;

import java.util.Locale;
import java.util.regex.Pattern;
import trips.ingest.InboxNames;
import trips.web.Replies;

/**
 * What a client-given file name may become in the inbox. A name that tries to leave the folder
 * (a path, {@code ..}) or hide from it (a leading dot) is refused; other characters than letters,
 * digits, dots, dashes and underscores, such as the spaces and brackets browsers send
 * ("trips (1).csv"), become underscores.
 */
public final class UploadNames {

    static final int MAX_LENGTH = 200;
    /** Letters and digits of any script stay: a partner's "Trips Zürich.csv" keeps its name, as in the inbox. */
    private static final Pattern ODD = Pattern.compile("[^\\p{L}\\p{M}\\p{N}._-]");

    private UploadNames() {
    }

    /** The cleaned name; a {@code 400} {@link io.vertx.ext.web.handler.HttpException} when there is none. */
    public static String clean(String raw) {
        if (raw == null || raw.isBlank()) {
            throw bad("the file name is empty");
        }
        if (raw.indexOf('/') >= 0 || raw.indexOf('\\') >= 0 || raw.indexOf(':') >= 0) {
            throw bad("the file name must be a plain name, not a path: '" + shown(raw) + "'");
        }
        if (raw.contains("..")) {
            throw bad("the file name must not contain '..': '" + shown(raw) + "'");
        }
        if (raw.startsWith(".")) {
            throw bad("the file name must not start with a dot (hidden files are never ingested): '" + shown(raw) + "'");
        }
        if (raw.length() > MAX_LENGTH) {
            throw bad("the file name is longer than " + MAX_LENGTH + " characters");
        }
        String name = ODD.matcher(raw).replaceAll("_");
        if (InboxNames.bytes(name) > InboxNames.MAX_DOOR_BYTES) {
            // the inbox could not take it: its lock file's name would pass the file system's 255 bytes
            throw bad("the file name is " + InboxNames.bytes(name) + " bytes in UTF-8; at most "
                    + InboxNames.MAX_DOOR_BYTES);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (!(lower.endsWith(".csv") || lower.endsWith(".csv.gz")) || lower.equals(".csv") || lower.equals(".csv.gz")) {
            throw bad("the file name must end in .csv or .csv.gz: '" + shown(raw) + "'");
        }
        return name;
    }

    /**
     * A query string's bytes are read one char per byte; only its %-escapes are decoded as UTF-8. A
     * client that sends a name's UTF-8 bytes unescaped (curl, given ?name=Zürich.csv) would otherwise
     * get "ZÃ¼rich.csv": such a name is decoded again as the UTF-8 it was, when it is that.
     */
    public static String utf8(String raw) {
        boolean high = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c > 0xFF) {
                return raw;
            }
            high |= c >= 0x80;
        }
        if (!high) {
            return raw;
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return raw;
        }
    }

    private static String shown(String raw) {
        return raw.length() > 80 ? raw.substring(0, 80) + "..." : raw;
    }

    private static RuntimeException bad(String message) {
        return Replies.problem(400, message);
    }
}
