package trips.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A request the platform cannot take as asked is a client's mistake, answered in JSON that says what
 * is wrong: a broken percent-escape, a parameter the endpoint does not read or given twice, a NUL, a
 * page that does not exist, a method a page does not answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedQueryTest {

    private AppFixture fx;

    @BeforeAll
    void start() throws Exception {
        fx = new AppFixture();
    }

    @AfterAll
    void stop() throws Exception {
        fx.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET | /api/weekly-average?region=Prague&mach=both | unknown parameter 'mach'; /api/weekly-average takes region, bbox, match, from, to",
        "GET | /api/weekly-average?Region=Prague | unknown parameter 'Region'; /api/weekly-average takes region, bbox, match, from, to",
        "GET | /api/weekly-average?region=Prague&region=Turin | region is given more than once",
        "GET | /api/weekly-average?region=Pr%00ague | region holds a NUL character",
        "GET | /api/trip-groups?limit=1&limit=2 | limit is given more than once",
        "GET | /api/trip-groups?size=5 | unknown parameter 'size'; /api/trip-groups takes region, limit, minTrips, precision, bucketMinutes",
        "GET | /api/reports/datasource-regions?datasource=cheap%00mobile | datasource holds a NUL character",
        "GET | /api/reports/latest-datasource?region=Prague | unknown parameter 'region'; /api/reports/latest-datasource takes none",
        "GET | /api/regions?x=1 | unknown parameter 'x'; /api/regions takes none",
        "GET | /api/datasources?x=1 | unknown parameter 'x'; /api/datasources takes none",
        "GET | /api/health?x=1 | unknown parameter 'x'; /api/health takes none",
        "GET | /api/ingestions?limit=1&limit=5 | limit is given more than once",
        "GET | /api/ingestions/1?x=1 | unknown parameter 'x'; /api/ingestions/1 takes none",
        "GET | /api/ingestions/1/rejects?x=1 | unknown parameter 'x'; /api/ingestions/1/rejects takes none",
        "GET | /metrics?x=1 | unknown parameter 'x'; /metrics takes none",
        "GET | /api/weekly-average?region=%C3%28 | the query string's escapes are not UTF-8: region=%C3%28",
        "GET | /api/reports/datasource-regions?datasource=%FF | the query string's escapes are not UTF-8: datasource=%FF",
        "POST | /api/ingestions?name=%FF%FE.csv | the query string's escapes are not UTF-8: name=%FF%FE.csv",
        "HEAD | /api/regions?x=1 | ",
        "POST | /api/ingestions?name=a.csv&nme=b.csv | unknown parameter 'nme'; /api/ingestions takes name",
        "GET | /api/ingestions/%ZZ | the path is not valid percent-encoding: /api/ingestions/%ZZ",
        "GET | /%ZZ | the path is not valid percent-encoding: /%ZZ"
    })
    void should_answer_a_request_it_cannot_take_as_asked_with_a_json_400(String method, String target, String error)
            throws Exception {
        String response = exchange(method, target);

        assertThat(response).startsWith("HTTP/1.1 400");
        if (method.equals("HEAD")) {
            assertThat(body(response)).isEmpty();
        } else {
            assertThat(new JsonObject(body(response)).getString("error")).isEqualTo(error);
        }
    }

    @Test
    void should_answer_a_page_that_does_not_exist_with_a_json_404() throws Exception {
        String response = exchange("GET", "/no-such-page");

        assertThat(response).startsWith("HTTP/1.1 404");
        assertThat(new JsonObject(body(response)).getString("error")).isEqualTo("no such page: GET /no-such-page");
    }

    @ParameterizedTest
    @CsvSource({"POST, /metrics", "PUT, /", "DELETE, /openapi.yaml", "POST, /docs", "PATCH, /index.html"})
    void should_answer_a_write_to_a_page_with_405_and_the_methods_it_allows(String method, String target)
            throws Exception {
        String response = exchange(method, target);

        assertThat(response).startsWith("HTTP/1.1 405");
        assertThat(response).containsIgnoringCase("\r\nallow: GET, HEAD\r\n");
        assertThat(new JsonObject(body(response)).getString("error")).isEqualTo(target + " answers GET, HEAD, not " + method);
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /api/weekly-average?region=%ZZ",
        "GET, /api/trip-groups?limit=%",
        "GET, /api/reports/datasource-regions?datasource=%ZZ",
        "GET, /api/ingestions/1?x=%ZZ",
        "GET, /api/ingestions/1/rejects?x=%ZZ",
        "POST, /api/ingestions?name=%ZZ.csv",
        "GET, /metrics?x=%ZZ"
    })
    void should_answer_a_broken_escape_in_the_query_with_a_json_400(String method, String target) throws Exception {
        String response = exchange(method, target);

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(new JsonObject(body(response)).getString("error")).startsWith("the query string is not valid percent-encoding");
    }

    @Test
    void should_answer_a_request_line_too_long_to_read_with_a_json_414() throws Exception {
        String response = exchange("GET", "/api/weekly-average?region=" + "P".repeat(5000));

        // the line was never read, so the answer cannot know the client's version and says 1.0
        assertThat(response).containsPattern("^HTTP/1\\.[01] 414 ");
        assertThat(new JsonObject(body(response)).getString("error"))
                .isEqualTo("the request line (method, path and query) is longer than the server reads (4096 bytes)");
    }

    @Test
    void should_answer_headers_too_long_to_read_with_a_json_431() throws Exception {
        String response = exchange("GET", "/api/regions", "X-Padding: " + "x".repeat(9000) + "\r\n");

        assertThat(response).containsPattern("^HTTP/1\\.[01] 431 ");
        assertThat(new JsonObject(body(response)).getString("error"))
                .isEqualTo("the request's headers are longer than the server reads (8192 bytes)");
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /api/health, application/x-www-form-urlencoded, 200",
        "GET, /api/trip-groups?limit=5, multipart/form-data; boundary=xyz, 200",
        "GET, /api/regions, text/plain, 200",
        "POST, /api/regions, application/x-www-form-urlencoded, 405",
        "PUT, /api/ingestions, text/csv, 405"
    })
    void should_answer_as_if_without_a_body_that_the_endpoint_does_not_read(String method, String target,
                                                                           String contentType, int status)
            throws Exception {
        String body = "a=" + "x".repeat(3000);
        String response = exchangeWithBody(method, target, contentType, body);

        assertThat(response).startsWith("HTTP/1.1 " + status);
        assertThat(new JsonObject(body(response)).containsKey("error")).isEqualTo(status != 200);
    }

    /** The whole answer; written by hand, since java.net.URI refuses some of these targets. */
    private String exchange(String method, String target) throws Exception {
        return exchange(method, target, "");
    }

    private String exchange(String method, String target, String moreHeaders) throws Exception {
        return exchange(method, target, "text/csv", moreHeaders, "");
    }

    private String exchangeWithBody(String method, String target, String contentType, String body) throws Exception {
        return exchange(method, target, contentType, "", body);
    }

    /** One request on a socket of its own, written as is, and the whole answer. */
    private String exchange(String method, String target, String contentType, String moreHeaders, String body)
            throws Exception {
        try (Socket socket = new Socket("localhost", fx.port())) {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = body.getBytes(UTF_8);
            out.write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\n"
                    + moreHeaders + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
            out.write(bytes);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), UTF_8);
        }
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
}
