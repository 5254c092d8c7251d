package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import trips.events.IngestionEvent;
import trips.testing.IngestionFixture;
import trips.testing.Logs;

class DuplicateAndConcurrentFilesTest {

    private IngestionFixture fx;

    @BeforeEach
    void start() throws Exception {
        // the 5,000-row files become partitions of trip of their own, the 100-row sample goes to the shared one
        fx = new IngestionFixture(Map.of("trips.ingest.partition-rows", "3000"));
    }

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    /** Drops the file under this name and waits for its COMPLETED. */
    private IngestionEvent completed(Path file, String name) throws Exception {
        fx.drop(file, name);
        IngestionEvent end = fx.awaitEnd(name);
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        return end;
    }

    @Test
    void should_mark_the_same_content_twice_as_duplicate_and_add_nothing() throws Exception {
        Path sample = SampleFileIngestionTest.sample();
        IngestionEvent first = completed(sample, "first.csv");

        fx.drop(sample, "again-under-another-name.csv");
        IngestionEvent again = fx.awaitEnd("again-under-another-name.csv");

        assertThat(again.type()).isEqualTo(IngestionEvent.Type.DUPLICATE);
        assertThat(again.id()).isNotEqualTo(first.id());
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(100);
        assertThat(fx.db.count("SELECT sum(trips) FROM trip_group")).isEqualTo(100);
        assertThat(fx.db.count("SELECT sum(trips) FROM region_day")).isEqualTo(100);
        assertThat(fx.db.text("SELECT status || ' ' || duplicate_of FROM ingestion WHERE id = " + again.id()))
                .isEqualTo("DUPLICATE " + first.id());
        assertThat(fx.db.text("SELECT error FROM ingestion WHERE id = " + again.id()))
                .isEqualTo(again.error()).contains(String.valueOf(first.id()));
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".done/again-under-another-name.csv")));
    }

    @Test
    void should_take_a_completed_file_left_in_the_inbox_as_its_own_ingestion_and_a_new_copy_as_a_duplicate()
            throws Exception {
        // .done a plain file: the archive move fails after the completing commit, as when a crash comes
        // between the two, and the file stays where it was, unchanged
        Files.writeString(fx.inbox.resolve(".done"), "in the way");
        IngestionEvent first = completed(SampleFileIngestionTest.sample(), "kept.csv");
        Awaitility.await().until(() -> fx.events.all().stream().filter(e -> e.file().equals("kept.csv")
                && e.type() == IngestionEvent.Type.COMPLETED).count() >= 2);
        Files.delete(fx.inbox.resolve(".done"));
        Awaitility.await().until(() -> !Files.exists(fx.inbox.resolve("kept.csv"))
                && Files.exists(fx.inbox.resolve(".done/kept.csv")));

        assertThat(fx.events.all()).filteredOn(e -> e.file().equals("kept.csv"))
                .extracting(IngestionEvent::id).containsOnly(first.id());
        assertThat(fx.db.count("SELECT count(*) FROM ingestion")).isEqualTo(1);
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(100);

        // the same trips sent again under that name, dated back as uploads land (CompleteFiles): a new
        // file all the same, so a duplicate, as ever
        Path copy = Files.copy(SampleFileIngestionTest.sample(), fx.inbox.getParent().resolve("kept-again.csv"),
                StandardCopyOption.REPLACE_EXISTING);
        CompleteFiles.markComplete(copy);
        Files.move(copy, fx.inbox.resolve("kept.csv"), StandardCopyOption.ATOMIC_MOVE);
        Awaitility.await().until(() -> fx.db.count("SELECT count(*) FROM ingestion WHERE status = 'DUPLICATE'") == 1);
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(100);
    }

    @Test
    void should_record_a_copy_under_another_name_that_resumes_an_unfinished_run() throws Exception {
        Path sample = SampleFileIngestionTest.sample();
        // a run of this content that died, whose file was taken out of the inbox; the same bytes come back as other.csv
        diedRun(sample);

        fx.drop(sample, "other.csv");

        IngestionEvent copy = fx.awaitEnd("other.csv");
        assertThat(copy.type()).isEqualTo(IngestionEvent.Type.DUPLICATE);
        assertThat(copy.error()).isEqualTo("same content as ingestion 900, which resumes");
        assertThat(fx.awaitEnd("died.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(fx.db.text("SELECT status || ' ' || duplicate_of || ' ' || path FROM ingestion WHERE file = 'other.csv'"))
                .isEqualTo("DUPLICATE 900 " + fx.inbox.resolve("other.csv").toAbsolutePath());
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(100);
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".done/other.csv")));
    }

    /** Two copies taken at the same moment (two nodes) each start a run: the one to complete second is a DUPLICATE, not FAILED. */
    @Test
    void should_end_a_run_whose_content_another_ingestion_completed_meanwhile_as_its_duplicate() throws Exception {
        Path sample = SampleFileIngestionTest.sample();
        fx.db.execute("CREATE FUNCTION slow_batch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " PERFORM pg_sleep(1); RETURN NEW; END $$");
        fx.db.execute("CREATE TRIGGER slow_batch BEFORE INSERT ON ingestion_batch FOR EACH ROW EXECUTE FUNCTION slow_batch()");
        fx.drop(sample, "second.csv");
        Awaitility.await().until(() -> fx.db.count("SELECT count(*) FROM ingestion WHERE status = 'RUNNING'") == 1);
        // the other copy, run beside it, completes first
        fx.db.execute("INSERT INTO ingestion (id, source, file, path, content_hash, status) VALUES (905, 'inbox', 'first.csv',"
                + " '/elsewhere/first.csv', '" + IngestionOpener.sha256(sample) + "', 'COMPLETED')");

        IngestionEvent end = fx.awaitEnd("second.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.DUPLICATE);
        assertThat(end.error()).isEqualTo("same content as ingestion 905, which completed first");
        assertThat(fx.db.text("SELECT status || ' ' || duplicate_of FROM ingestion WHERE id = " + end.id())).isEqualTo("DUPLICATE 905");
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isZero();
        assertThat(fx.db.count("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'trip_load_%'")).isZero();
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".done/second.csv")));
    }

    /** A partner resends a file fixed or grown while a crash had left its first run unfinished. */
    @Test
    void should_end_a_died_run_whose_file_was_written_over_with_other_content() throws Exception {
        Path changed = fx.inbox.resolve("changed.csv").toAbsolutePath();
        fx.db.execute("INSERT INTO ingestion (id, source, file, path, content_hash, status, bytes_total) VALUES (904,"
                + " 'inbox', 'changed.csv', '" + changed + "', 'the-first-content', 'RUNNING', 5000)");
        fx.db.execute("CREATE TABLE trip_load_904 (LIKE trip)");

        fx.drop(SampleFileIngestionTest.sample(), "changed.csv");

        IngestionEvent end = Awaitility.await().until(() -> fx.events.terminal("changed.csv"),
                e -> e != null && e.type() == IngestionEvent.Type.COMPLETED);
        assertThat(end.id()).isNotEqualTo(904);
        assertThat(fx.db.text("SELECT status || ': ' || error FROM ingestion WHERE id = 904"))
                .isEqualTo("FAILED: superseded: the file at its path now holds other content, so this content cannot"
                        + " be resumed there; what it had loaded is dropped");
        assertThat(fx.db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'trip_load_904'")).isZero();
        assertThat(fx.events.all()).anySatisfy(e -> {
            assertThat(e.id()).isEqualTo(904);
            assertThat(e.type()).isEqualTo(IngestionEvent.Type.FAILED);
        });
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(100);
    }

    /** Written over with the content of a completed file: a DUPLICATE comes of it, and the died run still ends. */
    @Test
    void should_end_a_died_run_whose_file_was_written_over_with_a_completed_files_content() throws Exception {
        Path sample = SampleFileIngestionTest.sample();
        fx.drop(sample, "done-before.csv");
        assertThat(fx.awaitEnd("done-before.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        Path changed = fx.inbox.resolve("rewritten.csv").toAbsolutePath();
        fx.db.execute("INSERT INTO ingestion (id, source, file, path, content_hash, status, bytes_total) VALUES (906,"
                + " 'inbox', 'rewritten.csv', '" + changed + "', 'the-first-content', 'RUNNING', 5000)");
        fx.db.execute("CREATE TABLE trip_load_906 (LIKE trip)");

        fx.drop(sample, "rewritten.csv");

        Awaitility.await().until(() -> fx.events.terminal("rewritten.csv"),
                e -> e != null && e.type() == IngestionEvent.Type.DUPLICATE);
        assertThat(fx.db.text("SELECT status FROM ingestion WHERE id = 906")).isEqualTo("FAILED");
        assertThat(fx.db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'trip_load_906'")).isZero();
    }

    /** A node stalled past its inbox lock's timeout still runs its file: the file is not another's to archive. */
    @Test
    void should_leave_a_file_whose_run_another_attempt_holds_to_that_run() throws Exception {
        Path sample = SampleFileIngestionTest.sample();
        Path held = fx.inbox.resolve("held.csv").toAbsolutePath();
        fx.db.execute("INSERT INTO ingestion (id, source, file, path, content_hash, status, bytes_total) VALUES (902,"
                + " 'inbox', 'held.csv', '" + held + "', '" + IngestionOpener.sha256(sample) + "', 'RUNNING', "
                + Files.size(sample) + ")");
        try (java.sql.Connection otherNode = fx.db.connect(); java.sql.Statement s = otherNode.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + (IngestionLedger.RUN_LOCK | 902) + ")");

            List<ch.qos.logback.classic.spi.ILoggingEvent> said = Logs.during(() -> {
                fx.drop(sample, "held.csv");
                Thread.sleep(3000);
            }, ch.qos.logback.classic.Level.INFO, IngestionOpener.class, IngestionSteps.class);

            // the file comes back at every poll (12 in 3 s here): said once, and not hashed each time
            assertThat(said).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                    .isEqualTo("held.csv: ingestion 902 of this file is running in another attempt: the file is left to it"));
            assertThat(fx.db.count("SELECT count(*) FROM ingestion")).as("no DUPLICATE of itself").isEqualTo(1);
            assertThat(held).exists();
            assertThat(fx.events.terminal("held.csv")).isNull();
        }
        // the other attempt died: its lock went with its session, and the file resumes here
        IngestionEvent end = fx.awaitEnd("held.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.id()).isEqualTo(902);
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(100);
    }

    @Test
    void should_announce_a_queued_upload_as_duplicate_when_its_content_resumes_an_unfinished_run() throws Exception {
        Path sample = SampleFileIngestionTest.sample();
        // a run of this content that died (no process holds it), and an upload of the same content waiting in the inbox
        diedRun(sample);
        Path upload = fx.inbox.resolve("uploads/again.csv").toAbsolutePath();
        fx.db.execute("INSERT INTO ingestion (id, source, file, path, status) VALUES (901, 'http', 'again.csv', '"
                + upload + "', 'QUEUED')");

        fx.drop(sample, "uploads/again.csv");

        IngestionEvent upload901 = fx.awaitEnd("again.csv");
        assertThat(upload901.type()).isEqualTo(IngestionEvent.Type.DUPLICATE);
        assertThat(upload901.id()).isEqualTo(901);
        assertThat(fx.awaitEnd("died.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(fx.db.text("SELECT status || ' ' || duplicate_of FROM ingestion WHERE id = 901")).isEqualTo("DUPLICATE 900");
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(100);
    }

    @Test
    void should_take_the_same_trips_gzipped_for_a_duplicate() throws Exception {
        Path sample = SampleFileIngestionTest.sample();
        fx.drop(sample, "plain.csv");
        IngestionEvent plain = fx.awaitEnd("plain.csv");
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(Files.readAllBytes(sample));
        }

        fx.dropBytes("zipped.csv.gz", gz.toByteArray());

        IngestionEvent zipped = fx.awaitEnd("zipped.csv.gz");
        assertThat(zipped.type()).isEqualTo(IngestionEvent.Type.DUPLICATE);
        assertThat(zipped.error()).contains(String.valueOf(plain.id()));
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(100);
    }

    @Test
    void should_complete_two_different_files_dropped_at_once() throws Exception {
        String header = BadInputIngestionTest.HEADER;
        StringBuilder a = new StringBuilder(header);
        StringBuilder b = new StringBuilder(header);
        for (int i = 0; i < 5000; i++) {
            a.append("Turin,POINT (7.6").append(i % 10).append(" 45.0),POINT (7.7 45.0").append(i % 7)
                    .append("),2018-05-0").append(1 + i % 9).append(" 08:").append(10 + i % 50).append(":00,baba_car\n");
            b.append("Prague,POINT (14.4").append(i % 10).append(" 50.0),POINT (14.5 50.0").append(i % 7)
                    .append("),2018-06-0").append(1 + i % 9).append(" 18:").append(10 + i % 50).append(":00,funny_car\n");
        }
        fx.dropText("a.csv", a.toString());
        fx.dropText("b.csv", b.toString());
        IngestionEvent endA = fx.awaitEnd("a.csv");
        IngestionEvent endB = fx.awaitEnd("b.csv");

        assertThat(endA.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(endB.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(10_000);
        assertThat(fx.db.count("SELECT count(*) FROM trip WHERE ingestion_id = " + endA.id())).isEqualTo(5000);
        assertThat(fx.db.count(AggregateChecks.GROUPS_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.REGION_DAYS_DIFFERING)).isZero();
        for (IngestionEvent end : new IngestionEvent[] {endA, endB}) {
            // each partition's point indexes are the ones the completion built in bulk, not the attach's
            assertThat(fx.db.count("SELECT count(*) FROM pg_indexes WHERE tablename = 'trip_file_" + end.id()
                    + "' AND indexname IN ('trip_load_" + end.id() + "_origin', 'trip_load_" + end.id() + "_dest')"))
                    .isEqualTo(2);
        }
    }

    @Test
    void should_keep_the_earlier_archived_file_when_another_file_comes_under_its_name() throws Exception {
        String header = BadInputIngestionTest.HEADER;
        String monday = header + "Turin,POINT (7.6 45.0),POINT (7.7 45.1),2018-05-07 08:10:00,baba_car\n";
        String tuesday = header + "Turin,POINT (7.6 45.0),POINT (7.7 45.1),2018-05-08 08:10:00,baba_car\n";
        fx.dropText("daily.csv", monday);
        assertThat(fx.awaitEnd("daily.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".done/daily.csv")));

        fx.dropText("daily.csv", tuesday);
        Awaitility.await().until(() -> fx.db.count("SELECT count(*) FROM ingestion WHERE status = 'COMPLETED'") == 2);
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".done/daily.2.csv")));

        assertThat(Files.readString(fx.inbox.resolve(".done/daily.csv"))).isEqualTo(monday);
        assertThat(Files.readString(fx.inbox.resolve(".done/daily.2.csv"))).isEqualTo(tuesday);
    }

    @Test
    void should_announce_a_completed_file_that_cannot_be_moved_to_done_once_more_at_most() throws Exception {
        // a file where .done needs a folder of that name: the move fails, and the file comes back every poll
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(meters);
        double completedBefore = completedFiles(meters);
        Files.createDirectories(fx.inbox.resolve(".done"));
        Files.writeString(fx.inbox.resolve(".done/blocked"), "in the way");
        fx.dropText("blocked/stuck.csv", BadInputIngestionTest.HEADER
                + "Turin,POINT (7.6 45.0),POINT (7.7 45.1),2018-05-07 08:10:00,baba_car\n");
        List<ch.qos.logback.classic.spi.ILoggingEvent> said = Logs.during(() -> {
            assertThat(fx.awaitEnd("stuck.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
            // the file comes back about every 1.5 s: before the fix, a COMPLETED went out each time (3 in 4 s)
            Thread.sleep(8000);
        }, ch.qos.logback.classic.Level.WARN, ArchiveMoveFailures.class);
        // one line a try, without the stack trace Camel's own handler logged each time
        assertThat(said).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getFormattedMessage()).startsWith("blocked/stuck.csv could not be archived (").contains("stays in the inbox");
            assertThat(e.getThrowableProxy()).isNull();
        });
        Files.delete(fx.inbox.resolve(".done/blocked"));
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".done/blocked/stuck.csv")));

        assertThat(fx.events.all()).filteredOn(e -> "stuck.csv".equals(e.file()))
                .extracting(IngestionEvent::type).filteredOn(t -> t == IngestionEvent.Type.COMPLETED).hasSizeBetween(1, 2);
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(1);
        assertThat(completedFiles(meters) - completedBefore).as("a COMPLETED sent again ends no file").isEqualTo(1);
        io.micrometer.core.instrument.Metrics.removeRegistry(meters);
    }

    private static double completedFiles(io.micrometer.core.instrument.MeterRegistry meters) {
        io.micrometer.core.instrument.Counter c = meters.find("trips.ingest.files").tag("status", "COMPLETED").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void should_keep_each_failed_file_and_its_reason_when_failed_files_share_a_name() throws Exception {
        fx.dropText("broken.csv", "no,header,here\n");
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".failed/broken.csv")));
        fx.dropText("broken.csv", "still,no,header\n");
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".failed/broken.2.csv")));

        assertThat(Files.readString(fx.inbox.resolve(".failed/broken.csv"))).isEqualTo("no,header,here\n");
        assertThat(Files.readString(fx.inbox.resolve(".failed/broken.2.csv"))).isEqualTo("still,no,header\n");
        assertThat(Files.readString(fx.inbox.resolve(".failed/broken.2.csv.error.txt"))).contains("header");
    }

    @Test
    void should_ingest_files_in_folders_below_the_inbox() throws Exception {
        Files.createDirectories(fx.inbox.resolve("partner"));
        fx.drop(SampleFileIngestionTest.sample(), "partner/sample.csv");
        IngestionEvent end = fx.awaitEnd("sample.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".done/partner/sample.csv")));
        // what landed in .done is never picked up again
        Thread.sleep(1500);
        assertThat(fx.db.count("SELECT count(*) FROM ingestion")).isEqualTo(1);
    }

    /** Ingestion 900 of this content, RUNNING, that no process holds: it died, and its file is gone. */
    private void diedRun(Path sample) throws Exception {
        fx.db.execute("INSERT INTO ingestion (id, source, file, path, content_hash, status, bytes_total) VALUES (900,"
                + " 'inbox', 'died.csv', '/gone/died.csv', '" + IngestionOpener.sha256(sample) + "', 'RUNNING', "
                + Files.size(sample) + ")");
    }
}
