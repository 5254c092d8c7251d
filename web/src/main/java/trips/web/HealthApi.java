package trips.web;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * {@code GET /api/health}: UP when a pooled connection answers within two seconds, else 503 DOWN.
 * The pool may wait far longer for a dead database (its connection timeout), so the answer does not
 * wait for the check; at most one check runs at a time, however often a load balancer asks.
 */
public final class HealthApi {

    static final long ANSWER_WITHIN_MS = 2000;

    private final WorkerExecutor worker;
    private final DataSource ds;
    private Future<Void> inFlight;

    public HealthApi(WorkerExecutor worker, DataSource ds) {
        this.worker = worker;
        this.ds = ds;
    }

    public void mount(Router router) {
        router.get("/api/health").handler(QueryParams.only()).handler(this::handleHealth);
    }

    private void handleHealth(RoutingContext ctx) {
        check().timeout(ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS).onComplete(ar -> {
            String state = ar.succeeded() ? "UP" : "DOWN";
            if (ar.failed()) {
                // as every other 503 of the API: a probe or a client tries again rather than give up
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
            }
            Replies.json(ctx, ar.succeeded() ? 200 : 503, new JsonObject().put("status", state).put("database", state));
        });
    }

    private synchronized Future<Void> check() {
        if (inFlight == null) {
            Future<Void> started = worker.executeBlocking(this::ping, false);
            inFlight = started;
            started.onComplete(ar -> done());
            return started;
        }
        return inFlight;
    }

    private synchronized void done() {
        inFlight = null;
    }

    private Void ping() throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (!c.isValid((int) TimeUnit.MILLISECONDS.toSeconds(ANSWER_WITHIN_MS))) {
                throw new SQLException("the database did not answer");
            }
            return null;
        }
    }
}
