package trips.web.upload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpServerRequest;
import trips.web.Replies;

/**
 * Copies a request body into a file as it arrives, pausing the client whenever the disk falls
 * behind, so an upload of any size costs a few buffers of memory. Fails with 413 past the limit.
 */
final class BodyToFile {

    private final HttpServerRequest request;
    private final AsyncFile file;
    private final long maxBytes;
    private final Promise<Long> done = Promise.promise();
    private long bytes;

    private BodyToFile(HttpServerRequest request, AsyncFile file, long maxBytes) {
        this.request = request;
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /** The number of bytes written once the body has ended and the file is closed. The request must be paused. */
    static Future<Long> copy(HttpServerRequest request, AsyncFile file, long maxBytes) {
        return new BodyToFile(request, file, maxBytes).run();
    }

    private Future<Long> run() {
        file.exceptionHandler(this::fail);
        request.exceptionHandler(this::fail);
        request.handler(buffer -> {
            if (done.future().isComplete()) {
                return;
            }
            bytes += buffer.length();
            if (bytes > maxBytes) {
                fail(Replies.problem(413, "the upload is larger than " + maxBytes + " bytes"));
                return;
            }
            file.write(buffer);
            if (file.writeQueueFull()) {
                request.pause();
                file.drainHandler(v -> request.resume());
            }
        });
        request.endHandler(v -> file.close().onComplete(ar -> {
            if (ar.succeeded()) {
                done.tryComplete(bytes);
            } else {
                done.tryFail(ar.cause());
            }
        }));
        request.resume();
        return done.future();
    }

    private void fail(Throwable cause) {
        if (done.tryFail(cause)) {
            file.close();
        }
    }
}
