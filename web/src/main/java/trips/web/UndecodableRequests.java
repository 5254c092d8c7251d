package trips.web;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests the HTTP decoder could not read, which never reach the router: the statuses Vert.x's own
 * handler gives (414, 431, else 400) and the connection closed as it does, but with the JSON error
 * every other answer has, where Vert.x sends an empty body.
 */
final class UndecodableRequests {

    private UndecodableRequests() {
    }

    static void answer(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "the request line (method, path and query) is longer than the server reads ("
                    + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH + " bytes)";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "the request's headers are longer than the server reads ("
                    + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE + " bytes)";
        } else {
            status = 400;
            message = "the request is not valid HTTP/1.x" + (cause == null ? "" : ": " + Replies.clip(String.valueOf(cause.getMessage())));
        }
        request.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Replies.errorBody(message).encode())
                .onComplete(done -> request.connection().close());
    }
}
