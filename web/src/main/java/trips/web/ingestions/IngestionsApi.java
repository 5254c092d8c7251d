package trips.web.ingestions;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import javax.sql.DataSource;
import trips.web.QueryParams;
import trips.web.Replies;

/**
 * {@code GET /api/ingestions}, {@code /api/ingestions/{id}} and {@code /api/ingestions/{id}/rejects}
 * (DESIGN section 4). Every query runs on the database worker pool, never on the event loop.
 */
public final class IngestionsApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final WorkerExecutor worker;
    private final DataSource ds;
    private final IngestionStore store;

    public IngestionsApi(WorkerExecutor worker, DataSource ds) {
        this.worker = worker;
        this.ds = ds;
        this.store = new IngestionStore(ds);
    }

    public void mount(Router router) {
        router.get("/api/ingestions").handler(QueryParams.only("limit")).handler(this::handleList);
        router.get("/api/ingestions/:id").handler(QueryParams.only()).handler(this::handleOne);
        router.get("/api/ingestions/:id/rejects").handler(QueryParams.only()).handler(this::handleRejects);
    }

    private void handleList(RoutingContext ctx) {
        int limit = limit(QueryParams.of(ctx).get("limit"));
        worker.executeBlocking(() -> store.recent(limit), false)
                .onSuccess(rows -> Replies.json(ctx, 200, new JsonArray(rows)))
                .onFailure(ctx::fail);
    }

    private void handleOne(RoutingContext ctx) {
        long id = id(ctx.pathParam("id"));
        worker.executeBlocking(() -> store.find(id), false)
                .onSuccess(found -> found.ifPresentOrElse(row -> Replies.json(ctx, 200, row),
                        () -> Replies.error(ctx, 404, "no ingestion " + id)))
                .onFailure(ctx::fail);
    }

    private void handleRejects(RoutingContext ctx) {
        long id = id(ctx.pathParam("id"));
        worker.executeBlocking(() -> RejectsPages.exists(ds, id), false)
                .onSuccess(exists -> {
                    if (exists) {
                        new RejectsStream(worker, ds, id, ctx.response(), Replies.isHead(ctx)).start();
                    } else {
                        Replies.error(ctx, 404, "no ingestion " + id);
                    }
                })
                .onFailure(ctx::fail);
    }

    static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        throw Replies.problem(400, "limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + raw + "'");
    }

    static long id(String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Replies.problem(400, "an ingestion id is a positive whole number, not '" + raw + "'");
    }
}
