package trips.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import trips.testing.IngestionFixture;

/** The API document and Swagger UI come from the app itself, and the document lists every endpoint. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsTest {

    /** DESIGN section 4, every path. */
    private static final List<String> DESIGN_PATHS = List.of("/api/health:", "/api/ingestions:",
            "/api/ingestions/{id}:", "/api/ingestions/{id}/rejects:", "/api/weekly-average:", "/api/trip-groups:",
            "/api/regions:", "/api/datasources:", "/api/reports/latest-datasource:",
            "/api/reports/datasource-regions:", "/openapi.yaml:", "/docs:", "/metrics:");

    private IngestionFixture fx;
    private AnalyticsServer api;

    @BeforeAll
    void start() throws Exception {
        fx = new IngestionFixture();
        api = new AnalyticsServer(fx);
    }

    @AfterAll
    void close() throws Exception {
        AnalyticsServer.close(api, fx);
    }

    @Test
    void should_serve_an_openapi_document_describing_every_endpoint() throws Exception {
        AnalyticsServer.Reply doc = api.get("/openapi.yaml");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.contentType()).startsWith("application/yaml");
        assertThat(doc.body()).startsWith("openapi: 3.");
        for (String path : DESIGN_PATHS) {
            assertThat(doc.body()).as(path).contains("\n  " + path + "\n");
        }
        assertThat(doc.body()).contains("post:", "multipart/form-data", "text/csv", "\"413\"", "\"503\"");
    }

    @Test
    void should_serve_swagger_ui_from_the_webjar_pointing_at_our_document() throws Exception {
        for (String path : new String[] {"/docs", "/docs/"}) {
            AnalyticsServer.Reply page = api.get(path);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body()).contains("/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css")
                    .doesNotContain("http://", "https://");
        }
        assertThat(api.get("/docs/trips-docs.js").body()).contains("url: \"/openapi.yaml\"", "validatorUrl: null");
        AnalyticsServer.Reply bundle = api.get("/docs/swagger-ui-bundle.js");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.body().length()).isGreaterThan(100_000);
        assertThat(api.get("/docs/swagger-ui.css").status()).isEqualTo(200);
    }

    @Test
    void should_ship_the_dashboard_script_and_styles_and_the_chart_library() {
        ClassLoader cl = ApiDocsTest.class.getClassLoader();
        assertThat(cl.getResource("webroot/analytics.js")).isNotNull();
        assertThat(cl.getResource("webroot/analytics.css")).isNotNull();
        assertThat(cl.getResource("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")).isNotNull();
        assertThat(cl.getResource("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css")).isNotNull();
    }
}
