package trips.db;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Database failures that pass: the server restarting or out of reach, a connection lost, none free
 * in time, a statement cancelled, a conflict between transactions; and a pool refusing work as this
 * process stops, a wait interrupted as a route stops, or the heap running out. A file they interrupt resumes
 * later; an HTTP request they fail is told to try again (503), not that the server is broken.
 */
public final class PassingFaults {

    private PassingFaults() {
    }

    /** Whether this failure, or one it wraps, is such a fault. */
    public static boolean isPassing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // a pool that refuses work is this process stopping, and a heap run out is not the file's
            // fault either: the file resumes, at the next start or the next poll
            // an interrupted wait is this process, or a door's route, stopping the file's thread
            if (t instanceof SQLTransientException || t instanceof RejectedExecutionException
                    || t instanceof OutOfMemoryError || t instanceof InterruptedException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 57014: a statement cancelled, by this process stopping (RunningStatements) or by an operator
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                        || state.startsWith("40") || state.equals("57014")) {
                    return true;
                }
            }
        }
        return false;
    }
}
