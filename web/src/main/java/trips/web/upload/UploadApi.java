package trips.web.upload;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import trips.ingest.IngestionLedger;
import trips.web.QueryParams;
import trips.web.Replies;
import trips.web.metrics.HttpMetrics;

/**
 * {@code POST /api/ingestions}: the body (raw, or the multipart field {@code file}) is streamed into a
 * file under {@code inbox/.uploads/} (a dot folder, which the engine never scans), then registered and
 * moved into {@code inbox/uploads/} in one step, and answered 202 with the ingestion id.
 */
public final class UploadApi {

    static final String PATH = "/api/ingestions";
    /** How much of a refused body is read and dropped so the client gets to read the answer, before hanging up. */
    static final long SWALLOW_BYTES = 4L << 20;
    /** Time a multipart body that has ended gets to be taken apart before it is refused. */
    static final long MULTIPART_GRACE_MS = 2000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Vertx vertx;
    private final WorkerExecutor worker;
    private final UploadLanding landing;
    private final Path receiving;
    private final long maxBytes;

    /** @param inbox the engine's inbox; {@code .uploads/} and {@code uploads/} below it must exist */
    public UploadApi(Vertx vertx, WorkerExecutor worker, IngestionLedger ledger, Path inbox,
                     long maxBytes) {
        this.vertx = vertx;
        this.worker = worker;
        this.landing = new UploadLanding(ledger, inbox.resolve("uploads"));
        this.receiving = inbox.resolve(".uploads");
        this.maxBytes = maxBytes;
    }

    /** Must come before any BodyHandler on {@code /api/*}: a raw body is read here, as a stream. */
    public void mount(Router router) {
        BodyHandler multipart = BodyHandler.create(receiving.toString())
                .setBodyLimit(maxBytes)
                .setDeleteUploadedFilesOnEnd(true);
        // refusals answer by failing, and would count under the failure handler's /api/*
        router.post(PATH).handler(ctx -> {
            ctx.put(HttpMetrics.ROUTE, PATH);
            ctx.next();
        });
        // two routes: Vert.x wants a BodyHandler first on its route, and only multipart bodies reach it
        router.post(PATH).handler(this::handleRaw);
        router.post(PATH).handler(multipart).handler(this::handleMultipart);
        // before /api/*'s failure handler, which would answer a bare "bad request"
        router.post(PATH).order(-1).failureHandler(ctx -> {
            // Netty's decoder keeps text fields in memory, up to the server's limit, and fails past it
            if (ctx.failure() instanceof IOException e && String.valueOf(e.getMessage()).startsWith("Size exceed allowed")) {
                Replies.error(ctx, 400, TEXT_FIELD);
            } else {
                ctx.next();
            }
        });
    }

