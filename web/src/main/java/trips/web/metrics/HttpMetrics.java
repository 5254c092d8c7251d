package trips.web.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Times every HTTP request, from routing to the end of its response, as {@code trips_http_requests_seconds}
 * tagged with method, status and the route that answered: its declared path ({@code /api/ingestions/:id},
 * never the raw URI) or its name, so the number of series stays small whatever clients ask for.
 * The bridge's requests are left out: a websocket or a streaming SockJS session lasts as long as the
 * client stays, which is no latency; {@code trips_sockjs_clients} counts them instead.
 */
public final class HttpMetrics {

    private final Meter.MeterProvider<Timer> requests;

    public HttpMetrics(MeterRegistry registry) {
        requests = Timer.builder("trips.http.requests")
                .description("HTTP requests by matched route, method and status")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10))
                .withRegistry(registry);
    }

    /** Must be the first route of the router: it sees every request, then passes it on. */
    public void mount(Router router) {
        router.route().handler(this::handleRequest);
    }

    private void handleRequest(RoutingContext ctx) {
        if (ctx.normalizedPath().startsWith("/eventbus/")) {
            ctx.next();
            return;
        }
        long start = System.nanoTime();
        ctx.addEndHandler(ar -> requests.withTags(Tags.of("method", ctx.request().method().name(),
                        "route", routeOf(ctx), "status", Integer.toString(ctx.response().getStatusCode())))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        ctx.next();
    }

    /**
     * Context key: the route a request counts under even when the failure handler of {@code /api/*}
     * answers it, for handlers that answer by failing (an upload refused while its body still comes).
     */
    public static final String ROUTE = "trips.metrics.route";

    /**
     * The route whose handler answered (for an API error, the failure handler's {@code /api/*}, unless
     * the request was marked with {@link #ROUTE}): a name given with setName, else the declared path
     * ({@code /api/ingestions/:id}, {@code /webjars/*}).
     */
    static String routeOf(RoutingContext ctx) {
        String marked = ctx.get(ROUTE);
        if (marked != null) {
            return marked;
        }
        Route route = ctx.currentRoute();
        if (route == null) {
            return "none";
        }
        String path = route.getPath();
        // Vert.x names a route after its path unless told otherwise
        if (route.getName() != null && !route.getName().equals(path)) {
            return route.getName();
        }
        if (path == null) {
            return "other";
        }
        return route.isExactPath() ? path : path + "*";
    }
}
