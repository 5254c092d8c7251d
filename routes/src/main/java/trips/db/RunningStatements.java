package trips.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels what a pool's connections are running, while its process stops. A file's completion can
 * run for minutes, and the file resumes from the ledger at the next start anyway: waiting for it
 * held a stop for Camel's whole timeout (45 s), after which the JVM left and the server went on
 * running the orphaned statement, holding its locks, until it ended.
 */
public final class RunningStatements implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningStatements.class);

    /** The pool's connections share an application_name of their own (Database). */
    private static final String CANCEL = """
            SELECT count(*) FILTER (WHERE pg_cancel_backend(pid)) FROM pg_stat_activity
            WHERE application_name = current_setting('application_name') AND state = 'active'
              AND pid <> pg_backend_pid()
            """;

    private final Thread canceller;
    private volatile boolean stopped;

    /** Cancels the pool's running statements every {@code everyMs} until closed; new ones may start meanwhile. */
    public static RunningStatements cancelUntilClosed(DataSource ds, long everyMs) {
        return new RunningStatements(ds, everyMs);
    }

    private RunningStatements(DataSource ds, long everyMs) {
        canceller = new Thread(() -> {
            while (!stopped) {
                try {
                    int n = cancel(ds);
                    if (n > 0) {
                        LOG.info("stopping: cancelled {} running statement(s); their files resume at the next start", n);
                    }
                    Thread.sleep(everyMs);
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException | RuntimeException e) {
                    LOG.debug("stopping: could not cancel running statements", e);
                    return;
                }
            }
        }, "trips-stop-canceller");
        canceller.setDaemon(true);
        canceller.start();
    }

    /** @return how many statements were asked to cancel */
    public static int cancel(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CANCEL)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    public void close() {
        stopped = true;
        canceller.interrupt();
    }
}
