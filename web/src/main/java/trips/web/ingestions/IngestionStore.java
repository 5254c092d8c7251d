package trips.web.ingestions;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads of the ingestion table as the API shows them. Blocking JDBC: call from a worker only. */
public final class IngestionStore {

    private static final String COLUMNS = "id, source, file, status, rows_read, rows_loaded, rows_rejected,"
            + " bytes_read, bytes_total, started_at, finished_at, error";

    private final DataSource ds;

    public IngestionStore(DataSource ds) {
        this.ds = ds;
    }

    /** Newest first: ids come from one identity sequence, so the highest id is the latest to arrive. */
    public List<JsonObject> recent(int limit) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM ingestion ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<JsonObject> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(toJson(rs));
                }
                return all;
            }
        }
    }

    public Optional<JsonObject> find(long id) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM ingestion WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(toJson(rs)) : Optional.empty();
            }
        }
    }

    private static JsonObject toJson(ResultSet rs) throws SQLException {
        return new JsonObject()
                .put("id", rs.getLong("id"))
                .put("source", rs.getString("source"))
                .put("file", rs.getString("file"))
                .put("status", rs.getString("status"))
                .put("rowsRead", rs.getLong("rows_read"))
                .put("rowsLoaded", rs.getLong("rows_loaded"))
                .put("rowsRejected", rs.getLong("rows_rejected"))
                .put("bytesRead", rs.getLong("bytes_read"))
                .put("bytesTotal", (Long) rs.getObject("bytes_total"))
                .put("startedAt", instant(rs, "started_at"))
                .put("finishedAt", instant(rs, "finished_at"))
                .put("error", rs.getString("error"));
    }

    private static String instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant().toString();
    }
}
