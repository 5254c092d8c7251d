package trips.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A query string with a broken percent-escape is a client's mistake: a JSON 400 that says so, on every API path. */
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
    @CsvSource({
        "GET, /api/weekly-average?region=%ZZ",
        "GET, /api/trip-groups?limit=%",
        "GET, /api/reports/datasource-regions?datasource=%ZZ",
        "GET, /api/ingestions/1?x=%ZZ",
        "GET, /api/ingestions/1/rejects?x=%ZZ",
        "POST, /api/ingestions?name=%ZZ.csv"
    })
    void should_answer_a_broken_escape_in_the_query_with_a_json_400(String method, String target) throws Exception {
        // java.net.URI refuses such a target, so the request is written by hand
        try (Socket socket = new Socket("localhost", fx.port())) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), UTF_8);

            assertThat(response).startsWith("HTTP/1.1 400");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertThat(new JsonObject(body).getString("error")).startsWith("the query string is not valid percent-encoding");
        }
    }
}
