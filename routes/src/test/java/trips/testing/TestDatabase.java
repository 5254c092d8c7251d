package trips.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import trips.TripsConfig;
import trips.db.Database;

/**
 * A database of the test's own on the real PostgreSQL (localhost:5432, or TRIPS_TEST_DB_URL),
 * created empty and dropped afterwards, so test classes never see each other's rows.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String SERVER = System.getenv().getOrDefault("TRIPS_TEST_DB_URL",
            "jdbc:postgresql://localhost:5432/postgres");
    private static final String USER = System.getenv().getOrDefault("TRIPS_TEST_DB_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("TRIPS_TEST_DB_PASSWORD", "");

    private final String name = "trips_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String url = Database.withDatabase(SERVER, name);

    public String url() {
        return url;
    }

    public String name() {
        return name;
    }

    /** Settings pointing at this database, plus the given ones. */
    public Map<String, String> settings() {
        return Map.of("trips.db.url", url, "trips.db.user", USER, "trips.db.password", PASSWORD);
    }

    public TripsConfig config(Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(settings());
        all.putAll(more);
        return TripsConfig.load(null, Map.of(), all);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    /** A single number from SQL, for assertions. */
    public long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs a statement that returns no rows, for setting up a state. */
    public void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public String text(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Makes the database with these options of CREATE DATABASE, before the platform would make it plainly. */
    public void create(String options) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " " + options);
        }
    }

    /** Whether the database has been made yet: the platform makes it at its start, not this class. */
    public boolean exists() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
