package trips.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trips.testing.TestDatabase;

class DatabaseBootstrapTest {

    @Test
    void should_create_the_configured_database_when_missing_and_migrate_it() throws Exception {
        try (TestDatabase db = new TestDatabase(); Database database = Database.start(db.config(Map.of()))) {
            assertThat(db.count("SELECT count(*) FROM flyway_schema_history WHERE success")).isPositive();
            assertThat(db.count("SELECT count(*) FROM information_schema.tables WHERE table_name IN"
                    + " ('trip', 'trip_group', 'region_day', 'ingestion', 'ingestion_batch', 'ingestion_reject')"))
                    .isEqualTo(6);
            try (Connection c = database.dataSource().getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
        }
    }

    /** A server's idle_session_timeout ended the pool's idle connections, and the run locks held on them. */
    @Test
    void should_keep_its_connections_out_of_the_servers_idle_session_timeout() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Database.start(db.config(Map.of())).close();
            db.execute("ALTER DATABASE " + db.name() + " SET idle_session_timeout = '1s'");
            try (Database database = Database.start(db.config(Map.of()));
                 Connection c = database.dataSource().getConnection()) {
                Thread.sleep(1500);
                try (ResultSet rs = c.createStatement().executeQuery("SHOW idle_session_timeout")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("0");
                }
            }
        }
    }

    @Test
    void should_refuse_grouping_settings_that_contradict_the_stored_data() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Database.start(db.config(Map.of())).close();
            assertThatThrownBy(() -> Database.start(db.config(Map.of("trips.group.precision", "5"))))
                    .hasMessageContaining("set up for groups of precision 6 and 30-minute buckets")
                    .hasMessageContaining("trips.group.precision=5");
        }
    }

    @Test
    void should_sort_names_by_code_point_whatever_collation_the_database_was_made_with() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            db.create("TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
            // the database's own order puts "alpha" before "Beta"
            assertThat(db.text("SELECT ('alpha' < 'Beta')::text")).isEqualTo("true");

            Database.start(db.config(Map.of())).close();
            db.execute("INSERT INTO region (name) VALUES ('alpha'), ('Beta'), ('Ärger')");
            db.execute("INSERT INTO datasource (name) VALUES ('alpha'), ('Beta')");

            // ties in the reports and the lists by name come out the same on every server
            assertThat(db.text("SELECT string_agg(name, ',' ORDER BY name) FROM region")).isEqualTo("Beta,alpha,Ärger");
            assertThat(db.text("SELECT string_agg(name, ',' ORDER BY name) FROM datasource")).isEqualTo("Beta,alpha");
        }
    }

    @Test
    void should_start_an_embedded_postgres_or_say_clearly_what_to_set() throws Exception {
        Path dir = Files.createTempDirectory("trips-embedded");
        TestDatabase db = new TestDatabase();
        var config = db.config(Map.of("trips.db.embedded-dir", dir.resolve("pg").toString()));
        EmbeddedPostgres pg;
        try {
            pg = Database.startEmbedded(config);
        } catch (IllegalStateException refused) {
            // where the machine does not let it run (as root, PostgreSQL usually refuses), the message says what to do
            assertThat(refused).hasMessageContaining("Set TRIPS_DB_URL");
            return;
        }
        try (pg; Connection c = pg.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT current_setting('data_directory')")) {
            assertThat(rs.next()).isTrue();
            assertThat(Path.of(rs.getString(1))).isEqualTo(dir.resolve("pg"));
        }
    }
}
