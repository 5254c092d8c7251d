package trips.analytics;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import javax.sql.DataSource;
import trips.TripsConfig;

/** The analytics endpoints (DESIGN section 4), mounted on the router the web module builds. */
public final class AnalyticsApi {

    private final Vertx vertx;
    private final DataSource ds;
    private final TripsConfig config;

    public AnalyticsApi(Vertx vertx, DataSource ds, TripsConfig config) {
        this.vertx = vertx;
        this.ds = ds;
        this.config = config;
    }

    /** Registers the analytics routes; called once by the web module after its BodyHandler. */
    public void mount(Router router) {
        // filled in by the analytics issue
    }
}
