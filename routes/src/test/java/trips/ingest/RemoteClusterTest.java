package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trips.TripsConfig;
import trips.TripsEngine;
import trips.db.Database;
import trips.sftp.PartnerSftpServer;
import trips.sftp.TripCsv;
import trips.testing.RecordingEvents;
import trips.testing.TestDatabase;

/** Two nodes polling the same partner server take each remote file once. */
class RemoteClusterTest {

    @Test
    void should_ingest_each_remote_file_once_when_two_nodes_poll_the_same_server(@TempDir Path dir) throws Exception {
        try (PartnerSftpServer partner = new PartnerSftpServer(Files.createDirectories(dir.resolve("partner")), "trips", "pw");
             TestDatabase db = new TestDatabase()) {
            Path outbox = Files.createDirectories(partner.root.resolve("outbox"));
            int files = 12;
            for (int f = 0; f < files; f++) {
                Path staged = dir.resolve("f" + f + ".csv");
                Files.writeString(staged, TripCsv.rows("cluster_" + f, 30 + f));
                Files.move(staged, outbox.resolve("f" + f + ".csv"));
            }
            String uri = "sftp://trips@localhost:" + partner.port() + "/outbox?password=pw&readLockCheckInterval=300";
            TripsConfig base = db.config(Map.of("trips.cluster", "true", "trips.remotes", uri,
                    "trips.remotes.delay-ms", "200", "trips.ingest.read-lock-min-age-ms", "200"));
            TripsConfig a = base.with(Map.of("trips.inbox", dir.resolve("inbox-a").toString(),
                    "trips.remotes.work-dir", dir.resolve("work-a").toString()));
            TripsConfig b = base.with(Map.of("trips.inbox", dir.resolve("inbox-b").toString(),
                    "trips.remotes.work-dir", dir.resolve("work-b").toString()));
            try (Database dbA = Database.start(a); Database dbB = Database.start(b);
                 TripsEngine nodeA = TripsEngine.start(a, dbA.dataSource(), new RecordingEvents());
                 TripsEngine nodeB = TripsEngine.start(b, dbB.dataSource(), new RecordingEvents())) {
                Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> db.count("SELECT count(*) FROM ingestion WHERE status = 'COMPLETED'") >= files);
                Thread.sleep(2000); // a second download of a file would show up as another ingestion
                assertThat(db.count("SELECT count(*) FROM ingestion")).isEqualTo(files);
                assertThat(db.count("SELECT count(*) FROM ingestion WHERE status = 'COMPLETED'")).isEqualTo(files);
                long expected = 0;
                for (int f = 0; f < files; f++) {
                    expected += 30 + f;
                }
                assertThat(db.count("SELECT count(*) FROM trip")).isEqualTo(expected);
                Awaitility.await().until(() -> {
                    try (var left = Files.list(outbox)) {
                        return left.filter(Files::isRegularFile).count() == 0;
                    }
                });

                // one node polls; when it goes, the other takes over
                boolean aLeads = nodeA.camel().getRouteController().getRouteStatus("remote-1").isStarted();
                boolean bLeads = nodeB.camel().getRouteController().getRouteStatus("remote-1").isStarted();
                assertThat(aLeads ^ bLeads).as("exactly one node polls the remote").isTrue();
                (aLeads ? nodeA : nodeB).close();
                (aLeads ? dbA : dbB).close();
                Path staged = dir.resolve("late.csv");
                Files.writeString(staged, TripCsv.rows("late", 25));
                Files.move(staged, outbox.resolve("late.csv"));
                Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                        .until(() -> db.count("SELECT count(*) FROM ingestion WHERE status = 'COMPLETED'") == files + 1);
                assertThat(db.count("SELECT count(*) FROM trip")).isEqualTo(expected + 25);
            }
        }
    }
}
