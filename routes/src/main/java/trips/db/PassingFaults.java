package trips.db;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/**
 * Database failures that pass: the server restarting or out of reach, a connection lost, none free
 * in time, a statement cancelled, a conflict between transactions. A file they interrupt resumes
 * later; an HTTP request they fail is told to try again (503), not that the server is broken.
 */
public final class PassingFaults {

    private PassingFaults() {
    }

    /** Whether this failure, or one it wraps, is such a fault. */
    public static boolean isPassing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException) {
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
