package trips.web.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import trips.ingest.CompleteFiles;
import trips.ingest.IngestionLedger;

/**
 * The last step of an upload: a complete file, written aside, becomes an ingestion. Blocking: on a worker.
 * The id is registered before the file lands, so the engine finds it waiting (QUEUED) when it picks
 * the file up, and the id the client got back is the id of every event of that file.
 */
final class UploadLanding {

    static final String SOURCE = "http";

    private final IngestionLedger ledger;
    private final Path landing;

    /** @param landing the folder inside the inbox where uploads land (scanned by the engine) */
    UploadLanding(IngestionLedger ledger, Path landing) {
        this.ledger = ledger;
        this.landing = landing;
    }

    long land(Path received, String name, long bytes) throws Exception {
        // a prefix of its own per upload: two uploads of "trips.csv" must not overwrite each other
        Path target = landing.resolve(UUID.randomUUID().toString().substring(0, 8) + "-" + name);
        Files.createDirectories(landing);
        long id = ledger.register(SOURCE, name, target.toString(), bytes);
        try {
            // atomic: the engine never sees a half-moved file; received is on the same file system
            CompleteFiles.markComplete(received);
            Files.move(received, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            ledger.abandon(id, "the upload could not be moved into the inbox: " + e.getMessage());
            throw e;
        }
        return id;
    }
}
