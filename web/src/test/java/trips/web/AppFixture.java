package trips.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import trips.TripsConfig;
import trips.testing.TestDatabase;

/** The whole app in this JVM, on port 0, over a database and an inbox of the test's own. */
final class AppFixture implements AutoCloseable {

    final TestDatabase db = new TestDatabase();
    final Path inbox;
    private final TripsConfig config;
    TripsApp app;

    AppFixture(Map<String, String> settings) throws IOException {
        inbox = Files.createTempDirectory("trips-web-inbox");
        Map<String, String> all = new HashMap<>();
        all.put("trips.inbox", inbox.toString());
        all.put("trips.http.port", "0");
        all.put("trips.ingest.read-lock-min-age-ms", "200");
        all.putAll(settings);
        config = db.config(all);
        try {
            app = TripsApp.start(config);
        } catch (RuntimeException e) {
            cleanUp();
            throw e;
        }
    }

    /** Stops the app and starts it again on the same port, database and inbox, as after a redeploy. */
    void restart() {
        int port = port();
        app.close();
        Http.forgetConnections();
        app = TripsApp.start(config.with(Map.of("trips.http.port", Integer.toString(port))));
    }

    AppFixture() throws IOException {
        this(Map.of());
    }

    int port() {
        return app.port();
    }

    String url(String path) {
        return "http://localhost:" + port() + path;
    }

    /** A folder inside the inbox that the engine never scans (a dot folder), for files being prepared. */
    Path staging() throws IOException {
        return Files.createDirectories(inbox.resolve(".staging"));
    }

    /** Moves a complete file into the inbox in one step, as a careful user does. */
    Path land(Path prepared, String name) throws IOException {
        return Files.move(prepared, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    Path dropText(String name, String content) throws IOException {
        return land(Files.writeString(staging().resolve(name), content), name);
    }

    Path dropTrips(String name, int rows, int bad, long seed) throws IOException {
        return land(TripFiles.write(staging().resolve(name), rows, bad, seed), name);
    }

    @Override
    public void close() throws Exception {
        try {
            app.close();
        } finally {
            Http.forgetConnections();
            cleanUp();
        }
    }

    private void cleanUp() {
        try {
            db.close();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not drop " + db.name(), e);
        } finally {
            Folders.delete(inbox);
        }
    }
}
