package trips.web.metrics;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import javax.sql.DataSource;

/**
 * The app's meters in Prometheus form. Its registry joins Micrometer's global one, where the engine
 * (routes) records files, rows and batch commits without knowing Prometheus; the web side's own meters
 * (HTTP, bridge clients, events), the JVM's and the pool's are registered on it directly, so they live
 * and go with this app.
 */
public final class AppMetrics implements AutoCloseable {

    /** The Prometheus text exposition format that {@link PrometheusMeterRegistry#scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public AppMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Metrics.addRegistry(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** HikariCP's own meters (hikaricp_connections_*) for the app's pool; they go when the pool closes. */
    public void bindPool(DataSource ds) {
        if (ds instanceof HikariDataSource pool) {
            pool.setMetricRegistry(registry);
        }
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        Metrics.removeRegistry(registry);
        gc.close();
        registry.close();
    }
}
