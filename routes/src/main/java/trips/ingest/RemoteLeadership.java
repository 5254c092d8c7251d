package trips.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With several nodes, one polls the remotes: the node that holds a session-level advisory lock in
 * PostgreSQL runs the remote routes; when it dies its connection goes and the lock with it, and the
 * next node to ask takes over. Camel's idempotent read locks do not apply to FTP/SFTP consumers,
 * so the nodes cannot share the remote files' listing safely the way they share the inbox.
 */
public final class RemoteLeadership extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteLeadership.class);
    /** Advisory lock key of the remotes' leader ("trrm"). */
    private static final long KEY = 0x7472726dL;

    private final CamelContext camel;
    private final DataSource ds;
    private final List<String> routeIds;
    private final long checkMillis;
    private ScheduledExecutorService timer;
    private Connection held;

    public RemoteLeadership(CamelContext camel, DataSource ds, List<String> routeIds, long checkMillis) {
        this.camel = camel;
        this.ds = ds;
        this.routeIds = routeIds;
        this.checkMillis = checkMillis;
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trips-remote-leader");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, 200, checkMillis, TimeUnit.MILLISECONDS);
    }

    private void check() {
        if (!camel.getStatus().isStarted()) {
            return; // routes cannot be started while the context itself is still starting
        }
        try {
            if (held != null && !held.isValid(2)) {
                LOG.warn("lost the connection holding the remotes' lock: stopping the remote routes");
                release();
            }
            if (held == null) {
                Connection c = ds.getConnection();
                if (tryLock(c)) {
                    held = c;
                    LOG.info("this node polls the remotes");
                    for (String id : routeIds) {
                        camel.getRouteController().startRoute(id);
                    }
                } else {
                    c.close();
                }
            }
        } catch (Exception e) {
            LOG.warn("remote leadership check failed: {}", e.getMessage());
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void release() throws Exception {
        for (String id : routeIds) {
            camel.getRouteController().stopRoute(id, 10, TimeUnit.SECONDS);
        }
        try {
            held.close();
        } catch (SQLException ignored) {
            // a broken connection has released the lock already
        }
        held = null;
    }

    @Override
    protected void doStop() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (held != null) {
            release();
        }
    }
}
