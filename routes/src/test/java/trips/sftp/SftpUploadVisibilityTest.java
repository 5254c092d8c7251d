package trips.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import trips.events.IngestionEvent;
import trips.testing.IngestionFixture;

/** An SFTP upload reaches the ingestion only once the client has closed it, whole. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpUploadVisibilityTest {

    private static final String PASSWORD = "slow but steady";

    @TempDir
    static Path dir;
    private IngestionFixture fx;
    private PartnerClients clients;
    private int port;

    @BeforeAll
    void start() throws Exception {
        Path users = Files.createDirectories(dir.resolve("sftp-users"));
        Files.writeString(users.resolve("carol.password"), PasswordHash.hash(PASSWORD.toCharArray()));
        fx = PartnerClients.engineWithDrop(users, dir.resolve("host-key"));
        port = fx.engine.sftp().orElseThrow().port();
        clients = new PartnerClients();
    }

    @AfterAll
    void stop() throws Exception {
        clients.close();
        fx.close();
    }

    @Test
    void should_ingest_a_slow_upload_once_and_whole_after_it_is_closed() throws Exception {
        int rows = 600;
        byte[] content = TripCsv.rows("slow_upload", rows).getBytes(StandardCharsets.UTF_8);
        int pieces = 8;
        int piece = content.length / pieces + 1;
        try (ClientSession session = clients.login(port, "carol", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            SftpClient.CloseableHandle handle = sftp.open("slow.csv",
                    EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate));
            // 8 pieces, 500 ms apart: far longer than the inbox's read lock (200 ms here) waits for a still file
            for (int offset = 0; offset < content.length; offset += piece) {
                sftp.write(handle, offset, content, offset, Math.min(piece, content.length - offset));
                Thread.sleep(500);
                assertThat(fx.inbox.resolve("carol/slow.csv")).as("visible before close").doesNotExist();
                assertThat(fx.events.all()).noneMatch(e -> e.file().equals("slow.csv"));
                assertThat(SftpDropTest.names(sftp, "/")).as("partial upload hidden from listings").isEmpty();
            }
            sftp.close(handle);
        }

        IngestionEvent end = fx.awaitEnd("slow.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.source()).isEqualTo("sftp:carol");
        assertThat(end.rowsRead()).isEqualTo(rows);
        assertThat(end.rowsLoaded()).isEqualTo(rows);
        assertThat(end.bytesTotal()).isEqualTo(content.length);
        assertThat(fx.events.all()).filteredOn(e -> e.file().equals("slow.csv") && e.type() == IngestionEvent.Type.STARTED)
                .hasSize(1);
        assertThat(fx.db.count("SELECT count(*) FROM ingestion WHERE file = 'slow.csv'")).isEqualTo(1);
        assertThat(fx.db.count("SELECT count(*) FROM trip WHERE ingestion_id = " + end.id())).isEqualTo(rows);
    }

    @Test
    void should_discard_an_upload_whose_client_went_away_before_closing_it() throws Exception {
        byte[] half = TripCsv.rows("abandoned", 50).getBytes(StandardCharsets.UTF_8);
        try (ClientSession session = clients.login(port, "carol", PASSWORD)) {
            SftpClient sftp = PartnerClients.sftp(session);
            SftpClient.CloseableHandle handle = sftp.open("abandoned.csv",
                    EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create));
            sftp.write(handle, 0, half, 0, half.length / 2);
            // the connection drops with the handle still open
            session.close(true);
        }

        Path carol = fx.inbox.resolve("carol");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(carol)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("abandoned"));
            }
        });
        Thread.sleep(1000);
        assertThat(fx.events.all()).noneMatch(e -> e.file().contains("abandoned"));
    }
}
