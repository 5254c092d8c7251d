package trips.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;
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

/** What a logged-in partner may not do to the inbox, and the names that never log in. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpPartnerGuardsTest {

    private static final String PASSWORD = "guarded but fine";
    private static final long MAX_BYTES = 16_384;

    @TempDir
    static Path dir;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private IngestionFixture fx;
    private PartnerClients clients;
    private int port;
    private Path daveKey;

    @BeforeAll
    void start() throws Exception {
        Metrics.addRegistry(metrics);
        Path users = Files.createDirectories(dir.resolve("sftp-users"));
        for (String user : new String[] {"dave", "uploads", "Uploads"}) {
            Files.writeString(users.resolve(user + ".password"), PasswordHash.hash(PASSWORD.toCharArray()) + "\n");
        }
        daveKey = PartnerClients.keygen(dir, "dave_key");
        Files.copy(dir.resolve("dave_key.pub"), users.resolve("dave.authorized_keys"));
        // a small upload limit, which the other tests' files stay well under
        fx = PartnerClients.engineWithDrop(users, dir.resolve("host-key"),
                Map.of("trips.upload.max-bytes", Long.toString(MAX_BYTES)));
        port = fx.engine.sftp().orElseThrow().port();
        clients = new PartnerClients();
    }

    @AfterAll
    void stop() throws Exception {
        clients.close();
        fx.close();
        Metrics.removeRegistry(metrics);
    }

    @Test
    void should_refuse_a_partner_named_after_the_http_uploads_folder_and_keep_its_files_from_http() throws Exception {
        double before = loginFailures();

        // inbox/uploads/ holds every HTTP upload: a partner rooted there could read and delete them all
        assertThatThrownBy(() -> clients.login(port, "uploads", PASSWORD)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> clients.login(port, "Uploads", PASSWORD)).isInstanceOf(IOException.class);
        fx.dropText("uploads/by-http.csv", TripCsv.rows("http_upload_not_a_partner", 3));

        assertThat(loginFailures()).isGreaterThanOrEqualTo(before + 2);
        IngestionEvent end = fx.awaitEnd("by-http.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.source()).as("not sftp:uploads").isEqualTo("inbox");
    }

    @Test
    void should_ignore_mode_owner_and_time_changes_refuse_size_changes_and_make_folders_rwxr_x___() throws Exception {
        Path dave = Files.createDirectories(fx.inbox.resolve("dave"));
        Path notes = Files.writeString(dave.resolve("notes.txt"), "kept as it is\n");
        Set<PosixFilePermission> rootMode = Files.getPosixFilePermissions(dave);
        Set<PosixFilePermission> notesMode = Files.getPosixFilePermissions(notes);
        FileTime notesTime = Files.getLastModifiedTime(notes);
        UserPrincipal notesOwner = Files.getOwner(notes);

        // OpenSSH's mkdir asks for 0777
        PartnerClients.Result batch = PartnerClients.openssh(port, daveKey, "dave",
                "mkdir made", "chmod 777 /", "chmod 000 notes.txt", "chown 4242 notes.txt", "chgrp 4242 notes.txt");
        try (ClientSession session = clients.login(port, "dave", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            sftp.setStat("notes.txt", new SftpClient.Attributes().modifyTime(FileTime.fromMillis(0)));
            assertThatThrownBy(() -> sftp.setStat("notes.txt", new SftpClient.Attributes().size(0)))
                    .isInstanceOf(IOException.class);
        }

        assertThat(batch.exit()).as(batch.output()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dave.resolve("made"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.getPosixFilePermissions(dave)).isEqualTo(rootMode);
        assertThat(Files.getPosixFilePermissions(notes)).isEqualTo(notesMode);
        assertThat(Files.getOwner(notes)).isEqualTo(notesOwner);
        assertThat(Files.getLastModifiedTime(notes)).isEqualTo(notesTime);
        assertThat(Files.readString(notes)).isEqualTo("kept as it is\n");
    }

    @Test
    void should_apply_lftps_size_change_to_the_upload_it_has_open_and_still_refuse_resizing_a_landed_file()
            throws Exception {
        Path local = Files.writeString(dir.resolve("lftp.csv"), TripCsv.rows("lftp_upload", 40));
        Path landed = Files.writeString(Files.createDirectories(fx.inbox.resolve("dave")).resolve("landed.txt"),
                "kept as it is\n");
        double before = refusedPaths("size");

        // lftp sets the size of the file it uploads (fsetstat) before it closes it
        PartnerClients.Result put = PartnerClients.lftp(port, "dave", PASSWORD, "put " + local + " -o lf.csv");
        double afterLftp = refusedPaths("size");
        try (ClientSession session = clients.login(port, "dave", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            try (SftpClient.CloseableHandle handle = sftp.open("cut.txt", SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate)) {
                byte[] written = "0123456789 and more".getBytes(StandardCharsets.UTF_8);
                sftp.write(handle, 0, written, 0, written.length);
                sftp.setStat(handle, new SftpClient.Attributes().size(10));
            }
            assertThatThrownBy(() -> sftp.setStat("landed.txt", new SftpClient.Attributes().size(0)))
                    .isInstanceOf(IOException.class);
        }

        assertThat(put.exit()).as(put.output()).isZero();
        assertThat(afterLftp).as("no size refusal for lftp's upload").isEqualTo(before);
        IngestionEvent end = fx.awaitEnd("lf.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsLoaded()).as("the whole file").isEqualTo(40);
        assertThat(Files.readString(fx.inbox.resolve("dave/cut.txt"))).isEqualTo("0123456789");
        assertThat(Files.readString(landed)).isEqualTo("kept as it is\n");
        assertThat(refusedPaths("size")).isEqualTo(before + 1);
    }

    @Test
    void should_refuse_a_name_too_long_for_its_partial_file_and_take_one_just_short_enough() throws Exception {
        String fits = "f".repeat(ConfinedAccessor.MAX_NAME_BYTES - ".csv".length()) + ".csv";
        String tooLong = "l".repeat(240) + ".csv";
        double before = refusedPaths("long");

        try (ClientSession session = clients.login(port, "dave", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            try (var out = sftp.write(fits)) {
                out.write(TripCsv.rows("long_name", 3).getBytes(StandardCharsets.UTF_8));
            }
            assertThatThrownBy(() -> sftp.write(tooLong).close()).isInstanceOf(SftpException.class)
                    .extracting(e -> ((SftpException) e).getStatus()).isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED);
            Files.writeString(fx.inbox.resolve("dave/short.txt"), "to be renamed\n");
            assertThatThrownBy(() -> sftp.rename("short.txt", tooLong)).isInstanceOf(SftpException.class)
                    .extracting(e -> ((SftpException) e).getStatus()).isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED);
        }

        assertThat(fits.getBytes(StandardCharsets.UTF_8)).hasSize(227);
        assertThat(fx.awaitEnd(fits).type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(fx.inbox.resolve("dave/short.txt")).exists();
        try (var names = Files.list(fx.inbox.resolve("dave"))) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("llll"));
        }
        assertThat(refusedPaths("long")).isEqualTo(before + 2);
    }

    @Test
    void should_fail_a_write_past_trips_upload_max_bytes_and_discard_the_upload() throws Exception {
        Path big = Files.writeString(dir.resolve("big.csv"), TripCsv.rows("too_big", 400));
        assertThat(Files.size(big)).isGreaterThan(MAX_BYTES);
        double before = refusedPaths("max-bytes");

        PartnerClients.Result put = PartnerClients.openssh(port, daveKey, "dave", "put " + big + " big.csv");
        try (ClientSession session = clients.login(port, "dave", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            try (SftpClient.CloseableHandle handle = sftp.open("sparse.csv", SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate)) {
                byte[] header = TripCsv.HEADER.getBytes(StandardCharsets.UTF_8);
                sftp.write(handle, 0, header, 0, header.length);
                // 100 bytes 20 GB in: a sparse file far past the limit
                assertThatThrownBy(() -> sftp.write(handle, 20_000_000_000L, new byte[100], 0, 100))
                        .isInstanceOf(SftpException.class)
                        .satisfies(e -> assertThat(((SftpException) e).getStatus()).isEqualTo(SftpConstants.SSH_FX_FAILURE))
                        .hasMessageContaining("trips.upload.max-bytes").hasMessageContaining(Long.toString(MAX_BYTES));
            }
        }

        assertThat(put.exit()).as(put.output()).isNotZero();
        try (var names = Files.list(fx.inbox.resolve("dave"))) {
            assertThat(names.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.contains("big.csv") || n.contains("sparse.csv"));
        }
        assertThat(refusedPaths("max-bytes")).as("once an upload").isEqualTo(before + 2);
    }

    @Test
    void should_refuse_dot_names_which_the_inbox_never_reads() throws Exception {
        Path local = Files.writeString(dir.resolve("x.csv"), TripCsv.rows("dot_name", 2));
        double before = refusedPaths("dot");

        PartnerClients.Result put = PartnerClients.openssh(port, daveKey, "dave", "put " + local + " .hidden.csv");
        PartnerClients.Result mkdir = PartnerClients.openssh(port, daveKey, "dave", "mkdir .hid");
        double requestsBefore = refusedPaths("dot");
        try (ClientSession session = clients.login(port, "dave", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            sftp.mkdir("shown");
            assertThatThrownBy(() -> sftp.write("shown/.h.csv").close()).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.rename("shown", ".shown")).isInstanceOf(IOException.class);
        }

        assertThat(put.exit()).as(put.output()).isNotZero();
        assertThat(put.output()).contains("Permission denied");
        assertThat(mkdir.exit()).as(mkdir.output()).isNotZero();
        Path dave = fx.inbox.resolve("dave");
        assertThat(dave.resolve(".hidden.csv")).doesNotExist();
        assertThat(dave.resolve(".hid")).doesNotExist();
        assertThat(dave.resolve("shown/.h.csv")).doesNotExist();
        assertThat(dave.resolve(".shown")).doesNotExist();
        assertThat(requestsBefore).isGreaterThanOrEqualTo(before + 2);
        assertThat(refusedPaths("dot")).as("each refused request once").isEqualTo(requestsBefore + 2);
    }

    @Test
    void should_refuse_names_with_a_backslash_which_the_inbox_cannot_open() throws Exception {
        Path local = Files.writeString(dir.resolve("y.csv"), TripCsv.rows("backslash_name", 2));
        double before = refusedPaths("backslash");

        PartnerClients.Result put = PartnerClients.openssh(port, daveKey, "dave", "put " + local + " \"back\\\\slash.csv\"");
        try (ClientSession session = clients.login(port, "dave", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            assertThatThrownBy(() -> sftp.write("a\\b.csv").close()).isInstanceOf(SftpException.class)
                    .extracting(e -> ((SftpException) e).getStatus()).isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED);
        }

        assertThat(put.exit()).as(put.output()).isNotZero();
        assertThat(put.output()).contains("Permission denied");
        try (var names = Files.list(fx.inbox.resolve("dave"))) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("\\"));
        }
        assertThat(refusedPaths("backslash")).isGreaterThanOrEqualTo(before + 2);
    }

    @Test
    void should_deny_reads_above_the_users_folder_which_openssh_sftp_reports_as_not_found() throws Exception {
        Files.createDirectories(fx.inbox.resolve("bob"));
        Files.writeString(fx.inbox.resolve("bob/notes.txt"), "bob's\n");
        double before = refusedPaths("parent");

        PartnerClients.Result ls = PartnerClients.openssh(port, daveKey, "dave", "ls ..");
        PartnerClients.Result get = PartnerClients.openssh(port, daveKey, "dave",
                "get ../bob/notes.txt " + dir.resolve("stolen.txt"));
        double requestsBefore = refusedPaths("parent");
        try (ClientSession session = clients.login(port, "dave", PASSWORD); SftpClient sftp = PartnerClients.sftp(session)) {
            assertThatThrownBy(() -> sftp.read("../bob/notes.txt").readAllBytes()).isInstanceOf(SftpException.class)
                    .extracting(e -> ((SftpException) e).getStatus()).isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED);
        }

        // the server answers "permission denied"; OpenSSH's sftp globs a name first and reports a
        // glob that fails, whatever the reason, as not found
        assertThat(ls.exit()).as(ls.output()).isNotZero();
        assertThat(ls.output()).contains("not found");
        assertThat(get.exit()).as(get.output()).isNotZero();
        assertThat(get.output()).contains("not found");
        assertThat(dir.resolve("stolen.txt")).doesNotExist();
        assertThat(requestsBefore).isGreaterThanOrEqualTo(before + 2);
        assertThat(refusedPaths("parent")).as("each refused request once").isEqualTo(requestsBefore + 1);
    }

    private double refusedPaths(String reason) {
        return PartnerClients.count(metrics, ConfinedAccessor.REFUSED_PATHS, "reason", reason);
    }

    private double loginFailures() {
        return PartnerClients.count(metrics, PartnerAuthenticator.LOGIN_FAILURES, "method", "password");
    }
}
