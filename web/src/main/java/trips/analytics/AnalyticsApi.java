package trips.analytics;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import trips.TripsConfig;
import trips.web.QueryParams;
import trips.web.Replies;

/**
 * The analytics endpoints (DESIGN section 4), mounted on the router the web module builds.
 * Parameters are checked on the event loop (no I/O); every query runs on a worker pool of its own,
 * sized below the connection pool so that analytics can never take every connection from loading.
 */
public final class AnalyticsApi {


    /** Concurrent box and group queries; the rest wait in the worker queue, not in the connection pool. */
    static final int WORKERS = 3;
    /**
     * Concurrent answers from the small aggregates (a region's days, the lists, the reports): a worker
     * of their own, so that they take milliseconds even while boxes that read trips by the million
     * hold every worker above (24 such boxes at once held /api/regions for over 30 s).
     */
    static final int LIGHT_WORKERS = 1;

    private final Vertx vertx;
    private final DataSource ds;
    private final TripsConfig config;
    private final WeeklyAverageQuery weekly;
    private final TripGroupsQuery groups;
    private final ReportsQuery reports;
    private WorkerExecutor worker;
    private WorkerExecutor light;

    public AnalyticsApi(Vertx vertx, DataSource ds, TripsConfig config) {
        this.vertx = vertx;
        this.ds = ds;
        this.config = config;
        this.weekly = new WeeklyAverageQuery(ds);
        this.groups = new TripGroupsQuery(ds, config.groupPrecision(), config.bucketMinutes());
        this.reports = new ReportsQuery(ds);
    }

    /** Registers the analytics routes; called once by the web module after its BodyHandler. */
    public void mount(Router router) {
        worker = vertx.createSharedWorkerExecutor("trips-analytics", WORKERS);
        light = vertx.createSharedWorkerExecutor("trips-analytics-light", LIGHT_WORKERS);
        router.get("/api/weekly-average").handler(QueryParams.only("region", "bbox", "match", "from", "to"))
                .handler(this::handleWeeklyAverage);
        router.get("/api/trip-groups")
                .handler(QueryParams.only("region", "limit", "minTrips", "precision", "bucketMinutes"))
                .handler(this::handleTripGroups);
        router.get("/api/regions").handler(QueryParams.only()).handler(ctx -> respond(ctx, light, reports::regions));
        router.get("/api/datasources").handler(QueryParams.only()).handler(ctx -> respond(ctx, light, reports::datasources));
        router.get("/api/reports/latest-datasource").handler(QueryParams.only())
                .handler(ctx -> respond(ctx, light, reports::latestDatasource));
        router.get("/api/reports/datasource-regions").handler(QueryParams.only("datasource"))
                .handler(this::handleDatasourceRegions);
        new ApiDocs().mount(router);
    }

    private void handleWeeklyAverage(RoutingContext ctx) {
        AnalyticsParams.WeeklyRequest request;
        try {
            request = params(ctx).weekly();
        } catch (ApiException e) {
            refuse(ctx, e);
            return;
        }
        respond(ctx, request.box() == null ? light : worker, () -> weekly.answer(request));
    }

    private void handleTripGroups(RoutingContext ctx) {
        AnalyticsParams.GroupsRequest request;
        try {
            request = params(ctx).groups(config.groupPrecision(), config.bucketMinutes());
        } catch (ApiException e) {
            refuse(ctx, e);
            return;
        }
        respond(ctx, worker, () -> groups.answer(request));
    }

    private void handleDatasourceRegions(RoutingContext ctx) {
        String datasource;
        try {
            datasource = params(ctx).name("datasource");
        } catch (ApiException e) {
            refuse(ctx, e);
            return;
        }
        respond(ctx, light, () -> reports.datasourceRegions(datasource));
    }

    private static AnalyticsParams params(RoutingContext ctx) {
        return new AnalyticsParams(QueryParams.of(ctx)::get);
    }

    /** Unordered: answers to different requests need not wait for each other. */
    private void respond(RoutingContext ctx, WorkerExecutor on, Callable<JsonObject> query) {
        on.executeBlocking(query, false).onComplete(done -> {
            if (done.succeeded()) {
                Replies.json(ctx, 200, done.result());
            } else if (done.cause() instanceof ApiException e) {
                refuse(ctx, e);
            } else {
                Replies.serverFault(ctx, done.cause());
            }
        });
    }

    private static void refuse(RoutingContext ctx, ApiException e) {
        Replies.error(ctx, e.status, e.getMessage());
    }
}
