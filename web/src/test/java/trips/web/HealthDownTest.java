package trips.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import trips.db.Database;

/** Health tells the truth when the database goes away under a running app. */
class HealthDownTest {

    @Test
    void should_answer_503_down_soon_after_the_database_disappears() throws Exception {
        try (AppFixture fx = new AppFixture()) {
            assertThat(Http.get(fx.url("/api/health")).statusCode()).isEqualTo(200);

            // dropping the app's database (its connections killed) is a database that no longer answers
            try (Connection admin = DriverManager.getConnection(Database.withDatabase(fx.db.url(), "postgres"),
                    "postgres", ""); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE " + fx.db.name() + " WITH (FORCE)");
            }
            long started = System.nanoTime();
            HttpResponse<String> r = Http.get(fx.url("/api/health"));
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(Http.json(r)).isEqualTo(new JsonObject().put("status", "DOWN").put("database", "DOWN"));
            assertThat(millis).isLessThan(HealthApi.ANSWER_WITHIN_MS + 1_000);
        }
    }
}
