package trips.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import trips.db.Database;

/** Health, and every answer, tell the truth when the database goes away under a running app. */
class HealthDownTest {

    @Test
    void should_answer_503_down_soon_after_the_database_disappears() throws Exception {
        try (AppFixture fx = new AppFixture()) {
            assertThat(Http.get(fx.url("/api/health")).statusCode()).isEqualTo(200);

            // dropping the app's database (its connections killed) is a database that no longer answers
            try (Connection admin = server(fx); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE " + fx.db.name() + " WITH (FORCE)");
            }
            Timed health = Timed.get(fx.url("/api/health"));

            assertThat(health.reply().statusCode()).isEqualTo(503);
            assertThat(Http.json(health.reply())).isEqualTo(new JsonObject().put("status", "DOWN").put("database", "DOWN"));
            assertThat(health.reply().headers().firstValue("retry-after")).as("as every other 503 of the API").hasValue("5");
            assertThat(health.millis()).isLessThan(HealthApi.ANSWER_WITHIN_MS + 1_000);
        }
    }

    @Test
    void should_tell_api_clients_to_try_again_while_the_database_is_away() throws Exception {
        try (AppFixture fx = new AppFixture()) {
            assertThat(Http.get(fx.url("/api/regions")).statusCode()).isEqualTo(200);
            try (Connection admin = server(fx); Statement s = admin.createStatement()) {
                // the database refuses new sessions and loses its open ones, as a restarting server does
                s.execute("ALTER DATABASE " + fx.db.name() + " ALLOW_CONNECTIONS false");
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + fx.db.name() + "'");
                try {
                    for (String path : new String[] {"/api/regions", "/api/weekly-average?region=Prague",
                            "/api/ingestions?limit=1"}) {
                        Timed answer = Timed.get(fx.url(path));
                        HttpResponse<String> r = answer.reply();

                        assertThat(r.statusCode()).as(path).isEqualTo(503);
                        assertThat(r.headers().firstValue("retry-after")).as(path).hasValue("5");
                        assertThat(Http.json(r).getString("error")).as(path)
                                .isEqualTo("the database is unavailable for now; try again shortly");
                        // the pool's wait for a connection, not the 30 s of its default
                        assertThat(answer.millis()).as(path).isLessThan(15_000);
                    }
                } finally {
                    s.execute("ALTER DATABASE " + fx.db.name() + " ALLOW_CONNECTIONS true");
                }
            }
            assertThat(Http.get(fx.url("/api/regions")).statusCode()).isEqualTo(200);
        }
    }

    /** A connection to the server's own database, to do to the app's database what an outage would. */
    private static Connection server(AppFixture fx) throws Exception {
        return DriverManager.getConnection(Database.withDatabase(fx.db.url(), "postgres"), "postgres", "");
    }

    private record Timed(HttpResponse<String> reply, long millis) {
        static Timed get(String url) throws Exception {
            long started = System.nanoTime();
            HttpResponse<String> reply = Http.get(url);
            return new Timed(reply, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
