package trips.web;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import trips.TripsConfig;
import trips.analytics.AnalyticsApi;
import trips.ingest.IngestionLedger;
import trips.web.ingestions.IngestionsApi;
import trips.web.live.StatusBridge;
import trips.web.metrics.AppMetrics;
import trips.web.metrics.HttpMetrics;
import trips.web.metrics.MetricsApi;
import trips.web.upload.UploadApi;

/** The one place the HTTP routes are put together; the order of the calls below is the order of matching. */
public final class WebRouter {

    private WebRouter() {
    }

    public static Router build(Vertx vertx, WorkerExecutor dbWorker, TripsConfig config, DataSource ds,
                               IngestionLedger ledger, AppMetrics metrics) {
        Router router = Router.router(vertx);
        // first: it times every request that follows
        new HttpMetrics(metrics.registry()).mount(router);
        router.route().handler(WebRouter::typeStaticHead);
        router.route("/api/*").failureHandler(Replies::failure);
        router.route("/api/*").handler(WebRouter::requireDecodableQuery);
        router.route("/metrics").handler(WebRouter::requireDecodableQuery);
        // SockJS's XHR fallbacks (for clients a websocket cannot reach) POST the client's frames,
        // which the bridge reads from a BodyHandler; a websocket's upgrade is a GET and passes by
        router.post("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit(StatusBridge.FRAME_LIMIT));
        router.route("/eventbus/*").subRouter(StatusBridge.router(vertx, metrics.registry()));
        new MetricsApi(vertx, metrics).mount(router);

        // an upload's raw body is streamed to disk, never buffered; no other API request's body is read:
        // Vert.x drops it (a BodyHandler here made a GET with a form body a 500, a POST with one a 400)
        new UploadApi(vertx, dbWorker, ledger, config.inbox(),
                config.getLong("trips.upload.max-bytes")).mount(router);

        new HealthApi(dbWorker, ds).mount(router);
        new IngestionsApi(dbWorker, ds).mount(router);
        new AnalyticsApi(vertx, ds, config).mount(router);
        Map<Pattern, Set<String>> apiMethods = apiMethods(router);
        router.route("/api/*").handler(ctx -> handleUnknownApi(apiMethods, ctx));

        // browser libraries from their webjars (sockjs-client, swagger-ui, uplot): served here, never from a CDN
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
        // everything outside /api and the bridge is a page or a file to read: GET and HEAD only
        router.route().handler(WebRouter::requireReadMethod);
        // the dashboard; not cached, so a new version shows on the next load after a restart
        router.route().setName("static").handler(StaticHandler.create("webroot").setCachingEnabled(false));
        // what no route answers, and a path Vert.x cannot decode (%ZZ), in JSON like every other error
        router.errorHandler(404, ctx -> Replies.error(ctx, 404,
                "no such page: " + ctx.request().method() + " " + ctx.request().path()));
        router.errorHandler(400, WebRouter::handleBadRequest);
        return router;
    }

    /**
     * A 400 no route answered: Vert.x's own, for a path it cannot decode, or one a handler outside
     * /api failed with (the API answers its own through {@link Replies#failure}).
     */
    private static void handleBadRequest(RoutingContext ctx) {
        Throwable f = ctx.failure();
        Replies.error(ctx, 400, f instanceof IllegalArgumentException
                ? "the path is not valid percent-encoding: " + Replies.clip(ctx.request().uri())
                : "bad request" + (f != null && f.getMessage() != null ? ": " + Replies.clip(f.getMessage()) : ""));
    }

    /**
     * StaticHandler (the dashboard, the webjars, Swagger UI) answers a HEAD without the Content-Type
     * of its GET, which a probe (a link checker, a proxy) reads: named here, for any answer that
     * names none, the way StaticHandler names it for the GET.
     */
    private static void typeStaticHead(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.addHeadersEndHandler(v -> {
                HttpServerResponse response = ctx.response();
                if (response.getStatusCode() == 200 && !response.headers().contains(HttpHeaders.CONTENT_TYPE)) {
                    String path = ctx.normalizedPath();
                    String type = MimeMapping.mimeTypeForFilename(path.endsWith("/") ? path + "index.html" : path);
                    if (type != null) {
                        response.putHeader(HttpHeaders.CONTENT_TYPE, type.startsWith("text") ? type + ";charset=UTF-8" : type);
                    }
                }
            });
        }
        ctx.next();
    }

