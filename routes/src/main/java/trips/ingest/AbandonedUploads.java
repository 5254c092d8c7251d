package trips.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what uploads cut off by a crash left behind (HTTP uploads in {@code inbox/.uploads/}, SFTP
 * ones as hidden partial files in partners' folders): nothing is registered for them, so nothing
 * else would. Only files untouched for a while go, because with several nodes on
 * one inbox another node may be receiving an upload right now, and a receiving file is written to
 * continuously.
 */
public final class AbandonedUploads {

    public static final Duration IDLE = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedUploads.class);

    private AbandonedUploads() {
    }

    /** The files directly in this folder; returns how many were deleted. */
    public static int delete(Path receiving, Duration idle) throws IOException {
        if (!Files.isDirectory(receiving)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(receiving)) {
            files = list.filter(Files::isRegularFile).toList();
        }
        return deleteIdle(files, idle, receiving.toString());
    }

    /** Those of these files untouched for idle; {@code where} names them in the log. */
    public static int deleteIdle(List<Path> files, Duration idle, String where) {
        FileTime before = FileTime.from(Instant.now().minus(idle));
        int deleted = 0;
        for (Path f : files) {
            try {
                if (Files.getLastModifiedTime(f).compareTo(before) < 0 && Files.deleteIfExists(f)) {
                    deleted++;
                }
            } catch (IOException e) {
                LOG.warn("could not delete the abandoned upload {}: {}", f, e.toString());
            }
        }
        if (deleted > 0) {
            LOG.info("deleted {} abandoned upload(s) from {}", deleted, where);
        }
        return deleted;
    }
}
