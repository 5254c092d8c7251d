package trips.ingest;

import java.sql.SQLTransientException;

/**
 * The file at this path is being run by another attempt right now (another node, or a copy of it
 * taken here): it is left in place, as a passing fault leaves a file, for that run to archive, or to
 * resume once that run's holder dies. Said once, not at every poll.
 */
final class LeftToAnotherAttempt extends SQLTransientException {

    LeftToAnotherAttempt(long ingestionId) {
        super("ingestion " + ingestionId + " of this file is running elsewhere (another attempt holds its run lock):"
                + " the file is left to it");
    }
}
