package trips.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trips.TripsConfig;

/**
 * The PostgreSQL the platform runs on: the configured one (created if missing), or an embedded one
 * when nothing is configured and nothing answers; migrated by Flyway, then pooled by HikariCP.
 */
public final class Database implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final EmbeddedPostgres embedded;
    private final String url;

    private Database(HikariDataSource pool, EmbeddedPostgres embedded, String url) {
        this.pool = pool;
        this.embedded = embedded;
        this.url = url;
    }

    public static Database start(TripsConfig config) {
        String url = config.dbUrl();
        EmbeddedPostgres embedded = null;
        if (!config.dbUrlExplicit() && !answers(url, config)) {
            embedded = startEmbedded(config);
            url = "jdbc:postgresql://localhost:" + embedded.getPort() + "/trips";
            LOG.info("no PostgreSQL at {}; started an embedded one under {}", config.dbUrl(),
                    config.get("trips.db.embedded-dir"));
        }
        createDatabaseIfMissing(url, config);
        Flyway.configure()
                .dataSource(url, config.dbUser(), config.dbPassword())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(config.dbUser());
        hc.setPassword(config.dbPassword());
        hc.setMaximumPoolSize(config.dbPoolSize());
        hc.setPoolName("trips");
        // while the database is away, an HTTP request waits this long for its 503, not Hikari's 30 s;
        // the engine's own waits are short, the pool being sized for what its files hold at once
        hc.setConnectionTimeout(10_000);
        // one name per pool: stopping cancels the statements of its own pool only (RunningStatements)
        hc.addDataSourceProperty("ApplicationName", "trips-" + Long.toHexString(new java.security.SecureRandom().nextLong()));
        // a backend whose process died (kill -9, out of memory) goes on with its statement until that
        // ends, up to minutes of a big file's completion, holding its locks and a core beside the
        // completion that resumes it: checked every second, it ends within one (PostgreSQL 14 and later)
        // A pool keeps idle connections by design, and a run's lock sits on one for as long as the run
        // takes: a server's idle_session_timeout (PostgreSQL 14 and later too) ended them, freeing run
        // locks and filling the log with the pool's failed validations
        hc.setConnectionInitSql("SELECT set_config('client_connection_check_interval', '1000', false),"
                + " set_config('idle_session_timeout', '0', false)"
                + " WHERE current_setting('server_version_num')::int >= 140000");
        HikariDataSource pool = new HikariDataSource(hc);
        GroupingSettings.verify(pool, config);
        LOG.info("database ready at {}", url);
        return new Database(pool, embedded, url);
    }

    public DataSource dataSource() {
        return pool;
    }

    public String url() {
        return url;
    }

    private static boolean answers(String url, TripsConfig config) {
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(withDatabase(url, "postgres"), credentials(config))) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    static EmbeddedPostgres startEmbedded(TripsConfig config) {
        Path dir = Path.of(config.get("trips.db.embedded-dir")).toAbsolutePath();
        try {
            Files.createDirectories(dir.getParent());
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .start();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            return pg;
        } catch (IOException | SQLException | RuntimeException e) {
            boolean root = "root".equals(System.getProperty("user.name"));
            throw new IllegalStateException("no PostgreSQL answers at " + config.dbUrl()
                    + " and the embedded PostgreSQL could not start"
                    + (root ? " (PostgreSQL refuses to run as root)" : "") + ": " + e.getMessage()
                    + ". Set TRIPS_DB_URL (and TRIPS_DB_USER, TRIPS_DB_PASSWORD) to a PostgreSQL you run,"
                    + " e.g. TRIPS_DB_URL=jdbc:postgresql://localhost:5432/trips", e);
        }
    }

    static void createDatabaseIfMissing(String url, TripsConfig config) {
        String name = databaseName(url);
        try (Connection c = DriverManager.getConnection(withDatabase(url, "postgres"), credentials(config));
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                LOG.info("created database {}", name);
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created meanwhile by another node
            }
            throw new IllegalStateException("cannot reach PostgreSQL at " + url + " (TRIPS_DB_URL): "
                    + e.getMessage(), e);
        }
    }

    private static Properties credentials(TripsConfig config) {
        Properties p = new Properties();
        p.setProperty("user", config.dbUser());
        if (!config.dbPassword().isEmpty()) {
            p.setProperty("password", config.dbPassword());
        }
        p.setProperty("connectTimeout", "3");
        return p;
    }

    /** The database name of a jdbc:postgresql URL. */
    public static String databaseName(String url) {
        String rest = url.substring(url.indexOf("//") + 2);
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalStateException("TRIPS_DB_URL " + url + " names no database");
        }
        String db = rest.substring(slash + 1);
        int q = db.indexOf('?');
        return q < 0 ? db : db.substring(0, q);
    }

    /** The same server and parameters, another database. */
    public static String withDatabase(String url, String database) {
        String name = databaseName(url);
        int at = url.indexOf('/', url.indexOf("//") + 2);
        return url.substring(0, at + 1) + database + url.substring(at + 1 + name.length());
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