    private static void requireReadMethod(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            ctx.next();
        } else {
            ctx.response().putHeader("Allow", "GET, HEAD");
            Replies.error(ctx, 405, ctx.request().path() + " answers GET, HEAD, not " + method);
        }
    }

    /**
     * A route for GET and HEAD, for the endpoints outside /api (whose HEADs {@link #handleUnknownApi}
     * reroutes): a probe that only checks that a page is there gets its headers, as the dashboard's
     * static files answer. Vert.x sends whatever body a handler ends a HEAD's answer with, so the
     * handlers answer through {@link Replies#body}, which leaves it out (StaticHandler does so itself).
     */
    public static Route getOrHead(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    /**
     * A query string with a broken escape ({@code %ZZ}, a lone {@code %}) fails wherever a handler
     * first reads a parameter, as a 500 or as Vert.x's own plain-text answer: decoded once here, it
     * is a 400 that says so, on every API path and /metrics.
     */
    private static void requireDecodableQuery(RoutingContext ctx) {
        try {
            QueryParams.of(ctx);
        } catch (IllegalArgumentException | HttpException e) {
            Replies.error(ctx, 400, "the query string is not valid percent-encoding: " + ctx.request().query());
            return;
        }
        if (!QueryParams.isUtf8(ctx.request().query())) {
            // decoded, its bytes would become U+FFFD, itself a legitimate character of a stored name
            Replies.error(ctx, 400, "the query string's escapes are not UTF-8: " + Replies.clip(ctx.request().query()));
            return;
        }
        ctx.next();
    }

    /** The API routes mounted so far, as path patterns ({@code :id} any segment) and their methods. */
    private static Map<Pattern, Set<String>> apiMethods(Router router) {
        Map<Pattern, Set<String>> methods = new LinkedHashMap<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null && route.getPath().startsWith("/api/") && route.methods() != null) {
                Pattern path = Pattern.compile(route.getPath().replaceAll(":[^/]+", "[^/]+"));
                route.methods().forEach(m -> methods.computeIfAbsent(path, k -> new TreeSet<>()).add(m.name()));
            }
        }
        return methods;
    }

    /**
     * Reached when no API route took the request: a HEAD of an endpoint that answers GET is that GET;
     * 405 with Allow when the path is an endpoint that answers other methods, else 404. The catch-all
     * /api/* route keeps Vert.x from telling the two apart itself.
     */
    private static void handleUnknownApi(Map<Pattern, Set<String>> apiMethods, RoutingContext ctx) {
        String path = ctx.request().path();
        Set<String> allowed = new TreeSet<>();
        apiMethods.forEach((pattern, methods) -> {
            if (pattern.matcher(path).matches()) {
                allowed.addAll(methods);
            }
        });
        if (allowed.contains("GET") && ctx.request().method() == HttpMethod.HEAD) {
            // HEAD is GET without the body (RFC 9110), which the server leaves out of a HEAD's answer itself
            ctx.put(Replies.HEAD, true);
            ctx.reroute(HttpMethod.GET, ctx.request().uri());
        } else if (allowed.isEmpty()) {
            Replies.error(ctx, 404, "no such endpoint: " + ctx.request().method() + " " + path);
        } else {
            if (allowed.contains("GET")) {
                // every GET also answers HEAD, rerouted above
                allowed.add("HEAD");
            }
            ctx.response().putHeader("Allow", String.join(", ", allowed));
            Replies.error(ctx, 405, path + " answers " + String.join(", ", allowed) + ", not " + ctx.request().method());
        }
    }
}
