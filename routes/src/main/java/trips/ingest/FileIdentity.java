package trips.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Which file a path names, as the file system tells it (device and inode on Linux). A partner who
 * writes a temporary file and renames it over {@code daily.csv} leaves the name, and may leave the
 * size and time (a fixed-width export, {@code cp -p}), of the file being read; not this.
 */
final class FileIdentity {

    private FileIdentity() {
    }

    /** The path's file key, or null where the file system has none (then nothing is compared). */
    static Object of(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    /** Whether the path still names the file whose key was taken; false once it names another, or none. */
    static boolean stillAt(Path path, Object key) throws IOException {
        if (key == null) {
            return true;
        }
        try {
            return key.equals(of(path));
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
