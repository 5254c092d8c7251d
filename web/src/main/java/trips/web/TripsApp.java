package trips.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.BindException;
import java.nio.file.Files;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trips.TripsConfig;
import trips.TripsEngine;
import trips.db.Database;
import trips.events.IngestionEvents;
import trips.events.LoggingIngestionEvents;
import trips.ingest.AbandonedUploads;
import trips.ingest.IngestionLedger;
import trips.web.cluster.ClusterSettings;
import trips.web.cluster.ClusteredVertx;
import trips.web.live.EventBusIngestionEvents;
import trips.web.metrics.AppMetrics;

/**
 * The whole platform in one process: the database, one Vert.x with the HTTP server and the SockJS
 * bridge, and the ingestion engine publishing on its event bus. Started as one chain of futures that
 * fails on the first error and closes whatever had started; {@link Main} and the tests both use it.
 * With trips.cluster on, the Vert.x is clustered (its event bus spans the nodes) before anything else
 * starts; the rest is the same on every node.
 */
public final class TripsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TripsApp.class);

    private final TripsConfig config;
    private final Vertx vertx;
    private final AppMetrics metrics;
    private Database database;
    private WorkerExecutor dbWorker;
    private HttpServer server;
    private TripsEngine engine;

    private TripsApp(TripsConfig config, Vertx vertx, AppMetrics metrics) {
        this.config = config;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /**
     * Starts everything or nothing: on the first failure whatever had started is closed again and the
     * failure is thrown, with the message of its cause (e.g. "cannot reach PostgreSQL at ...").
     */
    public static TripsApp start(TripsConfig config) {
        ClusterSettings cluster = ClusterSettings.of(config);
        if (cluster.enabled()) {
            // before the message below, which would blame the Hazelcast port for this node's host or bus port
            ClusteredVertx.checkOwnAddresses(cluster);
        }
        AppMetrics metrics = new AppMetrics();
        Vertx vertx;
        try {
            vertx = cluster.enabled() ? await(ClusteredVertx.start(cluster, metrics.registry())) : Vertx.builder().build();
        } catch (RuntimeException e) {
            metrics.close();
            throw new IllegalStateException("cannot join the cluster '" + cluster.name() + "' on port "
                    + cluster.port() + ": " + e.getMessage(), e);
        }
        TripsApp app = new TripsApp(config, vertx, metrics);
        try {
            await(app.startAll());
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    // HTTP before the engine: a port already taken fails start-up before any file is touched, and the
    // first events of files already waiting in the inbox find the bridge listening.
    private Future<Void> startAll() {
        return vertx.executeBlocking(this::startDatabase)
                .compose(v -> startHttp())
                .compose(v -> vertx.executeBlocking(this::startEngine));
    }

    private Void startDatabase() throws Exception {
        database = Database.start(config);
        metrics.bindPool(database.dataSource());
        // the uploads' folders exist before the first request: .uploads receives, uploads is where they land
        Files.createDirectories(config.inbox().resolve(".uploads"));
        Files.createDirectories(config.inbox().resolve("uploads"));
        AbandonedUploads.delete(config.inbox().resolve(".uploads"), AbandonedUploads.IDLE);
        return null;
    }

    private Future<Void> startHttp() {
        dbWorker = vertx.createSharedWorkerExecutor("trips-db", config.getInt("trips.db.pool-size"));
        DataSource ds = database.dataSource();
        return vertx.createHttpServer(new HttpServerOptions().setPort(config.httpPort())
                        .setIdleTimeout(config.getInt("trips.http.idle-timeout-s")))
                .requestHandler(WebRouter.build(vertx, dbWorker, config, ds, new IngestionLedger(ds), metrics))
                .invalidRequestHandler(UndecodableRequests::answer)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    LOG.info("listening on http://localhost:{}/ (dashboard), /api, /eventbus", s.actualPort());
                })
                .recover(e -> Future.failedFuture(e instanceof BindException
                        ? TripsConfig.portTaken("trips.http.port", config.httpPort(), e) : e))
                .mapEmpty();
    }

    private Void startEngine() throws Exception {
        IngestionEvents events = IngestionEvents.all(
                new EventBusIngestionEvents(vertx.eventBus(), metrics.registry()), new LoggingIngestionEvents());
        // every file of the inbox door is "inbox"; uploads were registered with their own source beforehand
        engine = TripsEngine.start(config, database.dataSource(), events, path -> "inbox");
        LOG.info("watching {}", config.inbox());
        return null;
    }

    public int port() {
        return server.actualPort();
    }

    public Vertx vertx() {
        return vertx;
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    public TripsConfig config() {
        return config;
    }

    /** Stops everything, the HTTP server first; blocks, so never call it from an event loop. */
    @Override
    public void close() {
        try {
            await(stopAll());
        } catch (RuntimeException e) {
            LOG.warn("did not stop cleanly: {}", e.toString());
        } finally {
            // awaited apart from the chain above: listeners of a closed Vert.x's futures may never run
            try {
                await(vertx.close());
            } finally {
                metrics.close();
            }
        }
    }

    // in reverse order of start: no upload or client arrives while the engine and the pool wind down
    private Future<Void> stopAll() {
        Future<Void> http = server == null ? Future.succeededFuture() : server.close();
        return http.recover(e -> Future.succeededFuture())
                .compose(v -> vertx.executeBlocking(this::stopEngineAndDatabase))
                .eventually(() -> dbWorker == null ? Future.succeededFuture() : dbWorker.close());
    }

    /** Waits for a future from outside Vert.x; its failure is rethrown unchecked, as it was raised. */
    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within 5 minutes", e);
        }
    }

    private Void stopEngineAndDatabase() {
        try {
            if (engine != null) {
                engine.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("engine did not stop cleanly: {}", e.toString());
        }
        if (database != null) {
            database.close();
        }
        return null;
    }
}
