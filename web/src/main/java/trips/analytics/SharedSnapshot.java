package trips.analytics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Lets an answer read on two PostgreSQL backends at once without losing its single snapshot
 * ({@link ReadTx}): the second connection imports the answer's snapshot (pg_export_snapshot, then
 * SET TRANSACTION SNAPSHOT, as pg_dump's parallel jobs do), so both parts count the same set of
 * completed files. A box's cut cells are read point by point from an index, on one backend's core;
 * split in two, the cut-cell query of a 0.02-degree box in Prague at 100M trips went from 97-128 to
 * 73-91 ms, and the medians of box answers up to 0.1 degree over HTTP from 92-121 to 72-97 ms, asked
 * side by side with the one-connection build (perf/README.md).
 *
 * <p>One second reader per process: when it is busy with another answer, both parts run on the
 * answer's own connection, one after the other, so a burst of answers never waits for it and never
 * holds more than one extra connection of the pool.
 */
final class SharedSnapshot {

    private final DataSource ds;
    // no queue: a second part that finds the reader busy runs inline instead of waiting; the thread
    // ends when idle, so a process that answers nothing keeps none
    private final ThreadPoolExecutor reader = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "trips-analytics-second-reader");
                t.setDaemon(true);
                return t;
            });

    SharedSnapshot(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Reads {@code here} on the answer's connection {@code c} (inside its {@link ReadTx}) and
     * {@code there} on a second connection in the same snapshot, at the same time when the second
     * reader is free; returns both results, {@code here}'s first.
     */
    <T> Both<T> read(Connection c, ReadTx.Work<T> here, ReadTx.Work<T> there) throws SQLException {
        String snapshot = export(c);
        // whoever claims the second part reads it: the second reader once it holds a connection, or
        // this thread after its own part, if the reader is still waiting for the pool by then
        AtomicBoolean claimed = new AtomicBoolean();
        Future<T> theirs;
        try {
            theirs = reader.submit(() -> readIn(snapshot, claimed, there));
        } catch (RejectedExecutionException busy) {
            return new Both<>(here.run(c), there.run(c));
        }
        T mine;
        try {
            mine = here.run(c);
        } catch (SQLException | RuntimeException e) {
            claimed.set(true);
            throw e;
        }
        if (claimed.compareAndSet(false, true)) {
            return new Both<>(mine, there.run(c));
        }
        return new Both<>(mine, await(theirs));
    }

    record Both<T>(T here, T there) {
    }

    private static String export(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Null when this thread claimed the part first. The answer's transaction waits for the result
     * once the part is claimed here, so the exported snapshot is still there to import.
     */
    private <T> T readIn(String snapshot, AtomicBoolean claimed, ReadTx.Work<T> part) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return claimed.compareAndSet(false, true) ? ReadTx.run(c, snapshot, part) : null;
        }
    }

    private static <T> T await(Future<T> theirs) throws SQLException {
        try {
            return theirs.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the second reader was reading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new SQLException("the second reader failed", e.getCause());
        }
    }
}
