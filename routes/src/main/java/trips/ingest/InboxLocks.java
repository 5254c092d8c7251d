package trips.ingest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's idempotent read lock, kept in PostgreSQL so that several nodes can watch one inbox and
 * each file is read by one of them. Taking a lock is one statement: insert, or take over a lock
 * whose heartbeat is older than the timeout (its node died), atomically per row. camel-sql's
 * orphan-aware repository does the take-over as a separate update that two nodes can both win.
 */
public final class InboxLocks extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(InboxLocks.class);

    private static final String TAKE = """
            INSERT INTO inbox_lock (file, node, heartbeat) VALUES (?, ?, now())
            ON CONFLICT (file) DO UPDATE SET node = excluded.node, heartbeat = now()
            WHERE inbox_lock.heartbeat < now() - make_interval(secs => ?)
            RETURNING node
            """;

    /**
     * The heartbeat: refreshes this node's locks and takes back any it lost. A node that stalled past
     * the timeout (a long pause, a frozen VM) had its lock taken over by another node, which then left
     * the file to the run this node still held, releasing the lock: the file, still being read, was
     * marked taken by nobody, and a partner could delete it over SFTP.
     */
    private static final String KEEP = """
            INSERT INTO inbox_lock (file, node, heartbeat) SELECT f, ?, now() FROM unnest(?::text[]) f
            ON CONFLICT (file) DO UPDATE SET node = excluded.node, heartbeat = now()
            WHERE inbox_lock.node = excluded.node OR inbox_lock.heartbeat < now() - make_interval(secs => ?)
            """;

    private final DataSource ds;
    private final String node = UUID.randomUUID().toString();
    /** The files this node took and has not released. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final double timeoutSeconds;
    private final long heartbeatMillis;
    private ScheduledExecutorService heartbeat;

    public InboxLocks(DataSource ds, long timeoutMillis) {
        this.ds = ds;
        this.timeoutSeconds = timeoutMillis / 1000.0;
        this.heartbeatMillis = Math.max(100, timeoutMillis / 4);
    }

    @Override
    public boolean add(String file) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(TAKE)) {
            ps.setString(1, file);
            ps.setString(2, node);
            ps.setDouble(3, timeoutSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    held.add(file);
                    return true;
                }
                return false;
            }
        } catch (SQLException e) {
            LOG.warn("cannot take the lock of {}: {}", file, e.getMessage());
            return false;
        }
    }

    @Override
    public boolean contains(String file) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM inbox_lock WHERE file = ? AND heartbeat >= now() - make_interval(secs => ?)")) {
            ps.setString(1, file);
            ps.setDouble(2, timeoutSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return true; // when in doubt, leave the file to whoever may hold it
        }
    }

    /**
     * Whether a live node holds the lock of {@code path}, or of a file below it when it is a folder.
     * The SFTP drop asks before a partner deletes or renames: in cluster mode this row is the only
     * sign that a node has taken a file (no .camelLock is written).
     */
    public boolean holdsAnyAt(Path path) {
        String file = path.toAbsolutePath().normalize().toString();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM inbox_lock WHERE (file = ? OR starts_with(file, ?))"
                        + " AND heartbeat >= now() - make_interval(secs => ?) LIMIT 1")) {
            ps.setString(1, file);
            ps.setString(2, file + "/");
            ps.setDouble(3, timeoutSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            LOG.warn("cannot read the inbox locks at {}: {}", file, e.getMessage());
            return true; // when in doubt, leave the file to whoever may hold it
        }
    }

    @Override
    public boolean remove(String file) {
        held.remove(file);
        return update("DELETE FROM inbox_lock WHERE file = ? AND node = ?", file) > 0;
    }

    @Override
    public boolean confirm(String file) {
        return true;
    }

    @Override
    public void clear() {
        held.clear();
        update("DELETE FROM inbox_lock WHERE node = ?", null);
    }

    private void keep() {
        String[] files = held.toArray(String[]::new);
        if (files.length == 0) {
            return;
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(KEEP)) {
            ps.setString(1, node);
            ps.setArray(2, c.createArrayOf("text", files));
            ps.setDouble(3, timeoutSeconds);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("inbox lock heartbeat failed: {}", e.getMessage());
        }
    }

    private int update(String sql, String file) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (file != null) {
                ps.setString(i++, file);
            }
            ps.setString(i, node);
            return ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("inbox lock update failed: {}", e.getMessage());
            return 0;
        }
    }

    /** This node's identity in the lock table. */
    public String node() {
        return node;
    }

    @Override
    protected void doStart() {
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trips-inbox-locks");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::keep, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        clear();
    }
}
