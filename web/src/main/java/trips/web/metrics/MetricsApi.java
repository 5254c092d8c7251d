package trips.web.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import trips.web.QueryParams;
import trips.web.Replies;
import trips.web.WebRouter;

/** {@code GET /metrics}: every meter of the process in Prometheus text, for a scraper. */
public final class MetricsApi {

    private final Vertx vertx;
    private final AppMetrics metrics;

    public MetricsApi(Vertx vertx, AppMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
    }

    public void mount(Router router) {
        WebRouter.getOrHead(router, "/metrics").handler(QueryParams.only()).handler(this::handleScrape);
    }

    // off the event loop: a scrape reads every gauge, the pool's and the JVM's among them
    private void handleScrape(RoutingContext ctx) {
        vertx.executeBlocking(metrics::scrape, false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Replies.body(ctx, 200, AppMetrics.CONTENT_TYPE, Buffer.buffer(ar.result(), "UTF-8"));
        });
    }
}
