package trips.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trips.TripsConfig;
import trips.ingest.AbandonedUploads;

/**
 * A crash mid-upload leaves a partner's hidden partial file behind, which the partner can neither
 * see nor delete; the SFTP drop removes such files when it starts, once they have been idle a while.
 */
class AbandonedPartialUploadsTest {

    @TempDir
    Path dir;

    @Test
    void should_delete_partial_uploads_left_idle_in_partner_folders_when_the_drop_starts() throws Exception {
        Path inbox = dir.resolve("inbox");
        Path abandoned = old(Files.writeString(Files.createDirectories(inbox.resolve("acme"))
                .resolve(".cut.csv.2337015fae4ae80b.sftp-part"), "region,origin_coord"));
        Path deeper = old(Files.writeString(Files.createDirectories(inbox.resolve("acme/2018"))
                .resolve(".may.csv.01.sftp-part"), "region"));
        Path receivingNow = Files.writeString(inbox.resolve("acme/.now.csv.02.sftp-part"), "region");
        Path oldCsv = old(Files.writeString(inbox.resolve("acme/trips.csv"), "region"));
        Path archived = old(Files.writeString(Files.createDirectories(inbox.resolve(".done"))
                .resolve(".x.csv.03.sftp-part"), "region"));
        SftpDrop drop = SftpDrop.fromConfig(TripsConfig.load(null, Map.of(), Map.of("trips.sftp.port", "0",
                "trips.sftp.users-dir", Files.createDirectories(dir.resolve("users")).toString(),
                "trips.sftp.host-key", dir.resolve("host-key").toString())), inbox);

        drop.start();
        drop.stop();

        assertThat(abandoned).doesNotExist();
        assertThat(deeper).doesNotExist();
        assertThat(receivingNow).as("another node may be receiving it").exists();
        assertThat(oldCsv).exists();
        assertThat(archived).as("dot-folders are not walked").exists();
    }

    private static Path old(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(AbandonedUploads.IDLE).minusSeconds(60)));
        return file;
    }
}
