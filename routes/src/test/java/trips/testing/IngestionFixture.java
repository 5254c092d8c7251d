package trips.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import trips.TripsConfig;
import trips.TripsEngine;
import trips.db.Database;
import trips.events.IngestionEvent;
import trips.events.IngestionEvents;

/** A running engine on a fresh database and inbox of its own: what a test drops files into. */
public final class IngestionFixture implements AutoCloseable {

    public final TestDatabase db = new TestDatabase();
    public final RecordingEvents events = new RecordingEvents();
    public final Path inbox;
    public final TripsConfig config;
    public final Database database;
    public final TripsEngine engine;

    public IngestionFixture(Map<String, String> settings) throws Exception {
        inbox = Files.createTempDirectory("trips-inbox");
        Map<String, String> all = new HashMap<>();
        all.put("trips.inbox", inbox.toString());
        all.put("trips.ingest.read-lock-min-age-ms", "200");
        all.putAll(settings);
        config = db.config(all);
        database = Database.start(config);
        engine = TripsEngine.start(config, database.dataSource(), IngestionEvents.all(events));
    }

    public IngestionFixture() throws Exception {
        this(Map.of());
    }

    /** Copies a file into the inbox the way a careful user does: written aside, then renamed in. */
    public Path drop(Path source, String name) throws IOException {
        Path tmp = inbox.resolve("." + name.replace('/', '_') + ".part");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Path target = inbox.resolve(name);
        Files.createDirectories(target.getParent());
        return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    public Path dropText(String name, String content) throws IOException {
        Path tmp = Files.createTempFile("trips", ".csv");
        Files.writeString(tmp, content);
        try {
            return drop(tmp, name);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public Path dropBytes(String name, byte[] content) throws IOException {
        Path tmp = Files.createTempFile("trips", ".bin");
        Files.write(tmp, content);
        try {
            return drop(tmp, name);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Waits for the file's terminal event (COMPLETED, FAILED or DUPLICATE) and returns it. */
    public IngestionEvent awaitEnd(String file) {
        return Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> events.terminal(file), e -> e != null);
    }

    @Override
    public void close() throws Exception {
        try {
            engine.close();
            database.close();
        } finally {
            db.close();
            try (Stream<Path> walk = Files.walk(inbox)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
