package trips.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

/**
 * For the doors that write a file aside and move it into the inbox only once it is whole (an HTTP
 * upload, an SFTP upload): the inbox's read lock waits until a file is trips.ingest.read-lock-min-age-ms
 * old, for writers that write in place. These files cannot still be growing, so they are dated back
 * past any such age first, and their ingestion starts at the next poll instead of seconds later.
 */
public final class CompleteFiles {

    private static final Duration BACK = Duration.ofDays(1);

    private CompleteFiles() {
    }

    /** Before the move into the inbox: the file must not be visible there with its fresh time. */
    public static void markComplete(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - BACK.toMillis()));
    }
}
