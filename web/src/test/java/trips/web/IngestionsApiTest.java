package trips.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The read side of the API, on three ingested files: the list, one ingestion, its rejects, health, pages. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestionsApiTest {

    private AppFixture fx;

    @BeforeAll
    void given_three_ingested_files() throws Exception {
        fx = new AppFixture();
        fx.dropTrips("one.csv", 100, 0, 11);
        awaitTerminal(1);
        fx.dropTrips("two.csv", 200, 3, 12);
        awaitTerminal(2);
        fx.dropTrips("many-rejects.csv", 10, 2_500, 13);
        awaitTerminal(3);
    }

    @AfterAll
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void should_list_ingestions_newest_first_and_honour_the_limit() throws Exception {
        JsonArray all = Http.jsonArray(Http.get(fx.url("/api/ingestions")));
        JsonArray two = Http.jsonArray(Http.get(fx.url("/api/ingestions?limit=2")));

        assertThat(all.stream().map(o -> ((JsonObject) o).getString("file")))
                .containsExactly("many-rejects.csv", "two.csv", "one.csv");
        assertThat(two.stream().map(o -> ((JsonObject) o).getLong("id"))).containsExactly(3L, 2L);
    }

    @Test
    void should_refuse_a_limit_that_is_not_a_whole_number_from_1_to_1000() throws Exception {
        for (String bad : new String[] {"0", "1001", "abc", "-5", "2.5"}) {
            HttpResponse<String> r = Http.get(fx.url("/api/ingestions?limit=" + bad));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(Http.json(r).getString("error")).contains("limit");
        }
        assertThat(Http.get(fx.url("/api/ingestions?limit=1000")).statusCode()).isEqualTo(200);
    }

    @Test
    void should_show_one_ingestion_with_the_documented_fields() throws Exception {
        HttpResponse<String> r = Http.get(fx.url("/api/ingestions/2"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonObject two = Http.json(r);
        assertThat(two.fieldNames()).containsExactlyInAnyOrder("id", "source", "file", "status", "rowsRead",
                "rowsLoaded", "rowsRejected", "bytesRead", "bytesTotal", "startedAt", "finishedAt", "error");
        assertThat(two.getString("status")).isEqualTo("COMPLETED");
        assertThat(two.getString("source")).isEqualTo("inbox");
        assertThat(two.getLong("rowsRead")).isEqualTo(203);
        assertThat(two.getLong("rowsLoaded")).isEqualTo(200);
        assertThat(two.getLong("rowsRejected")).isEqualTo(3);
        assertThat(two.getLong("bytesRead")).isEqualTo(two.getLong("bytesTotal")).isPositive();
        assertThat(two.getString("finishedAt")).isGreaterThanOrEqualTo(two.getString("startedAt"));
    }

    @Test
    void should_answer_404_for_an_unknown_id_and_400_for_a_non_numeric_one() throws Exception {
        HttpResponse<String> unknown = Http.get(fx.url("/api/ingestions/999"));
        HttpResponse<String> word = Http.get(fx.url("/api/ingestions/abc"));
        HttpResponse<String> unknownRejects = Http.get(fx.url("/api/ingestions/999/rejects"));

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown).getString("error")).contains("999");
        assertThat(word.statusCode()).isEqualTo(400);
        assertThat(Http.json(word).getString("error")).isNotBlank();
        assertThat(unknownRejects.statusCode()).isEqualTo(404);
    }

    @Test
    void should_stream_the_rejects_as_rfc_4180_csv_in_line_order() throws Exception {
        HttpResponse<String> r = Http.get(fx.url("/api/ingestions/3/rejects"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(r.body()).isEqualTo(expectedRejects(3));
        assertThat(r.body().split("\r\n")).hasSize(1 + 2_500);
        // the raw row held quotes and a comma: it comes back as one field, quotes doubled
        assertThat(r.body()).contains(",\"\"\"Prague, \"\"\"\"old town\"\"\"\"\"\",POINT (east north),");
    }

    @Test
    void should_answer_an_empty_rejects_file_with_its_header_for_a_clean_ingestion() throws Exception {
        assertThat(Http.get(fx.url("/api/ingestions/1/rejects")).body()).isEqualTo("line,reason,raw\r\n");
    }

    @Test
    void should_say_the_database_is_up() throws Exception {
        HttpResponse<String> r = Http.get(fx.url("/api/health"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r)).isEqualTo(new JsonObject().put("status", "UP").put("database", "UP"));
    }

    @Test
    void should_answer_json_404_for_an_unknown_api_path() throws Exception {
        HttpResponse<String> r = Http.get(fx.url("/api/nothing-here"));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Http.json(r).getString("error")).contains("/api/nothing-here");
    }

    @Test
    void should_answer_405_with_allow_for_a_wrong_method_on_an_endpoint() throws Exception {
        HttpResponse<String> post = Http.post(fx.url("/api/regions"), "application/json", BodyPublishers.ofString("{}"));
        HttpResponse<String> withId = Http.post(fx.url("/api/ingestions/7/rejects"), "text/plain", BodyPublishers.ofString(""));
        HttpResponse<String> delete = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                fx.url("/api/ingestions"))).DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(Http.json(post).getString("error")).isEqualTo("/api/regions answers GET, HEAD, not POST");
        assertThat(withId.statusCode()).isEqualTo(405);
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("allow")).hasValue("GET, HEAD, POST"); // the list, and uploads
    }

    @Test
    void should_answer_a_head_as_the_get_of_the_endpoint_without_its_body() throws Exception {
        HttpResponse<String> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                fx.url("/api/regions"))).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void should_answer_a_head_of_the_pages_outside_the_api_as_their_get() throws Exception {
        for (String path : new String[] {"/metrics", "/openapi.yaml", "/docs", "/docs/trips-docs.js",
                "/docs/swagger-ui.css", "/", "/dashboard.js", "/dashboard.css",
                "/webjars/sockjs-client/1.6.1/dist/sockjs.min.js"}) {
            HttpResponse<String> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    fx.url(path))).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> get = Http.get(fx.url(path));

            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            assertThat(head.headers().firstValue("content-type")).as(path).isPresent()
                    .isEqualTo(get.headers().firstValue("content-type"));
            if (path.startsWith("/docs") || path.equals("/openapi.yaml")) {
                // fixed documents; the metrics' length changes with every request counted
                assertThat(head.headers().firstValue("content-length")).as(path)
                        .hasValue(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length));
            }
        }
    }

    @Test
    void should_serve_the_dashboard_and_every_script_it_loads() throws Exception {
        HttpResponse<String> page = Http.get(fx.url("/"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<section id=\"analytics\"></section>", "<script src=\"/analytics.js\" defer></script>");
        for (String script : new String[] {"/webjars/sockjs-client/1.6.1/dist/sockjs.min.js", "/eventbus.js",
                "/upload.js", "/dashboard.js", "/dashboard.css"}) {
            assertThat(page.body()).contains(script);
            assertThat(Http.get(fx.url(script)).statusCode()).as(script).isEqualTo(200);
        }
        assertThat(page.body()).doesNotContain("//cdn", "https://");
    }

    /** The expected body, quoted here independently of the production code. */
    private String expectedRejects(long id) throws Exception {
        StringBuilder csv = new StringBuilder("line,reason,raw\r\n");
        try (Connection c = fx.db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT line, reason, raw FROM ingestion_reject WHERE ingestion_id = " + id
                     + " ORDER BY line")) {
            while (rs.next()) {
                csv.append(rs.getLong(1)).append(',').append(quoted(rs.getString(2))).append(',')
                        .append(quoted(rs.getString(3))).append("\r\n");
            }
        }
        return csv.toString();
    }

    private static String quoted(String field) {
        return field.matches("(?s).*[\",\r\n].*") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    private void awaitTerminal(int count) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> fx.db.count(
                "SELECT count(*) FROM ingestion WHERE status IN ('COMPLETED','FAILED','DUPLICATE')") >= count);
    }
}
