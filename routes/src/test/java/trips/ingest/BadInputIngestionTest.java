package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import trips.events.IngestionEvent;
import trips.testing.Bytes;
import trips.testing.IngestionFixture;
import trips.testing.Logs;

/** Every kind of bad row and bad file of the ingestion issue, each with its exact outcome. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIngestionTest {

    static final String HEADER = "region,origin_coord,destination_coord,datetime,datasource\n";
    static final String GOOD = "Prague,POINT (14.4973794438195 50.00136875782316),POINT (14.43109483523328 50.04052930943246),"
            + "2018-05-28 09:03:40,funny_car\n";

    private IngestionFixture fx;

    @BeforeAll
    void start() throws Exception {
        fx = new IngestionFixture(Map.of("trips.ingest.batch-size", "50"));
    }

    @AfterAll
    void close() throws Exception {
        fx.close();
    }

    private List<String> rejects(long id) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = fx.db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT line || ': ' || reason FROM ingestion_reject WHERE ingestion_id = ? ORDER BY line")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private long tripsOf(long id) throws Exception {
        return fx.db.count("SELECT count(*) FROM trip WHERE ingestion_id = " + id);
    }

    @Test
    void should_reject_each_bad_row_with_its_line_and_reason_and_load_the_rest() throws Exception {
        String p = "POINT (14.43 50.04)";
        String text = HEADER
                + GOOD                                                                   // 2
                + "Prague," + p + "," + p + ",2018-05-28 09:03:40\n"                     // 3 missing field
                + "Prague," + p + "," + p + ",2018-05-28 09:03:40,funny_car,extra\n"     // 4 extra field
                + "," + p + "," + p + ",2018-05-28 09:03:40,funny_car\n"                 // 5 empty region
                + "Prague,POINT 14.43 50.04)," + p + ",2018-05-28 09:03:40,funny_car\n"  // 6 missing parenthesis
                + "Prague,POINT (14.43)," + p + ",2018-05-28 09:03:40,funny_car\n"      // 7 one coordinate
                + "Prague,POINT (abc 50.04)," + p + ",2018-05-28 09:03:40,funny_car\n"  // 8 letters
                + "Prague,POINT (NaN 50.04)," + p + ",2018-05-28 09:03:40,funny_car\n"  // 9 NaN
                + "Prague," + p + ",POINT (14.43 Infinity),2018-05-28 09:03:40,funny_car\n" // 10 Infinity
                + "Prague,POINT (181.5 50.04)," + p + ",2018-05-28 09:03:40,funny_car\n" // 11 longitude range
                + "Prague," + p + ",POINT (14.43 -90.5),2018-05-28 09:03:40,funny_car\n" // 12 latitude range
                + "Prague," + p + "," + p + ",2018-02-30 10:00:00,funny_car\n"           // 13 impossible date
                + "Prague," + p + "," + p + ",yesterday,funny_car\n"                     // 14 unparseable
                + "Prague ,  " + p + " ," + p + ",2018-05-28 09:03:40 , funny_car \n"    // 15 trailing spaces: fine
                + "\"Turin, IT\"," + p + "," + p + ",2018-05-28 09:03:40,funny_car\n"    // 16 quoted comma: fine
                + "\"Two\nLines\"," + p + "," + p + ",2018-05-28 09:03:40,funny_car\n"   // 17-18 a line break in a region
                + "Prague," + p + "," + p + ",2018-05-28 09:03:40," + "x".repeat(1_000_000) + "\n" // 19 a 1 MB line
                + "Prague,POINT (14.43 50.04)\"," + p + ",2018-05-28 09:03:40,funny_car\n" // 20 stray quote
                + "Prague," + p + "," + p + ",2018-05-28 09:03:40," + "y".repeat(2_000_000) + "\n" // 21 over the limit
                + GOOD;                                                                  // 22
        fx.dropText("bad-rows.csv", text);
        IngestionEvent end = fx.awaitEnd("bad-rows.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsRead()).isEqualTo(21);
        assertThat(end.rowsLoaded()).isEqualTo(4);
        assertThat(end.rowsRejected()).isEqualTo(17);
        assertThat(rejects(end.id())).containsExactly(
                "3: expected 5 fields, found 4",
                "4: expected 5 fields, found 6",
                "5: region is empty",
                "6: origin_coord 'POINT 14.43 50.04)' is not POINT (lon lat): parenthesis missing",
                "7: origin_coord 'POINT (14.43)' is not POINT (lon lat): needs two coordinates",
                "8: origin_coord longitude 'abc' is not a number",
                "9: origin_coord longitude 'NaN' is not a number",
                "10: destination_coord latitude 'Infinity' is not a number",
                "11: origin_coord longitude 181.5 is outside -180..180",
                "12: destination_coord latitude -90.5 is outside -90..90",
                "13: datetime '2018-02-30 10:00:00' is not a real date and time as yyyy-MM-dd HH:mm:ss"
                        + " (also accepted: T for the space, a fraction of a second)",
                "14: datetime 'yesterday' is not a real date and time as yyyy-MM-dd HH:mm:ss"
                        + " (also accepted: T for the space, a fraction of a second)",
                "17: unclosed quote: the quote opening on line 17 closes only on line 18, which makes one record of a"
                        + " line break in field 1, a trip column, which never holds one; taken for a stray quote, the"
                        + " lines after it are read as rows",
                "18: quote inside unquoted field 1",
                "19: datasource is longer than 200 characters",
                "20: quote inside unquoted field 2",
                "21: record longer than 1048576 characters");
        assertThat(fx.db.text("SELECT string_agg(r.name, '|' ORDER BY r.name) FROM trip t JOIN region r ON r.id = t.region_id"
                + " WHERE t.ingestion_id = " + end.id())).isEqualTo("Prague|Prague|Prague|Turin, IT");
        assertThat(fx.db.count("SELECT max(length(raw)) FROM ingestion_reject WHERE ingestion_id = " + end.id()))
                .isEqualTo(1000);
    }

    private static String row(String region, String when, String source) {
        String p = "POINT (14.43 50.04)";
        return region + "," + p + "," + p + "," + when + "," + source + "\n";
    }

    @Test
    void should_reject_datetimes_outside_1970_to_2100_so_no_window_outgrows_the_api() throws Exception {
        String text = HEADER
                + row("Prague", "0000-04-10 10:00:00", "funny_car")    // 2
                + row("Prague", "1900-04-10 10:00:00", "funny_car")    // 3
                + row("Prague", "1969-12-31 23:59:59", "funny_car")    // 4
                + row("Prague", "1970-01-01 00:00:00", "funny_car")    // 5 first second accepted
                + row("Prague", "2100-12-31 23:59:59", "funny_car")    // 6 last second accepted
                + row("Prague", "2101-01-01 00:00:00", "funny_car")    // 7
                + row("Prague", "2999-04-10T10:00:00", "funny_car");   // 8
        fx.dropText("far-years.csv", text);
        IngestionEvent end = fx.awaitEnd("far-years.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsLoaded()).isEqualTo(2);
        assertThat(rejects(end.id())).containsExactly(
                "2: datetime '0000-04-10 10:00:00' is outside the years 1970 to 2100",
                "3: datetime '1900-04-10 10:00:00' is outside the years 1970 to 2100",
                "4: datetime '1969-12-31 23:59:59' is outside the years 1970 to 2100",
                "7: datetime '2101-01-01 00:00:00' is outside the years 1970 to 2100",
                "8: datetime '2999-04-10T10:00:00' is outside the years 1970 to 2100");
        assertThat(fx.db.text("SELECT min(datetime) || ' ' || max(datetime) FROM trip WHERE ingestion_id = " + end.id()))
                .isEqualTo("1970-01-01 00:00:00 2100-12-31 23:59:59");
    }

    @Test
    void should_reject_rows_with_a_nul_or_bytes_that_are_not_utf8_and_load_the_rest() throws Exception {
        fx.dropBytes("nul-and-latin1.csv", Bytes.of(HEADER + GOOD                          // 2
                + row("Pra\0gue", "2018-05-28 09:03:40", "funny_car")                 // 3 NUL in the region
                + row("Prague", "2018-05-28 09:03:40", "funny\0car")                  // 4 NUL in the datasource
                + row("Prague", "2018-05-28 09:03:40\0", "funny_car")                 // 5 NUL in the datetime
                + "Pr", 0xE4,                                                           // 6 Latin-1 a-umlaut
                "gue,POINT (14.43 50.04),POINT (14.43 50.04),2018-05-28 09:03:40,funny_car\n"
                + row("Brno \uFFFD", "2018-05-28 09:03:40", "funny_car")              // 7 a U+FFFD written as UTF-8: fine
                + GOOD));                                                               // 8
        IngestionEvent end = fx.awaitEnd("nul-and-latin1.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsRead()).isEqualTo(7);
        assertThat(end.rowsLoaded()).isEqualTo(3);
        assertThat(rejects(end.id())).containsExactly(
                "3: contains a NUL character",
                "4: contains a NUL character",
                "5: contains a NUL character",
                "6: contains bytes that are not valid UTF-8");
        assertThat(fx.db.text("SELECT raw FROM ingestion_reject WHERE ingestion_id = " + end.id() + " AND line = 3"))
                .startsWith("Pra\uFFFDgue,POINT");
        assertThat(fx.db.text("SELECT raw FROM ingestion_reject WHERE ingestion_id = " + end.id() + " AND line = 6"))
                .startsWith("Pr\uFFFDgue,POINT");
        assertThat(fx.db.text("SELECT string_agg(r.name, '|' ORDER BY r.name) FROM trip t JOIN region r ON r.id = t.region_id"
                + " WHERE t.ingestion_id = " + end.id())).isEqualTo("Brno \uFFFD|Prague|Prague");
    }

    @Test
    void should_reject_only_the_line_of_a_stray_quote_and_load_the_rows_after_it() throws Exception {
        String stray = "\"" + GOOD.replace("Prague", "Turin");
        String text = HEADER
                + GOOD.repeat(9)                                                          // 2-10
                + stray                                                                   // 11 open till the record limit
                + GOOD.repeat(9000)                                                       // 12-9011
                + stray                                                                   // 9012 "closed" at 9015
                + GOOD.repeat(2)                                                          // 9013-9014
                + "\"Two\nLines\"," + GOOD.substring(GOOD.indexOf(',') + 1)            // 9015-9016
                + stray                                                                   // 9017 closed at the end of 9019
                + GOOD                                                                    // 9018
                + GOOD.replace("\n", "\"\n")                                              // 9019
                + GOOD                                                                    // 9020
                + stray                                                                   // 9021 open till the end
                + GOOD;                                                                   // 9022
        fx.dropText("stray-quotes.csv", text);
        IngestionEvent end = fx.awaitEnd("stray-quotes.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsRead()).isEqualTo(9021);
        assertThat(end.rowsLoaded()).isEqualTo(9014);
        assertThat(rejects(end.id())).containsExactly(
                "11: unclosed quote: the quote opening field 1 on line 11 is not closed within 1048576 characters;"
                        + " taken for a stray quote, the lines after it are read as rows",
                "9012: unclosed quote: the quote opening field 1 on line 9012 closes only on line 9015, before other"
                        + " text; taken for a stray quote",
                "9015: unclosed quote: the quote opening on line 9015 closes only on line 9016, which makes one record"
                        + " of a line break in field 1, a trip column, which never holds one; taken for a stray quote,"
                        + " the lines after it are read as rows",
                "9016: quote inside unquoted field 1",
                "9017: unclosed quote: the quote opening on line 9017 closes only on line 9019, which makes one record"
                        + " of 1 field where the header has 5; taken for a stray quote, the lines after it are read as rows",
                "9019: quote inside unquoted field 5",
                "9021: unclosed quote: the quote opening field 1 on line 9021 is never closed");
        assertThat(fx.db.count("SELECT count(*) FROM trip t JOIN region r ON r.id = t.region_id"
                + " WHERE r.name LIKE '%Lines%' AND t.ingestion_id = " + end.id())).isZero();
    }

    @Test
    void should_load_rows_whose_unread_columns_hold_latin1_bytes_or_line_breaks() throws Exception {
        String good = GOOD.substring(0, GOOD.length() - 1);
        fx.dropBytes("latin1-notes.csv", Bytes.of(HEADER.replace("\n", ",Gr"), 0xF6, "sse\n" // 1 Latin-1 "Groesse"
                + good + ",gro", 0xDF, "\n"                                                 // 2 Latin-1 in the extra column
                + good + ",\"two\nlines\"\n"                                                // 3-4 a line break in it
                + good.replace("Prague", "Pra\0gue") + ",x\n"                                // 5 a NUL in a trip column
                + "Pr", 0xE4, good.substring(good.indexOf(',')) + ",x\n"                     // 6 Latin-1 in a trip column
                + good + ",x\n"));                                                          // 7
        IngestionEvent end = fx.awaitEnd("latin1-notes.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsRead()).isEqualTo(5);
        assertThat(end.rowsLoaded()).isEqualTo(3);
        assertThat(tripsOf(end.id())).isEqualTo(3);
        assertThat(rejects(end.id())).containsExactly(
                "5: contains a NUL character",
                "6: contains bytes that are not valid UTF-8");
    }

    @Test
    void should_fail_a_header_that_names_a_column_twice() throws Exception {
        fx.dropText("twice.csv", "region,origin_coord,Region,destination_coord,datetime,datasource\n"
                + "Prague,POINT (14.43 50.04),Turin,POINT (14.43 50.04),2018-05-28 09:03:40,funny_car\n");
        IngestionEvent end = fx.awaitEnd("twice.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(end.error()).isEqualTo("column region appears twice in the header");
        assertThat(tripsOf(end.id())).isZero();
    }

    @Test
    void should_fail_an_empty_file_and_move_it_aside_with_the_reason() throws Exception {
        fx.dropText("empty.csv", "");
        IngestionEvent end = fx.awaitEnd("empty.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(end.error()).isEqualTo("the file is empty: a header row is required");
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".failed/empty.csv")));
        assertThat(Files.readString(fx.inbox.resolve(".failed/empty.csv.error.txt"))).contains("the file is empty");
        assertThat(fx.db.text("SELECT status || ': ' || error FROM ingestion WHERE id = " + end.id()))
                .isEqualTo("FAILED: the file is empty: a header row is required");
    }

    @Test
    void should_complete_a_header_only_file_with_no_rows() throws Exception {
        fx.dropText("header-only.csv", HEADER);
        IngestionEvent end = fx.awaitEnd("header-only.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsRead()).isZero();
    }

    @Test
    void should_fail_a_file_without_header() throws Exception {
        fx.dropText("no-header.csv", GOOD + GOOD);
        IngestionEvent end = fx.awaitEnd("no-header.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(end.error()).startsWith("no header row with the columns region, origin_coord, destination_coord,"
                + " datetime, datasource (missing region, origin_coord, destination_coord, datetime, datasource)");
        assertThat(tripsOf(end.id())).isZero();
    }

    @Test
    void should_reject_a_row_of_many_fields_and_read_a_header_of_many_extra_columns() throws Exception {
        String extras = ",x".repeat(15);
        fx.dropText("many-fields.csv", HEADER + GOOD + "x" + ",x".repeat(16) + "\n" + "x" + ",x".repeat(99) + "\n" + GOOD);
        fx.dropText("many-columns.csv", HEADER.strip() + extras + "\n" + GOOD.strip() + extras + "\n");
        IngestionEvent fields = fx.awaitEnd("many-fields.csv");
        IngestionEvent columns = fx.awaitEnd("many-columns.csv");

        assertThat(fields.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(fields.rowsLoaded()).isEqualTo(2);
        assertThat(rejects(fields.id())).containsExactly("3: expected 5 fields, found 17", "4: expected 5 fields, found 100");
        assertThat(columns.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(columns.rowsLoaded()).isEqualTo(1);
    }

    @Test
    void should_count_a_name_in_characters_not_in_java_chars() throws Exception {
        String emoji = "\uD83D\uDE95";
        fx.dropText("emoji.csv", HEADER + row(emoji.repeat(200), "2018-05-28 09:03:40", "funny_car")
                + row(emoji.repeat(201), "2018-05-28 09:03:40", "funny_car"));
        IngestionEvent end = fx.awaitEnd("emoji.csv");

        assertThat(end.rowsLoaded()).isEqualTo(1);
        assertThat(rejects(end.id())).containsExactly("3: region is longer than 200 characters");
        assertThat(fx.db.count("SELECT max(length(name)) FROM region")).isEqualTo(200);
    }

    @Test
    void should_take_a_file_whose_name_holds_a_line_break() throws Exception {
        fx.dropText("two\nlines.csv", HEADER + row("Prague", "2018-05-28 09:03:40", "funny_car"));

        IngestionEvent end = fx.awaitEnd("two\nlines.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsLoaded()).isEqualTo(1);
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".done/two\nlines.csv")));
    }

    /** A name that only looks like another would be a region or datasource of its own, for good. */
    @Test
    void should_reject_names_holding_control_or_invisible_characters_and_strip_any_kind_of_space() throws Exception {
        fx.dropText("look-alikes.csv", HEADER
                + row("Prague", "2018-05-28 09:03:40", "funny_car")                    // 2
                + row("Prague\u00A0", "2018-05-28 09:03:40", "funny_car\u2003")       // 3: no-break and em spaces
                + row("Pra\u001Bgue", "2018-05-28 09:03:40", "funny_car")              // 4
                + row("\u200BPrague", "2018-05-28 09:03:40", "funny_car")              // 5
                + row("Prague", "2018-05-28 09:03:40", "funny\u007Fcar")               // 6
                + row("Prague", "2018-05-28 09:03:40", "funny\u202Ecar")               // 7
                + row("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "2018-05-28 09:03:40", "funny_car")); // 8: a Persian word with its non-joiner
        IngestionEvent end = fx.awaitEnd("look-alikes.csv");

        assertThat(rejects(end.id())).containsExactly(
                "4: region holds a control character, U+001B, which would make a name that looks like another",
                "5: region holds an invisible character, U+200B, which would make a name that looks like another",
                "6: datasource holds a control character, U+007F, which would make a name that looks like another",
                "7: datasource holds an invisible character, U+202E, which would make a name that looks like another");
        assertThat(end.rowsLoaded()).isEqualTo(3);
        assertThat(fx.db.count("SELECT count(*) FROM region")).isEqualTo(2);
        assertThat(fx.db.text("SELECT string_agg(name, '|' ORDER BY name) FROM datasource")).isEqualTo("funny_car");
    }

    @Test
    void should_read_columns_by_name_in_any_order_and_case_ignoring_extra_columns() throws Exception {
        fx.dropText("reordered.csv", "Datasource,EXTRA,DateTime,destination_coord,Region,origin_coord\r\n"
                + "cheap_mobile,zzz,2018-05-01 07:15:00,POINT (7.72 45.06),Turin,POINT (7.67 44.99)\r\n");
        IngestionEvent end = fx.awaitEnd("reordered.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsLoaded()).isEqualTo(1);
        assertThat(fx.db.text("SELECT r.name || ' ' || d.name || ' ' || t.datetime || ' ' || t.origin_lon || ' '"
                + " || t.dest_lat FROM trip t JOIN region r ON r.id = t.region_id JOIN datasource d"
                + " ON d.id = t.datasource_id WHERE t.ingestion_id = " + end.id()))
                .isEqualTo("Turin cheap_mobile 2018-05-01 07:15:00 7.67 45.06");
    }

    @Test
    void should_accept_a_byte_order_mark_and_crlf_line_ends() throws Exception {
        fx.dropText("bom-crlf.csv", "\uFEFF" + (HEADER + GOOD + GOOD.replace("09:03:40", "10:00:00")).replace("\n", "\r\n"));
        IngestionEvent end = fx.awaitEnd("bom-crlf.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsLoaded()).isEqualTo(2);
        assertThat(end.rowsRejected()).isZero();
    }

    @Test
    void should_load_a_gzipped_file() throws Exception {
        fx.dropBytes("zipped.csv.gz", gzip(HEADER + GOOD.repeat(120)));
        IngestionEvent end = fx.awaitEnd("zipped.csv.gz");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsLoaded()).isEqualTo(120);
    }

    @Test
    void should_load_every_member_of_a_concatenated_gzip() throws Exception {
        // cat monday.csv.gz tuesday.csv.gz > week.csv.gz: one gzip of two members
        fx.dropBytes("week.csv.gz", concat(gzip(HEADER + GOOD.repeat(30)), gzip(GOOD.repeat(20))));

        IngestionEvent end = fx.awaitEnd("week.csv.gz");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsLoaded()).isEqualTo(50);
    }

    /** Before, java.util.zip took what follows a member and is no gzip for the end: the rest was dropped, and the file COMPLETED. */
    @Test
    void should_fail_a_gzip_followed_by_bytes_that_are_no_gzip_and_keep_nothing_of_it() throws Exception {
        byte[] second = gzip(GOOD.repeat(20));
        second[2] = 'X'; // the second member's compression method, damaged
        fx.dropBytes("damaged.csv.gz", concat(gzip(HEADER + GOOD.repeat(30)), second));

        IngestionEvent end = fx.awaitEnd("damaged.csv.gz");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(end.error()).startsWith("the gzip data is corrupt: ");
        assertThat(tripsOf(end.id())).isZero();
    }

    @Test
    void should_fail_a_truncated_gzip_and_keep_nothing_of_it() throws Exception {
        StringBuilder sb = new StringBuilder(HEADER);
        Random rnd = new Random(3);
        for (int i = 0; i < 3000; i++) {
            sb.append("Hamburg,POINT (").append(9.9 + rnd.nextDouble() / 10).append(" 53.5),POINT (10.0 ")
                    .append(53.5 + rnd.nextDouble() / 10).append("),2018-05-").append(10 + i % 18)
                    .append(" 0").append(i % 10).append(":00:00,baba_car\n");
        }
        byte[] whole = gzip(sb.toString());
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length * 2 / 3);
        long before = fx.db.count("SELECT count(*) FROM trip");
        fx.dropBytes("truncated.csv.gz", cut);
        IngestionEvent end = fx.awaitEnd("truncated.csv.gz");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(end.error()).isEqualTo("the gzip data ends early: the file is truncated");
        assertThat(end.rowsLoaded()).as("batches committed before the end was found").isGreaterThan(0);
        assertThat(fx.db.count("SELECT bytes_read FROM ingestion WHERE id = " + end.id()))
                .as("the ledger says how far the reader got, as the event does").isEqualTo(end.bytesRead());
        assertThat(tripsOf(end.id())).isZero();
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(before);
        assertThat(fx.db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'trip_load_" + end.id() + "'"))
                .as("the failed file's load table").isZero();
        assertThat(fx.db.count(AggregateChecks.GROUPS_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.REGION_DAYS_DIFFERING)).isZero();
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".failed/truncated.csv.gz.error.txt")));
    }

    /** Camel could not write the lock file of a longer name, and logged a stack trace four times a second. */
    @Test
    void should_leave_a_file_whose_name_is_too_long_to_take_and_take_the_longest_it_can() throws Exception {
        String longest = "é".repeat(116) + ".csv";   // 236 bytes
        String tooLong = "é".repeat(117) + ".csv";   // 238 bytes
        long before = fx.db.count("SELECT count(*) FROM ingestion");
        List<ch.qos.logback.classic.spi.ILoggingEvent> said = Logs.during(() -> {
            fx.dropText(tooLong, HEADER + GOOD.replace("funny_car", "too_long"));
            fx.dropText(longest, HEADER + GOOD.replace("funny_car", "longest"));

            assertThat(fx.awaitEnd(longest).type()).isEqualTo(IngestionEvent.Type.COMPLETED);
            Thread.sleep(1500);
        }, ch.qos.logback.classic.Level.WARN);
        assertThat(fx.db.count("SELECT count(*) FROM ingestion")).isEqualTo(before + 1);
        assertThat(fx.inbox.resolve(tooLong)).exists();
        assertThat(said).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                        .endsWith(tooLong + " is not taken: its name is 238 bytes in UTF-8, and the inbox takes names of at most 236; rename it"));
    }

    /** OpenSSH's sftp closes a cancelled upload as if it were done: a resend of the whole file must not count its rows twice. */
    @Test
    void should_fail_a_file_cut_off_in_the_middle_of_a_row_and_keep_nothing_of_it() throws Exception {
        String whole = HEADER + GOOD.replace("funny_car", "cut_off").repeat(400);
        long before = fx.db.count("SELECT count(*) FROM trip");
        fx.dropText("cancelled.csv", whole.substring(0, whole.length() - 40));

        IngestionEvent end = fx.awaitEnd("cancelled.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(end.error()).startsWith("the file ends without a line break after a bad row, line 401 (")
                .contains("taken for a file cut off");
        assertThat(end.rowsLoaded()).as("batches committed before the end was found").isGreaterThan(0);
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(before);
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".failed/cancelled.csv.error.txt")));

        fx.dropText("cancelled.csv", whole);
        IngestionEvent resent = Awaitility.await().until(() -> fx.events.terminal("cancelled.csv"), e -> e.id() != end.id());
        assertThat(resent.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(before + 400);
    }

    @Test
    void should_fail_a_binary_file() throws Exception {
        byte[] junk = new byte[50_000];
        new Random(5).nextBytes(junk);
        fx.dropBytes("binary.csv", junk);
        IngestionEvent end = fx.awaitEnd("binary.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(end.error()).isIn("the file is not UTF-8 text (is it binary?)",
                "the file is named .gz but is not gzip-compressed");
        assertThat(fx.db.count("SELECT bytes_read FROM ingestion WHERE id = " + end.id())).isEqualTo(end.bytesRead());
    }

    @Test
    void should_wait_for_a_file_still_being_written_even_when_renamed_meanwhile() throws Exception {
        Path writing = fx.inbox.resolve("slow.csv");
        try (var out = Files.newOutputStream(writing)) {
            out.write(HEADER.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 20; i++) {
                out.write(GOOD.replace("09:03:40", String.format("09:%02d:00", i)).getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (i == 8) {
                    Files.move(writing, fx.inbox.resolve("slow-renamed.csv"));
                }
                Thread.sleep(100);
            }
        }
        IngestionEvent end = fx.awaitEnd("slow-renamed.csv");
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsLoaded()).isEqualTo(20);
        assertThat(fx.events.terminal("slow.csv")).isNull();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
