package trips.analytics;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trips.load.Aggregates;

/**
 * Merges each completed file into the analytics tables with {@link Aggregates#FILE_MERGES}: at once
 * when COMPLETED goes by on the event bus, and every few seconds for whatever that missed (a file
 * completed on another node, or while this one was down). A file is claimed in analytics_merge in
 * its own merge transaction, so overlapping runs and nodes never merge it twice.
 */
final class AnalyticsMerger {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsMerger.class);

    static final long SWEEP_MS = 5_000;
    /** Where the engine's events go (DESIGN section 5). */
    static final String EVENTS = "trips.ingestions";

    private static final String UNMERGED = "SELECT id FROM ingestion i WHERE status = 'COMPLETED'"
            + " AND NOT EXISTS (SELECT 1 FROM analytics_merge m WHERE m.ingestion_id = i.id) ORDER BY id";

    private final Vertx vertx;
    private final DataSource ds;
    private final String workMem;
    private final WorkerExecutor worker;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /** @param workMem for the sorts of a whole file, e.g. "256MB" */
    AnalyticsMerger(Vertx vertx, DataSource ds, String workMem) {
        this.vertx = vertx;
        this.ds = ds;
        this.workMem = workMem;
        // one thread: merges queue behind each other instead of taking the query workers
        this.worker = vertx.createSharedWorkerExecutor("trips-analytics-merge", 1);
    }

    void start() {
        vertx.eventBus().consumer(EVENTS, message -> {
            if (message.body() instanceof JsonObject event && "COMPLETED".equals(event.getString("type"))) {
                sweep();
            }
        });
        vertx.setPeriodic(SWEEP_MS, id -> sweep());
        sweep();
    }

    /** Runs a catch-up unless one is running; then that one runs once more, so no call is lost. */
    private void sweep() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        worker.executeBlocking(() -> catchUp(ds, workMem), false).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("analytics merge failed; retried in {} ms", SWEEP_MS, done.cause());
            } else if (done.result() > 0) {
                LOG.info("merged {} completed file(s) into the analytics tables", done.result());
            }
            running.set(false);
            if (again.getAndSet(false)) {
                sweep();
            }
        });
    }

    /** Merges every completed file not merged yet, oldest first; returns how many this call merged. */
    static int catchUp(DataSource ds, String workMem) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(UNMERGED);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        int merged = 0;
        for (long id : ids) {
            if (merge(ds, id, workMem)) {
                merged++;
            }
        }
        return merged;
    }

    /** False when another run had merged the file already. */
    static boolean merge(DataSource ds, long ingestionId, String workMem) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('work_mem', ?, true)")) {
                    ps.setString(1, workMem);
                    ps.execute();
                }
                boolean first = true;
                for (String sql : Aggregates.FILE_MERGES) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        if (sql.indexOf('?') >= 0) {
                            ps.setLong(1, ingestionId);
                        }
                        int rows = ps.executeUpdate();
                        if (first && rows == 0) {
                            c.rollback();
                            return false;
                        }
                    }
                    first = false;
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
