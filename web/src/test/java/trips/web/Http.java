package trips.web;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** A plain HTTP/1.1 client for the API tests. */
public final class Http {

    private static volatile HttpClient client = newClient();

    private Http() {
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Forgets every pooled connection; fixtures call it when their server stops, so that a restart on
     * the same port (or the next server on a port the OS gives out again) is never sent a request over
     * a connection the stopped server closed before the client saw the close.
     */
    static void forgetConnections() {
        client = newClient();
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build());
    }

    static HttpResponse<String> post(String url, String contentType, BodyPublisher body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", contentType).POST(body).build());
    }

    /**
     * Sends a GET once more when the connection closes before any byte of an answer, as browsers
     * do with a pooled connection found dead: a server's idle timeout can close one too. Never a
     * POST: it may have been taken in already, and sending it again could hide an upload ingested
     * twice.
     */
    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return client.send(request, BodyHandlers.ofString());
        } catch (IOException e) {
            if (!request.method().equals("GET") || !String.valueOf(e.getMessage()).contains("header parser received no bytes")) {
                throw e;
            }
            return client.send(request, BodyHandlers.ofString());
        }
    }

    /** A multipart/form-data body with one file field; small files only (it is built in memory). */
    static HttpResponse<String> postMultipart(String url, String field, String fileName, byte[] content)
            throws IOException, InterruptedException {
        String boundary = "trips-test-boundary-7d3a";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(UTF_8));
        return post(url, "multipart/form-data; boundary=" + boundary, BodyPublishers.ofByteArray(body.toByteArray()));
    }

    static JsonObject json(HttpResponse<String> response) {
        return new JsonObject(response.body());
    }

    static JsonArray jsonArray(HttpResponse<String> response) {
        return new JsonArray(response.body());
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, UTF_8);
    }
}
