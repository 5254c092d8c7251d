package trips.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import trips.db.Rollbacks;

/**
 * One read-only REPEATABLE READ transaction per answer: the aggregate rows and the trips read for
 * the cut cells then come from the same snapshot, so an answer stays exact while files load
 * (a file's trips and its aggregates join in the one transaction that completes it). A second
 * connection helping with the answer reads in that same snapshot ({@link SharedSnapshot}).
 */
final class ReadTx {

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private ReadTx() {
    }

    static <T> T run(DataSource ds, Work<T> work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return run(c, null, work);
        }
    }

    /** With a snapshot exported by an answer's transaction (pg_export_snapshot), in that snapshot. */
    static <T> T run(Connection c, String snapshot, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        c.setReadOnly(true);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            try (Statement s = c.createStatement()) {
                if (snapshot != null) {
                    // must be the transaction's first statement
                    s.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "") + "'");
                }
                // estimates over millions of trips switch JIT on, and compiling costs about a
                // second (measured) where the index-bound queries take milliseconds
                s.execute("SET LOCAL jit = off");
            }
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            Rollbacks.keepingCause(c, e);
            throw e;
        }
    }
}
