package trips.web.ingestions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * An ingestion's rejects read a page at a time, each page a short query of its own: a slow download
 * never holds a pooled connection (the engine's loaders share the pool) while it waits for the client.
 * Blocking JDBC: call from a worker.
 */
final class RejectsPages {

    static final int ROWS = 1000;

    /** Where the next page starts: after {@code seenAtLine} rows of line {@code line} (a line may hold several). */
    record Position(long line, int seenAtLine) {
        static final Position START = new Position(0, 0);
    }

    /** Records as CSV text; {@code last} when no page follows. */
    record Page(String csv, Position next, boolean last) {
    }

    private RejectsPages() {
    }

    static boolean exists(DataSource ds, long id) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM ingestion WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ordered by line (the index), then by content so that rows sharing a line come in a stable order
    static Page read(DataSource ds, long id, Position after) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT line, reason, raw FROM ingestion_reject WHERE ingestion_id = ? AND line >= ?"
                        + " ORDER BY line, reason, raw LIMIT ? OFFSET ?")) {
            ps.setLong(1, id);
            ps.setLong(2, after.line());
            ps.setInt(3, ROWS);
            ps.setInt(4, after.seenAtLine());
            try (ResultSet rs = ps.executeQuery()) {
                StringBuilder out = new StringBuilder();
                int rows = 0;
                long line = after.line();
                int seenAtLine = after.seenAtLine();
                while (rs.next()) {
                    long current = rs.getLong(1);
                    seenAtLine = current == line ? seenAtLine + 1 : 1;
                    line = current;
                    out.append(current).append(',');
                    Csv.field(out, rs.getString(2));
                    out.append(',');
                    Csv.field(out, rs.getString(3));
                    Csv.endRecord(out);
                    rows++;
                }
                return new Page(out.toString(), new Position(line, seenAtLine), rows < ROWS);
            }
        }
    }
}
