package trips.analytics;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import trips.TripsConfig;
import trips.testing.IngestionFixture;

/**
 * A real Vert.x HTTP server on port 0 whose router holds only the analytics routes, and a plain
 * HTTP client to call it: the HTTP layer is tested for real without the web module's Main.
 */
final class AnalyticsServer implements AutoCloseable {

    record Reply(int status, String contentType, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final AutoCloseable owned;

    /** Serves the fixture's database; closing the server closes the fixture too. */
    AnalyticsServer(IngestionFixture fx) throws Exception {
        this(fx.database.dataSource(), fx.config, fx);
    }

    AnalyticsServer(DataSource ds, TripsConfig config) throws Exception {
        this(ds, config, null);
    }

    private AnalyticsServer(DataSource ds, TripsConfig config, AutoCloseable owned) throws Exception {
        this.owned = owned;
        Router router = Router.router(vertx);
        new AnalyticsApi(vertx, ds, config).mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    Reply get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + server.actualPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
    }

    /** GET without waiting for the answer. */
    java.util.concurrent.CompletableFuture<Reply> getAsync(String pathAndQuery) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + server.actualPort() + pathAndQuery))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Reply(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body()));
    }

    /** GET that must answer 200 with JSON. */
    JsonObject json(String pathAndQuery) throws Exception {
        Reply r = get(pathAndQuery);
        if (r.status() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** Tear-down of a test class: the server with its fixture, or the fixture alone if the server never started. */
    static void close(AnalyticsServer api, IngestionFixture fx) throws Exception {
        if (api != null) {
            api.close();
        } else if (fx != null) {
            fx.close();
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            if (owned != null) {
                owned.close();
            }
        }
    }
}
