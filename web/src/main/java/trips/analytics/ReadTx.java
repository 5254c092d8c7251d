package trips.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * One read-only REPEATABLE READ transaction per answer: the aggregate rows and the trips read for
 * the cut cells then come from the same snapshot, so an answer stays exact while files load
 * (a file's trips and its aggregates join in the one transaction that completes it).
 */
final class ReadTx {

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private ReadTx() {
    }

    static <T> T run(DataSource ds, Work<T> work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                try (Statement s = c.createStatement()) {
                    // estimates over millions of trips switch JIT on, and compiling costs about a
                    // second (measured) where the index-bound queries take milliseconds
                    s.execute("SET LOCAL jit = off");
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
