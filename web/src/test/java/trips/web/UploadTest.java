package trips.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** POST /api/ingestions on the app in this JVM: accepted bodies become ingestions, bad ones are refused. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadTest {

    private AppFixture fx;
    private Vertx client;
    private BridgeClient program;

    @BeforeAll
    void start() throws Exception {
        fx = new AppFixture();
        client = Vertx.vertx();
        program = BridgeClient.connect(client, fx.port()).listen("trips.ingestions");
    }

    @AfterAll
    void stop() throws Exception {
        program.close();
        TripsApp.await(client.close());
        fx.close();
    }

    @Test
    void should_accept_a_raw_csv_body_and_ingest_it_under_the_id_it_answered() throws Exception {
        Path file = TripFiles.write(fx.staging().resolve("raw-source.csv"), 5_000, 4, 21);

        HttpResponse<String> r = Http.post(fx.url("/api/ingestions?name=raw-upload.csv"), "text/csv",
                BodyPublishers.ofFile(file));

        assertThat(r.statusCode()).isEqualTo(202);
        long id = Http.json(r).getLong("id");
        assertThat(Http.json(r)).isEqualTo(new JsonObject().put("id", id).put("status", "QUEUED"));
        assertThat(r.headers().firstValue("location")).hasValue("/api/ingestions/" + id);
        JsonObject end = program.awaitEnd("raw-upload.csv", Duration.ofMinutes(1));
        assertThat(program.eventsOf("raw-upload.csv")).extracting(e -> e.getLong("id")).containsOnly(id);
        assertThat(end.getString("type")).isEqualTo("COMPLETED");
        assertThat(end.getLong("rowsLoaded")).isEqualTo(5_000);
        assertThat(end.getLong("rowsRejected")).isEqualTo(4);
        assertThat(end.getLong("bytesTotal")).isEqualTo(Files.size(file));
        JsonObject stored = Http.json(Http.get(fx.url("/api/ingestions/" + id)));
        assertThat(stored.getString("source")).isEqualTo("http");
        assertThat(stored.getString("file")).isEqualTo("raw-upload.csv");
        assertThat(stored.getString("status")).isEqualTo("COMPLETED");
        assertThat(fx.db.count("SELECT count(*) FROM trip WHERE ingestion_id = " + id)).isEqualTo(5_000);
    }

    @Test
    void should_accept_the_multipart_field_file_and_clean_its_name() throws Exception {
        byte[] csv = Files.readAllBytes(TripFiles.write(fx.staging().resolve("mp.csv"), 300, 0, 22));

        HttpResponse<String> r = Http.postMultipart(fx.url("/api/ingestions"), "file", "my trips (1).csv", csv);

        assertThat(r.statusCode()).isEqualTo(202);
        long id = Http.json(r).getLong("id");
        JsonObject end = program.awaitEnd("my_trips__1_.csv", Duration.ofMinutes(1));
        assertThat(end.getLong("id")).isEqualTo(id);
        assertThat(end.getLong("rowsLoaded")).isEqualTo(300);
    }

    @Test
    void should_keep_the_letters_of_any_script_in_an_uploaded_name() throws Exception {
        byte[] csv = Files.readAllBytes(TripFiles.write(fx.staging().resolve("zu.csv"), 200, 0, 23));

        HttpResponse<String> multipart = Http.postMultipart(fx.url("/api/ingestions"), "file", "Zürich été.csv", csv);
        HttpResponse<String> raw = Http.post(fx.url("/api/ingestions?name=" + Http.encode("Praha č.2.csv")), "text/csv",
                BodyPublishers.ofByteArray(Files.readAllBytes(TripFiles.write(fx.staging().resolve("cz.csv"), 200, 0, 24))));

        assertThat(multipart.statusCode()).isEqualTo(202);
        assertThat(raw.statusCode()).isEqualTo(202);
        assertThat(program.awaitEnd("Zürich_été.csv", Duration.ofMinutes(1)).getLong("id"))
                .isEqualTo(Http.json(multipart).getLong("id"));
        assertThat(program.awaitEnd("Praha_č.2.csv", Duration.ofMinutes(1)).getLong("id"))
                .isEqualTo(Http.json(raw).getLong("id"));
    }

    @Test
    void should_refuse_a_multipart_body_that_ends_without_its_closing_boundary_and_keep_nothing() throws Exception {
        String body = "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.csv\"\r\n\r\n"
                + "region,origin_coord\r\n";
        String response;
        try (java.net.Socket socket = new java.net.Socket("localhost", fx.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/ingestions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        assertThat(response).startsWith("HTTP/1.1 400").contains("closing boundary");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (var parts = Files.list(fx.inbox.resolve(".uploads"))) {
                assertThat(parts).isEmpty();
            }
        });
    }

    @Test
    void should_accept_a_gzip_body() throws Exception {
        Path plain = TripFiles.write(fx.staging().resolve("gz.csv"), 1_000, 0, 23);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(Files.readAllBytes(plain));
        }

        HttpResponse<String> r = Http.post(fx.url("/api/ingestions?name=zipped.csv.gz"), "application/gzip",
                BodyPublishers.ofByteArray(gz.toByteArray()));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(program.awaitEnd("zipped.csv.gz", Duration.ofMinutes(1)).getLong("rowsLoaded")).isEqualTo(1_000);
    }

    @Test
    void should_refuse_names_that_leave_the_inbox_hide_or_are_not_csv() throws Exception {
        long before = fx.db.count("SELECT count(*) FROM ingestion");
        for (String name : List.of("../x.csv", "/etc/passwd", "a.txt", "..\\x.csv", "sub/x.csv", ".hidden.csv",
                "C:x.csv", ".csv", "")) {
            HttpResponse<String> raw = Http.post(fx.url("/api/ingestions?name=" + Http.encode(name)), "text/csv",
                    BodyPublishers.ofString(TripFiles.HEADER + "\n"));

            assertThat(raw.statusCode()).as("raw %s", name).isEqualTo(400);
            assertThat(Http.json(raw).getString("error")).as(name).isNotBlank();
        }
        // ("C:x.csv" is not among these: Vert.x's multipart decoder already turns the ':' into '_')
        for (String name : List.of("../x.csv", "/etc/passwd", "a.txt", "..\\x.csv", "sub/x.csv", ".hidden.csv")) {
            HttpResponse<String> multipart = Http.postMultipart(fx.url("/api/ingestions"), "file", name,
                    (TripFiles.HEADER + "\n").getBytes());

            assertThat(multipart.statusCode()).as("multipart %s", name).isEqualTo(400);
        }
        assertThat(fx.db.count("SELECT count(*) FROM ingestion")).isEqualTo(before);
        assertThat(filesIn(fx.inbox.resolve(".uploads"))).isEmpty();
    }

    @Test
    void should_refuse_an_empty_body_and_a_multipart_without_the_file_field() throws Exception {
        HttpResponse<String> empty = Http.post(fx.url("/api/ingestions?name=empty.csv"), "text/csv",
                BodyPublishers.noBody());
        HttpResponse<String> wrongField = Http.postMultipart(fx.url("/api/ingestions"), "document", "x.csv",
                (TripFiles.HEADER + "\n").getBytes());

        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(wrongField.statusCode()).isEqualTo(400);
        assertThat(Http.json(wrongField).getString("error")).contains("'file'");
    }

    @Test
    void should_refuse_a_body_whose_type_says_it_is_no_trips_file_and_keep_nothing() throws Exception {
        long before = fx.db.count("SELECT count(*) FROM ingestion");
        for (String type : new String[] {"application/json", "application/json; charset=utf-8", "text/html",
                "application/problem+xml", "image/png"}) {
            HttpResponse<String> r = Http.post(fx.url("/api/ingestions?name=x.csv"), type,
                    BodyPublishers.ofString("{\"a\": 1}"));

            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(Http.json(r).getString("error")).as(type).startsWith("the body is ").contains("text/csv");
        }
        assertThat(fx.db.count("SELECT count(*) FROM ingestion")).isEqualTo(before);
        assertThat(filesIn(fx.inbox.resolve(".uploads"))).isEmpty();
        // curl's --data-binary sends its form type: still taken as the CSV it is
        assertThat(Http.post(fx.url("/api/ingestions?name=form-typed.csv"), "application/x-www-form-urlencoded",
                BodyPublishers.ofString(TripFiles.HEADER + "\n")).statusCode()).isEqualTo(202);
    }

    /** curl -F "file=<x.csv" sends the CSV as a text field: said so, whatever its size, and nothing is kept. */
    @Test
    void should_tell_a_csv_sent_as_a_text_field_to_come_as_a_file_part() throws Exception {
        String boundary = "text-field-boundary";
        long before = fx.db.count("SELECT count(*) FROM ingestion");
        for (int rows : new int[] {3, 2000}) {
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"
                    + TripFiles.HEADER + "\n" + "Prague,POINT (14.4 50.0),POINT (14.5 50.1),2018-05-28 09:03:40,funny_car\n".repeat(rows)
                    + "\r\n--" + boundary + "--\r\n";

            HttpResponse<String> r = Http.post(fx.url("/api/ingestions"), "multipart/form-data; boundary=" + boundary,
                    BodyPublishers.ofString(body));

            assertThat(r.statusCode()).as(rows + " rows").isEqualTo(400);
            assertThat(Http.json(r).getString("error")).as(rows + " rows")
                    .isEqualTo("the field 'file' came as a text field, not a file: send the CSV as a file part (curl -F 'file=@trips.csv')");
        }
        assertThat(fx.db.count("SELECT count(*) FROM ingestion")).isEqualTo(before);
    }

    @Test
    void should_refuse_a_multipart_body_with_two_files_rather_than_drop_one() throws Exception {
        String boundary = "two-files-boundary";
        String part = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + TripFiles.HEADER + "\n\r\n";
        String body = part.formatted("one.csv") + part.formatted("two.csv") + "--" + boundary + "--\r\n";
        long before = fx.db.count("SELECT count(*) FROM ingestion");

        HttpResponse<String> r = Http.post(fx.url("/api/ingestions"), "multipart/form-data; boundary=" + boundary,
                BodyPublishers.ofString(body));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.json(r).getString("error")).contains("one file per upload");
        assertThat(fx.db.count("SELECT count(*) FROM ingestion")).isEqualTo(before);
    }

    @Test
    void should_leave_files_alone_while_they_are_in_the_uploads_dot_folder() throws Exception {
        Path receiving = TripFiles.write(fx.inbox.resolve(".uploads").resolve("not-yet.csv"), 10, 0, 24);

        // longer than a poll, the read lock's minimum age and its check interval together
        Thread.sleep(2_000);

        assertThat(receiving).exists();
        assertThat(fx.db.count("SELECT count(*) FROM ingestion WHERE file = 'not-yet.csv'")).isZero();
        Files.delete(receiving);
    }

    private static List<Path> filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
