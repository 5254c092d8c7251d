package trips.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import trips.events.IngestionEvent;
import trips.testing.IngestionFixture;

/**
 * Files the engine has taken (it keeps {@code <name>.camelLock} beside a file while it reads it):
 * a partner's new upload of that name must not replace it, nor may the partner delete or rename it. The tests plant the lock themselves, so
 * that the file stays taken for as long as a test needs: the inbox route leaves a locked file alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpTakenFilesTest {

    private static final String PASSWORD = "same name twice";

    @TempDir
    static Path dir;
    private IngestionFixture fx;
    private PartnerClients clients;
    private int port;
    private Path erin;

    @BeforeAll
    void start() throws Exception {
        Path users = Files.createDirectories(dir.resolve("sftp-users"));
        Files.writeString(users.resolve("erin.password"), PasswordHash.hash(PASSWORD.toCharArray()));
        fx = PartnerClients.engineWithDrop(users, dir.resolve("host-key"));
        port = fx.engine.sftp().orElseThrow().port();
        clients = new PartnerClients();
        erin = Files.createDirectories(fx.inbox.resolve("erin"));
        // the inbox route deletes every lock it finds at its first poll (left by a crash): planted ones
        // must come after it, so a first file goes all the way through before any test
        fx.dropText("warm-up.csv", TripCsv.rows("taken_warm_up", 1));
        fx.awaitEnd("warm-up.csv");
    }

    @AfterAll
    void stop() throws Exception {
        clients.close();
        fx.close();
    }

    @Test
    void should_land_a_reupload_under_the_next_free_name_while_the_first_is_taken_and_ingest_both() throws Exception {
        String first = TripCsv.rows("daily_first", 10);
        String second = TripCsv.rows("daily_second", 20);
        Path lock = taken("daily.csv", first);

        try (ClientSession session = clients.login(port, "erin", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            upload(sftp, "daily.csv", second);
        }

        assertThat(Files.readString(erin.resolve("daily.csv"))).as("the taken file is not replaced").isEqualTo(first);
        IngestionEvent secondEnd = fx.awaitEnd("daily.2.csv");
        assertThat(secondEnd.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(secondEnd.rowsLoaded()).isEqualTo(20);
        Files.delete(lock);
        IngestionEvent firstEnd = fx.awaitEnd("daily.csv");
        assertThat(firstEnd.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(firstEnd.rowsLoaded()).isEqualTo(10);
        assertThat(fx.db.count("SELECT count(*) FROM trip t JOIN ingestion i ON i.id = t.ingestion_id"
                + " WHERE i.source = 'sftp:erin' AND i.file IN ('daily.csv', 'daily.2.csv')")).isEqualTo(30);
    }

    @Test
    void should_refuse_deleting_or_renaming_a_taken_file_and_hide_its_lock_then_archive_it() throws Exception {
        Path lock = taken("held.csv", TripCsv.rows("held", 5));
        Files.writeString(erin.resolve("other.csv.txt"), "not a trip file\n");

        try (ClientSession session = clients.login(port, "erin", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            assertThat(SftpDropTest.names(sftp, "/")).contains("held.csv").doesNotContain("held.csv.camelLock");
            assertThatThrownBy(() -> sftp.remove("held.csv")).isInstanceOf(SftpException.class)
                    .extracting(e -> ((SftpException) e).getStatus()).isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED);
            assertThatThrownBy(() -> sftp.rename("held.csv", "moved.csv")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.rename("other.csv.txt", "held.csv", SftpClient.CopyMode.Overwrite))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.remove("held.csv.camelLock")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.read("held.csv.camelLock").readAllBytes()).isInstanceOf(IOException.class);
        }

        assertThat(lock).exists();
        Files.delete(lock);
        assertThat(fx.awaitEnd("held.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        // the file moves once its ingestion is done, just after the COMPLETED event
        org.awaitility.Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".done/erin/held.csv")));
    }

    @Test
    void should_refuse_renaming_or_removing_a_folder_that_holds_a_taken_file() throws Exception {
        Files.createDirectories(erin.resolve("week"));
        Path lock = taken("week/kept.csv", TripCsv.rows("held_in_folder", 5));

        try (ClientSession session = clients.login(port, "erin", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            assertThatThrownBy(() -> sftp.rename("week", "week2")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.rmdir("week")).isInstanceOf(IOException.class);
        }

        assertThat(erin.resolve("week/kept.csv")).exists();
        Files.delete(lock);
        assertThat(fx.awaitEnd("kept.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        org.awaitility.Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".done/erin/week/kept.csv")));
    }

    /**
     * Puts a file in erin's folder as the engine holds it while reading: with its lock beside it. The
     * lock comes first, or the engine could take the file itself; the file follows in one rename, as
     * a lock without its file is an orphan the engine deletes.
     */
    private Path taken(String name, String content) throws Exception {
        Path aside = Files.writeString(erin.resolve(name).resolveSibling("." + erin.resolve(name).getFileName() + ".aside"),
                content);
        Path lock = Files.createFile(erin.resolve(name + ".camelLock"));
        Files.move(aside, erin.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return lock;
    }

    private static void upload(SftpClient sftp, String name, String content) throws Exception {
        try (var out = sftp.write(name)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }
}
