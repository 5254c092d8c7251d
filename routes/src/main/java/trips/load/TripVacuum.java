package trips.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacuums the partitions of trip whose visibility map lags behind their rows, so that box queries
 * read the points of cut cells from the indexes alone. Without it, each point also costs a visit
 * to its row: a 10M-trip partition with no visibility map answered a cell's 194,000 points in
 * 620 to 1000 ms instead of 68 to 120 (perf/README.md, "The visibility map").
 *
 * Two cases need it. The small files' shared partition is never vacuumed by a completion (its
 * trips are copied in). And a big file's own VACUUM, run just before its completion, cannot mark
 * rows visible that a transaction open at that moment might not see: another file's completion,
 * a long query, anything in the database that began before the file's last batches. Autovacuum
 * would catch up with both, but it may be off (it is off on these machines), so the engine does
 * not rely on it.
 */
public final class TripVacuum {

    private static final Logger LOG = LoggerFactory.getLogger(TripVacuum.class);

    /*
     * relallvisible < relpages: the last VACUUM left pages it could not mark (relpages and
     * relallvisible are what that VACUUM counted); n_ins_since_vacuum: rows came in since.
     */
    private static final String LAGGING = """
            SELECT c.oid::regclass::text, coalesce(s.n_ins_since_vacuum, 0) > 0
            FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE i.inhparent = 'trip'::regclass
              AND (c.relallvisible < c.relpages OR coalesce(s.n_ins_since_vacuum, 0) > 0)
            ORDER BY 1
            """;

    /*
     * What holds VACUUM back: the oldest snapshot or transaction of another session in this database
     * (a read-only transaction has no xid, but its snapshot counts). Compared only for equality, so
     * the 32-bit values' wrap-around costs at most one round.
     */
    private static final String HORIZON = """
            SELECT coalesce(min(least(backend_xmin::text::bigint, backend_xid::text::bigint)), -1)
            FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
            """;

    private final DataSource ds;
    /**
     * Tables a VACUUM left lagging, and the horizon it met: vacuuming them again before that
     * transaction ends would read the same pages and mark none (a 10M-trip file: about a gigabyte
     * every round, during another file's completion of minutes).
     */
    private final Map<String, Long> heldBack = new HashMap<>();

    public TripVacuum(DataSource ds) {
        this.ds = ds;
    }

    /** Vacuums each lagging partition that no one else holds at the moment; returns how many. */
    public synchronized int vacuumLagging() {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            long horizon = horizon(c);
            Map<String, Boolean> lagging = lagging(c);
            // what no longer lags needs no memory of it
            heldBack.keySet().retainAll(lagging.keySet());
            int vacuumed = 0;
            for (Map.Entry<String, Boolean> table : lagging.entrySet()) {
                boolean newRows = table.getValue();
                if (!newRows && Long.valueOf(horizon).equals(heldBack.get(table.getKey()))) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    // SKIP_LOCKED: a completing file attaching a partition, or another node's
                    // vacuum, is not waited for; the next round comes soon enough
                    s.execute("VACUUM (SKIP_LOCKED) " + table.getKey());
                }
                vacuumed++;
                heldBack.put(table.getKey(), horizon);
                LOG.debug("vacuumed {}", table.getKey());
            }
            return vacuumed;
        } catch (SQLException e) {
            // the next round tries again; queries stay exact meanwhile, only slower
            LOG.warn("could not vacuum trip's partitions: {}", e.getMessage());
            return 0;
        }
    }

    private static long horizon(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(HORIZON)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Lagging partitions, and whether rows came into each since its last VACUUM. */
    private static Map<String, Boolean> lagging(Connection c) throws SQLException {
        Map<String, Boolean> tables = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LAGGING)) {
            while (rs.next()) {
                tables.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        return tables;
    }
}
