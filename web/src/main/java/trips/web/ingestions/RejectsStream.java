package trips.web.ingestions;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an ingestion's rejects into an HTTP response page by page: the next page is read only once
 * the client has taken the previous one, so neither side ever holds more than a page.
 */
final class RejectsStream {

    private static final Logger LOG = LoggerFactory.getLogger(RejectsStream.class);
    static final String HEADER = "line,reason,raw\r\n";

    private final WorkerExecutor worker;
    private final DataSource ds;
    private final long id;
    private final HttpServerResponse response;
    private final boolean head;
    private boolean clientGone;

    /** @param head a HEAD: the headers of the answer, not its rows */
    RejectsStream(WorkerExecutor worker, DataSource ds, long id, HttpServerResponse response, boolean head) {
        this.head = head;
        this.worker = worker;
        this.ds = ds;
        this.id = id;
        this.response = response;
    }

    /** Runs on the response's event loop, as every step after it does. */
    void start() {
        response.closeHandler(v -> clientGone = true);
        response.setChunked(true)
                .putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"ingestion-" + id + "-rejects.csv\"");
        if (head) {
            response.end();
            return;
        }
        response.write(HEADER);
        next(RejectsPages.Position.START);
    }

    private void next(RejectsPages.Position after) {
        if (clientGone) {
            return;
        }
        worker.executeBlocking(() -> RejectsPages.read(ds, id, after), false).onComplete(ar -> {
            if (clientGone) {
                return;
            }
            if (ar.failed()) {
                LOG.warn("rejects of ingestion {} broken off: {}", id, ar.cause().toString());
                response.reset();
                return;
            }
            RejectsPages.Page page = ar.result();
            if (page.last()) {
                response.end(page.csv());
            } else {
                response.write(page.csv());
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> {
                        response.drainHandler(null);
                        next(page.next());
                    });
                } else {
                    next(page.next());
                }
            }
        });
    }
}
