package trips.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Rolling back after a failure without losing the failure. */
public final class Rollbacks {

    private Rollbacks() {
    }

    /**
     * Rolls back after {@code cause}, keeping it the error: a connection the database ended (a
     * restart, SQLSTATE 57P01) is closed by the pool, so its rollback fails too, and that error, with
     * no SQLSTATE, would hide whether the fault passes (a passing one resumes the file; any other
     * fails it and drops its trips).
     */
    public static void keepingCause(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
