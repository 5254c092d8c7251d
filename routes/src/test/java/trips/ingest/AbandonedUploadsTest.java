package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash mid-upload leaves a file in .uploads that nothing refers to; the next start removes it. */
class AbandonedUploadsTest {

    @TempDir
    Path receiving;

    @Test
    void should_delete_uploads_left_idle_and_keep_ones_still_being_received() throws Exception {
        Path abandoned = Files.writeString(receiving.resolve("3f2a.part"), "region,origin_coord");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(AbandonedUploads.IDLE).minusSeconds(60)));
        Path multipart = Files.writeString(receiving.resolve("b7c1e2"), "region,origin_coord");
        Files.setLastModifiedTime(multipart, FileTime.from(Instant.now().minusSeconds(2 * 86400)));
        Path receivingNow = Files.writeString(receiving.resolve("9d0e.part"), "region,origin_coord");

        assertThat(AbandonedUploads.delete(receiving, AbandonedUploads.IDLE)).isEqualTo(2);

        assertThat(abandoned).doesNotExist();
        assertThat(multipart).doesNotExist();
        assertThat(receivingNow).exists();
    }

    @Test
    void should_do_nothing_when_the_folder_is_missing() throws Exception {
        assertThat(AbandonedUploads.delete(receiving.resolve("absent"), AbandonedUploads.IDLE)).isZero();
    }
}
