package trips.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import trips.parse.BadFileException;

/**
 * Region and datasource names to their smallint ids. A handful of names cover millions of rows, so
 * they are cached; a new name is inserted in its own short transaction (an id with no trip yet is
 * harmless, and it keeps the batch transaction free of dimension locks). Ids are smallint: a
 * database holds at most 32767 names of each, those of failed files included; and since a name
 * stays for good, a batch may add only so many ({@link NewNames}).
 */
public final class Dimensions {

    private final DataSource ds;
    private final int maxNewPerBatch;
    private final Map<String, Short> regions = new ConcurrentHashMap<>();
    private final Map<String, Short> datasources = new ConcurrentHashMap<>();

    public Dimensions(DataSource ds, int maxNewPerBatch) {
        this.ds = ds;
        this.maxNewPerBatch = maxNewPerBatch;
    }

    /**
     * The names one batch may still add. A column holding something else under the header "region"
     * (a partner's trip ids) named a new region on every row: one such file used up all 32767 ids,
     * and every later file with a new region failed, for good.
     */
    public final class NewNames {
        private final long firstLine;
        private final long lastLine;
        private int regionsLeft = maxNewPerBatch;
        private int datasourcesLeft = maxNewPerBatch;

        private NewNames(long firstLine, long lastLine) {
            this.firstLine = firstLine;
            this.lastLine = lastLine;
        }

        private void spend(String table, String name) {
            int left = table.equals("region") ? --regionsLeft : --datasourcesLeft;
            if (left < 0) {
                throw new BadFileException("lines " + firstLine + " to " + lastLine + " name more than " + maxNewPerBatch + " " + table
                        + "s the database has not seen ('" + name + "' is one more): is the"
                        + " column under the header '" + table + "' what it says? Names stay for good (a database"
                        + " holds at most " + Short.MAX_VALUE + "); trips.ingest.max-new-names-per-batch raises"
                        + " the limit for a file that truly names that many");
            }
        }
    }

    /** A budget of new names for the batch of these lines. */
    public NewNames newNames(long firstLine, long lastLine) {
        return new NewNames(firstLine, lastLine);
    }

    public short region(String name, NewNames budget) throws SQLException {
        Short id = regions.get(name);
        return id != null ? id : lookup("region", name, regions, budget);
    }

    public short datasource(String name, NewNames budget) throws SQLException {
        Short id = datasources.get(name);
        return id != null ? id : lookup("datasource", name, datasources, budget);
    }

    private short lookup(String table, String name, Map<String, Short> cache, NewNames budget) throws SQLException {
        try (Connection c = ds.getConnection()) {
            // looked up before any insert: an INSERT .. ON CONFLICT takes an id from the sequence even
            // when the name is there, so every start of every node used up an id per known name
            Short id = find(c, table, name);
            if (id == null) {
                budget.spend(table, name);
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO " + table + " (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
                    ins.setString(1, name);
                    ins.executeUpdate();
                } catch (SQLException e) {
                    if ("2200H".equals(e.getSQLState())) {
                        throw new BadFileException("no " + table + " id left for '" + name + "': a database holds"
                                + " at most " + Short.MAX_VALUE + " " + table + " names (those of failed files too)", e);
                    }
                    throw e;
                }
                id = find(c, table, name);
            }
            cache.put(name, id);
            return id;
        }
    }

    private static Short find(Connection c, String table, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM " + table + " WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getShort(1) : null;
            }
        }
    }
}
