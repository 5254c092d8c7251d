package trips.testing;

import trips.TripsConfig;
import trips.TripsEngine;
import trips.db.Database;
import trips.events.LoggingIngestionEvents;

/**
 * The ingestion engine alone in a JVM of its own, configured from the environment like the app:
 * what the crash and memory tests start, kill and restart.
 */
public final class EngineMain {

    private EngineMain() {
    }

    public static void main(String[] args) throws Exception {
        TripsConfig config = TripsConfig.load();
        Database db = Database.start(config);
        TripsEngine engine = TripsEngine.start(config, db.dataSource(), new LoggingIngestionEvents());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            db.close();
        }));
        System.out.println("ENGINE READY");
        Thread.currentThread().join();
    }
}
