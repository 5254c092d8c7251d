package trips.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trips.db.PassingFaults;

/** How every API answer is written: JSON bodies, and errors as {@code {"error": "..."}} (DESIGN section 4). */
public final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private Replies() {
    }

    /** Nothing when the request was answered already or its client is gone (a reply after a timeout, say). */
    public static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        String text = body instanceof JsonObject o ? o.encode()
                : body instanceof io.vertx.core.json.JsonArray a ? a.encode()
                : io.vertx.core.json.Json.encode(body);
        body(ctx, status, "application/json", Buffer.buffer(text, "UTF-8"));
    }

    /**
     * The answer with this body, or for a HEAD its headers only: Vert.x would send the body of a
     * HEAD's answer, which the client never reads, and the next answer on the connection would be
     * read from the middle of it.
     */
    public static void body(RoutingContext ctx, int status, String contentType, Buffer body) {
        HttpServerResponse response = ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        if (isHead(ctx)) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())).end();
        } else {
            response.end(body);
        }
    }

    /** A HEAD is answered as its GET, without the body, which the server would send otherwise. */
    public static boolean isHead(RoutingContext ctx) {
        return ctx.request().method() == HttpMethod.HEAD || Boolean.TRUE.equals(ctx.get(HEAD));
    }

    /** Context data: the request came as a HEAD and was rerouted as its GET, which hides the method. */
    public static final String HEAD = "tripsHead";

    /** A value from the request, to echo in an error: useful up to 60 characters, not as a megabyte. */
    public static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    public static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, errorBody(message));
    }

    /** The body of every error answer, also of those written outside the router ({@code UndecodableRequests}). */
    public static JsonObject errorBody(String message) {
        return new JsonObject().put("error", message);
    }

    /** A failure a handler can raise anywhere in a chain of futures: the status and what to tell the client. */
    public static HttpException problem(int status, String message) {
        return new HttpException(status, message);
    }

    /**
     * A request that failed through no fault of its own: 503 with a Retry-After while the database is
     * away or busy for now (restarting, out of reach, no connection free in time), so that a client
     * tries again rather than report a broken server; else 500. The cause goes to the log, not to
     * the client.
     */
    public static void serverFault(RoutingContext ctx, Throwable f) {
        if (PassingFaults.isPassing(f)) {
            LOG.warn("{} {}: the database is unavailable for now: {}", ctx.request().method(), ctx.request().path(),
                    f == null ? "no cause" : f.toString());
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
            error(ctx, 503, "the database is unavailable for now; try again shortly");
        } else {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), f);
            error(ctx, 500, "internal error; see the server log");
        }
    }

    /**
     * The failure handler of every API route: a {@link HttpException} answers with its status and message,
     * anything else is a {@link #serverFault}.
     */
    public static void failure(RoutingContext ctx) {
        Throwable f = ctx.failure();
        if (ctx.response().closed() && !ctx.response().ended()) {
            // nobody left to answer (a client that hung up, an upload cut off by the idle timeout)
            LOG.info("{} {}: the connection closed before the answer ({})", ctx.request().method(),
                    ctx.request().path(), f == null ? "no cause" : f.toString());
            return;
        }
        if (ctx.response().ended()) {
            // a second failure of an answered request (a body handler whose upload was cancelled): nothing to tell
            LOG.debug("{} {} failed after its answer", ctx.request().method(), ctx.request().path(), f);
            return;
        }
        int status = f instanceof HttpException he ? he.getStatusCode() : ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status == 500 && !(f instanceof HttpException)) {
            serverFault(ctx, f);
            return;
        }
        String message = f instanceof HttpException he && he.getPayload() != null ? he.getPayload()
                : HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase();
        if (status >= 500) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), f);
        }
        error(ctx, status, message);
    }
}
