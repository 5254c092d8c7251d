package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import trips.events.IngestionEvent;
import trips.sftp.PartnerSftpServer;
import trips.sftp.TripCsv;
import trips.testing.IngestionFixture;

/**
 * The engine polls a partner's SFTP server (MINA SSHD, started here) as configured in trips.remotes:
 * remote-1 its outbox, remote-2 its outbox2 (same host and login), remote-3 another server with a
 * wrong password. The read lock's minimum age is the platform's default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemotePollingTest {

    /** What URIs break on: & ends an option, + is a space, %2B is a +. */
    private static final String SECRET = "p&s+w%2Brd";

    @TempDir
    static Path dir;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private PartnerSftpServer partner;
    private PartnerSftpServer refusing;
    private Path outbox;
    private Path outbox2;
    private Path work;
    private IngestionFixture fx;

    @BeforeAll
    void start() throws Exception {
        Metrics.addRegistry(metrics);
        partner = new PartnerSftpServer(Files.createDirectories(dir.resolve("partner")), "trips", SECRET);
        outbox = Files.createDirectories(partner.root.resolve("outbox"));
        outbox2 = Files.createDirectories(partner.root.resolve("outbox2"));
        refusing = new PartnerSftpServer(Files.createDirectories(dir.resolve("refusing")), "trips", "right");
        Files.createDirectories(refusing.root.resolve("outbox"));
        work = dir.resolve("remote-work");
        // the password through an {{env:NAME:default}} placeholder, as operators write secrets, written
        // as is although it holds & + and %
        String password = "password={{env:TRIPS_TEST_PARTNER_PASSWORD:" + SECRET + "}}";
        String partnerUri = "sftp://trips@localhost:" + partner.port();
        String uris = partnerUri + "/outbox?" + password + "&readLockCheckInterval=300,"
                + partnerUri + "/outbox2?" + password + "&readLockCheckInterval=300,"
                + "sftp://trips@localhost:" + refusing.port() + "/outbox?password=wrong";
        fx = new IngestionFixture(Map.of("trips.remotes", uris, "trips.remotes.delay-ms", "200",
                "trips.remotes.work-dir", work.toString()));
    }

    @AfterAll
    void stop() throws Exception {
        fx.close();
        partner.close();
        refusing.close();
        Metrics.removeRegistry(metrics);
    }

    private String source(String folder) {
        return "remote:sftp://trips@localhost:" + partner.port() + "/" + folder;
    }

    @Test
    void should_ingest_remote_files_then_move_them_on_the_remote_to_done_or_failed() throws Exception {
        put("remote-good.csv", TripCsv.rows("remote_good", 40));
        put("remote-bad.csv", TripCsv.row("no_header", 1) + TripCsv.row("no_header", 2));

        IngestionEvent good = fx.awaitEnd("remote-good.csv");
        IngestionEvent bad = fx.awaitEnd("remote-bad.csv");

        assertThat(good.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(good.source()).isEqualTo(source("outbox"));
        assertThat(fx.db.text("SELECT source || ' ' || status || ' ' || rows_loaded FROM ingestion WHERE id = " + good.id()))
                .isEqualTo(source("outbox") + " COMPLETED 40");
        assertThat(bad.type()).isEqualTo(IngestionEvent.Type.FAILED);
        awaitFile(outbox.resolve(".done/remote-good." + good.id() + ".csv"));
        awaitFile(outbox.resolve(".failed/remote-bad." + bad.id() + ".csv"));
        assertThat(outbox.resolve("remote-good.csv")).doesNotExist();
        assertThat(outbox.resolve("remote-bad.csv")).doesNotExist();
        assertThat(Files.readString(outbox.resolve(".done/remote-good." + good.id() + ".csv"))).isEqualTo(TripCsv.rows("remote_good", 40));
        assertThat(filesIn(work)).as("local work copies are removed").isZero();
    }

    @Test
    void should_wait_until_a_remote_file_stops_growing_and_ingest_it_once_whole() throws Exception {
        String content = TripCsv.rows("remote_growing", 300);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        int piece = bytes.length / 10 + 1;
        try (OutputStream out = Files.newOutputStream(outbox.resolve("growing.csv"), StandardOpenOption.CREATE_NEW)) {
            for (int offset = 0; offset < bytes.length; offset += piece) {
                out.write(bytes, offset, Math.min(piece, bytes.length - offset));
                out.flush();
                Thread.sleep(200);
            }
        }

        IngestionEvent end = fx.awaitEnd("growing.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsLoaded()).isEqualTo(300);
        assertThat(fx.events.all()).filteredOn(e -> e.file().equals("growing.csv")
                && e.type() == IngestionEvent.Type.STARTED).hasSize(1);
        awaitFile(outbox.resolve(".done/growing." + end.id() + ".csv"));
    }

    @Test
    void should_not_take_a_remote_file_whose_upload_stalls_for_seconds_before_it_is_whole() throws Exception {
        byte[] bytes = TripCsv.rows("remote_stalled", 300).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(outbox.resolve("stalled.csv"), StandardOpenOption.CREATE_NEW)) {
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            Thread.sleep(3000); // ten read lock checks (300 ms apart in this URI) see the same size and time
            out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
        }

        IngestionEvent end = fx.awaitEnd("stalled.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsLoaded()).isEqualTo(300);
        awaitFile(outbox.resolve(".done/stalled." + end.id() + ".csv"));
        assertThat(fx.db.count("SELECT count(*) FROM ingestion WHERE file = 'stalled.csv'")).isEqualTo(1);
    }

    @Test
    void should_fail_an_empty_remote_file_and_move_it_to_failed() throws Exception {
        // the changed read lock's default minimum length (1) left an empty file on the remote for good
        put("remote-empty.csv", "");

        IngestionEvent empty = fx.awaitEnd("remote-empty.csv");

        assertThat(empty.type()).isEqualTo(IngestionEvent.Type.FAILED);
        awaitFile(outbox.resolve(".failed/remote-empty." + empty.id() + ".csv"));
        assertThat(outbox.resolve("remote-empty.csv")).doesNotExist();
    }

    @Test
    void should_keep_on_the_remote_every_file_sent_under_one_name() throws Exception {
        // a partner that exports under one fixed name every day: each day's file stays archived
        put("daily.csv", TripCsv.rows("remote_day_one", 3));
        IngestionEvent first = fx.awaitEnd("daily.csv");
        awaitFile(outbox.resolve(".done/daily." + first.id() + ".csv"));
        put("daily.csv", TripCsv.rows("remote_day_two", 4));
        IngestionEvent second = Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> fx.events.terminal("daily.csv"), e -> e.id() != first.id());
        awaitFile(outbox.resolve(".done/daily." + second.id() + ".csv"));

        assertThat(second.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(Files.readString(outbox.resolve(".done/daily." + first.id() + ".csv")))
                .isEqualTo(TripCsv.rows("remote_day_one", 3));
        assertThat(Files.readString(outbox.resolve(".done/daily." + second.id() + ".csv")))
                .isEqualTo(TripCsv.rows("remote_day_two", 4));
    }

    @Test
    void should_tell_apart_two_remotes_on_one_host_in_the_source() throws Exception {
        Path tmp = Files.writeString(partner.root.resolve("second.csv.tmp"), TripCsv.rows("remote_second", 5));
        Files.move(tmp, outbox2.resolve("second.csv"), StandardCopyOption.ATOMIC_MOVE);

        IngestionEvent end = fx.awaitEnd("second.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.source()).isEqualTo(source("outbox2"));
        awaitFile(outbox2.resolve(".done/second." + end.id() + ".csv"));
    }

    @Test
    void should_try_a_refused_password_once_per_poll() {
        // each poll is a new session: a partner's server locks accounts after a few refusals
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> errors("remote-3", "poll") >= 2);

        assertThat(refusing.sessionsCheckingPasswords()).isGreaterThanOrEqualTo(2);
        assertThat(refusing.mostPasswordChecksInOneSession()).isEqualTo(1);
    }

    @Test
    void should_survive_the_remote_going_away_and_keep_ingesting_the_inbox_meanwhile() throws Exception {
        double errorsBefore = pollErrors();
        partner.stop();

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pollErrors() > errorsBefore);
        fx.dropText("inbox-while-remote-down.csv", TripCsv.rows("inbox_meanwhile", 10));
        IngestionEvent local = fx.awaitEnd("inbox-while-remote-down.csv");
        assertThat(local.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(local.source()).isEqualTo("inbox");
        assertThat(fx.engine.camel().getRouteController().getRouteStatus("remote-1").isStarted()).isTrue();

        partner.start();
        put("after-restart.csv", TripCsv.rows("remote_after_restart", 20));

        IngestionEvent after = fx.awaitEnd("after-restart.csv");
        assertThat(after.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(after.source()).isEqualTo(source("outbox"));
        awaitFile(outbox.resolve(".done/after-restart." + after.id() + ".csv"));
    }

    @Test
    void should_leave_a_remote_file_in_place_when_the_database_fails_in_passing_then_take_it_later() throws Exception {
        double fileErrorsBefore = errors("file");
        try (Connection locker = fx.db.connect(); Connection admin = fx.db.connect()) {
            // hold the ledger so the ingestion waits, then cut its connection: a real passing fault (57P01)
            locker.setAutoCommit(false);
            locker.createStatement().execute("LOCK TABLE ingestion IN ACCESS EXCLUSIVE MODE");
            put("through-a-fault.csv", TripCsv.rows("remote_fault", 15));
            String waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock'";
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fx.db.count(waiting) > 0);
            admin.createStatement().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND wait_event_type = 'Lock'");

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> errors("file") > fileErrorsBefore);
            assertThat(outbox.resolve("through-a-fault.csv")).exists();
            assertThat(filesIn(outbox.resolve(".done"), "through-a-fault")).isZero();
            assertThat(filesIn(outbox.resolve(".failed"), "through-a-fault")).isZero();
            locker.rollback();
        }

        IngestionEvent end = fx.awaitEnd("through-a-fault.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsLoaded()).isEqualTo(15);
        awaitFile(outbox.resolve(".done/through-a-fault." + end.id() + ".csv"));
        assertThat(fx.db.count("SELECT count(*) FROM ingestion WHERE file = 'through-a-fault.csv'")).isEqualTo(1);
    }

    @Test
    void should_leave_a_remote_file_on_the_remote_while_another_node_still_loads_its_content() throws Exception {
        // another node's poller took this file, lost its lead (its lock's session ended) and still loads it
        String content = TripCsv.rows("remote_held", 12);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
        long id = fx.db.count("INSERT INTO ingestion (source, file, path, content_hash, bytes_total, status, started_at)"
                + " VALUES ('" + source("outbox") + "', 'held-on-node-b.csv', '/node-b/remote-work/held.csv', '" + hash
                + "', " + content.length() + ", 'RUNNING', now()) RETURNING id");
        try (Connection nodeB = fx.db.connect()) {
            nodeB.createStatement().execute("SELECT pg_advisory_lock(" + (IngestionLedger.RUN_LOCK | id) + ")");
            double fileErrorsBefore = errors("file");
            put("held.csv", content);
            // archived as a DUPLICATE "which is running", the remote's only copy went to .done while node
            // B's run could still be interrupted; left, it counts as a file that could not be taken yet
            String copies = "SELECT count(*) FROM ingestion WHERE content_hash = '" + hash + "'";
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> errors("file") > fileErrorsBefore || fx.db.count(copies) > 1);
            assertThat(outbox.resolve("held.csv")).exists();
            assertThat(filesIn(outbox.resolve(".done"), "held")).isZero();
            assertThat(fx.db.count(copies)).isEqualTo(1);
        }

        // node B's session ended without completing it: this node resumes the run from the remote's copy
        IngestionEvent end = fx.awaitEnd("held-on-node-b.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.id()).isEqualTo(id);
        assertThat(end.rowsLoaded()).isEqualTo(12);
        awaitFile(outbox.resolve(".done/held." + id + ".csv"));
    }

    /** Written aside and renamed in, so the test controls when the file appears. */
    @Test
    void should_take_a_completed_file_a_crash_left_on_the_remote_as_that_ingestion_and_announce_it_again()
            throws Exception {
        String content = TripCsv.rows("remote_crashed", 30);
        put("crashed.csv", content);
        IngestionEvent first = fx.awaitEnd("crashed.csv");
        assertThat(first.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        Path archived = outbox.resolve(".done/crashed." + first.id() + ".csv");
        awaitFile(archived);

        // a crash between the commit and the move on the remote leaves the file in the outbox, unchanged
        int seen = fx.events.all().size();
        Files.move(archived, outbox.resolve("crashed.csv"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fx.events.all().subList(seen, fx.events.all().size())
                .stream().anyMatch(e -> e.id() == first.id() && e.type() == IngestionEvent.Type.COMPLETED));
        awaitFile(archived);
        assertThat(fx.db.count("SELECT count(*) FROM ingestion WHERE file = 'crashed.csv'")).as("no DUPLICATE row").isEqualTo(1);

        // the same content uploaded again is another file: a duplicate
        // (SFTP gives times in whole seconds: a second later, so that it cannot read as older than the run)
        Thread.sleep(2000);
        put("crashed.csv", content);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fx.db.count(
                "SELECT count(*) FROM ingestion WHERE file = 'crashed.csv' AND status = 'DUPLICATE'") == 1);
        assertThat(fx.db.count("SELECT count(*) FROM trip WHERE ingestion_id = " + first.id())).isEqualTo(30);
    }

    private void put(String name, String content) throws IOException {
        Path tmp = Files.writeString(outbox.getParent().resolve(name + ".tmp"), content);
        Files.move(tmp, outbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitFile(Path file) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
    }

    private static long filesIn(Path folder) throws IOException {
        return filesIn(folder, "");
    }

    private static long filesIn(Path folder, String namePrefix) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().startsWith(namePrefix)).count();
        }
    }

    private double pollErrors() {
        return errors("poll");
    }

    private double errors(String stage) {
        return errors("remote-1", stage);
    }

    private double errors(String remote, String stage) {
        Counter c = metrics.find(RemoteErrors.REMOTE_ERRORS).tags("remote", remote, "stage", stage).counter();
        return c == null ? 0 : c.count();
    }
}