    private void handleRaw(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String badQuery = QueryParams.problem(ctx, "name");
        if (badQuery != null) {
            refuse(ctx, Replies.problem(400, badQuery));
            return;
        }
        long declared = declaredLength(request);
        if (declared > maxBytes) {
            refuse(ctx, Replies.problem(413, "the upload is larger than " + maxBytes + " bytes"));
            return;
        }
        String notCsv = notATripsFile(request);
        if (notCsv != null) {
            refuse(ctx, Replies.problem(415, "the body is " + notCsv + ": send the CSV itself (text/csv, or gzip),"
                    + " or a multipart form with the field 'file'"));
            return;
        }
        if (isMultipart(request)) {
            refuseIfMultipartNeverEnds(ctx);
            ctx.next();
            return;
        }
        String name;
        try {
            name = UploadNames.clean(nameOr(ctx, defaultName(request)));
        } catch (RuntimeException e) {
            refuse(ctx, e);
            return;
        }
        // paused before anything asynchronous happens, so no byte of the body is lost meanwhile
        request.pause();
        Path part = receiving.resolve(UUID.randomUUID() + ".part");
        vertx.fileSystem().open(part.toString(), new OpenOptions().setCreateNew(true).setWrite(true))
                .compose(file -> {
                    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                        ctx.response().writeContinue();
                    }
                    return BodyToFile.copy(request, file, maxBytes);
                })
                .compose(bytes -> land(part, name, bytes))
                .onSuccess(id -> accepted(ctx, id))
                .onFailure(e -> {
                    vertx.fileSystem().delete(part.toString());
                    refuse(ctx, e);
                });
    }

    /**
     * Netty's multipart decoder waits for the closing boundary for ever: a body that ends without it
     * (a client cut off by a proxy, a hand-made request) held the request open and its part file on
     * disk. Once the body has ended, the multipart handler has {@link #MULTIPART_GRACE_MS} to answer.
     */
    private void refuseIfMultipartNeverEnds(RoutingContext ctx) {
        long[] endedAt = {0};
        long timer = vertx.setPeriodic(MULTIPART_GRACE_MS / 4, id -> {
            if (ctx.response().ended()) {
                vertx.cancelTimer(id);
            } else if (ctx.request().isEnded()) {
                long now = System.nanoTime();
                if (endedAt[0] == 0) {
                    endedAt[0] = now;
                } else if (now - endedAt[0] >= MULTIPART_GRACE_MS * 1_000_000L) {
                    vertx.cancelTimer(id);
                    ctx.fail(Replies.problem(400, "the multipart body ended without its closing boundary"));
                    // its part file is still open for the rest that never comes: cancelling closes and deletes it
                    // (after the answer: the body handler then fails the request too, which has been answered)
                    ctx.fileUploads().forEach(FileUpload::cancel);
                }
            }
        });
        ctx.addEndHandler(v -> vertx.cancelTimer(timer));
    }

    private void handleMultipart(RoutingContext ctx) {
        List<FileUpload> files = ctx.fileUploads().stream().filter(u -> "file".equals(u.name())).toList();
        if (files.size() > 1) {
            // one ingestion per request: a second file would be dropped unsaid
            throw Replies.problem(400, "one file per upload: the body holds " + files.size() + " fields 'file'");
        }
        if (files.isEmpty() && ctx.request().formAttributes().contains("file")) {
            throw textField();
        }
        FileUpload upload = files.stream().findFirst()
                .orElseThrow(() -> Replies.problem(400, "a multipart upload carries the CSV in the field 'file'"));
        String name = UploadNames.clean(nameOr(ctx, upload.fileName()));
        land(Path.of(upload.uploadedFileName()), name, upload.size())
                .onSuccess(id -> accepted(ctx, id))
                .onFailure(ctx::fail);
    }

    /** curl -F "file=<x.csv" (not "file=@x.csv") sends the CSV as a text field, which Vert.x keeps in memory. */
    private static final String TEXT_FIELD = "the field 'file' came as a text field, not a file: send the CSV as a file"
            + " part (curl -F 'file=@trips.csv')";

    private static RuntimeException textField() {
        return Replies.problem(400, TEXT_FIELD);
    }

    private Future<Long> land(Path file, String name, long bytes) {
        if (bytes == 0) {
            return Future.failedFuture(Replies.problem(400, "the upload is empty"));
        }
        return worker.executeBlocking(() -> landing.land(file, name, bytes), false);
    }

    private static void accepted(RoutingContext ctx, long id) {
        ctx.response().putHeader(HttpHeaders.LOCATION, PATH + "/" + id);
        Replies.json(ctx, 202, new JsonObject().put("id", id).put("status", "QUEUED"));
    }

    /**
     * Answers with the failure while the client may still be sending: the rest of the body is read and
     * dropped (up to {@link #SWALLOW_BYTES}) rather than left unread, since closing a socket with unread
     * data resets it and the client would lose the answer.
     */
    private static void refuse(RoutingContext ctx, Throwable failure) {
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            long[] dropped = {0};
            request.exceptionHandler(e -> { });
            request.endHandler(null);
            request.handler(buffer -> {
                dropped[0] += buffer.length();
                if (dropped[0] > SWALLOW_BYTES) {
                    request.connection().close();
                }
            });
            request.resume();
        }
        ctx.fail(failure);
    }

    /**
     * The media type of a body that cannot be a trips file (JSON, XML, HTML, images, sound, video),
     * else null: such a body was taken and then ended FAILED as a file with no header. Anything else
     * is taken, curl's default form type among them (--data-binary @trips.csv sends it).
     */
    private static String notATripsFile(HttpServerRequest request) {
        String type = mediaType(request);
        boolean never = type.equals("application/json") || type.endsWith("+json") || type.equals("application/xml")
                || type.equals("text/xml") || type.endsWith("+xml") || type.equals("text/html")
                || type.startsWith("image/") || type.startsWith("audio/") || type.startsWith("video/");
        return never ? type : null;
    }

    private static boolean isMultipart(HttpServerRequest request) {
        return mediaType(request).equals("multipart/form-data");
    }

    /** The Content-Type without its parameters, in lower case; "" when there is none. */
    private static String mediaType(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static long declaredLength(HttpServerRequest request) {
        try {
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String nameOr(RoutingContext ctx, String fallback) {
        String given = QueryParams.of(ctx).get("name");
        return given == null ? fallback : UploadNames.utf8(given);
    }

    private static String defaultName(HttpServerRequest request) {
        return "upload-" + LocalDateTime.now().format(STAMP) + (mediaType(request).contains("gzip") ? ".csv.gz" : ".csv");
    }
}
