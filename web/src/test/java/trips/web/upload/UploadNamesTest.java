package trips.web.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.ext.web.handler.HttpException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UploadNamesTest {

    @ParameterizedTest
    @CsvSource({
        "trips.csv, trips.csv",
        "Trips-2018_05.CSV, Trips-2018_05.CSV",
        "may.csv.gz, may.csv.gz",
        "'my trips (1).csv', my_trips__1_.csv",
        "été.csv, été.csv",
        "'Trips Zürich 北京.csv', Trips_Zürich_北京.csv",
        "'tab\there.csv', tab_here.csv",
        "a;rm -rf.csv, a_rm_-rf.csv",
    })
    void should_keep_plain_names_and_turn_odd_characters_into_underscores(String given, String cleaned) {
        assertThat(UploadNames.clean(given)).isEqualTo(cleaned);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.csv", "..\\x.csv", "/etc/passwd", "/tmp/x.csv", "dir/x.csv", "C:\\x.csv", "C:x.csv",
        "a..csv", ".hidden.csv", ".csv", ".csv.gz", "a.txt", "a.csv.zip", "a.gz", "csv", "", "   "})
    void should_refuse_names_that_leave_the_inbox_hide_from_it_or_are_not_csv(String given) {
        assertThatThrownBy(() -> UploadNames.clean(given))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
    }

    @org.junit.jupiter.api.Test
    void should_decode_a_names_unescaped_utf8_bytes_and_leave_other_names_alone() {
        String sentRaw = new String("Zürich.csv".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(UploadNames.utf8(sentRaw)).isEqualTo("Zürich.csv");
        assertThat(UploadNames.utf8("Zürich.csv")).as("decoded already").isEqualTo("Zürich.csv");
        assertThat(UploadNames.utf8("北京.csv")).isEqualTo("北京.csv");
        assertThat(UploadNames.utf8("plain.csv")).isEqualTo("plain.csv");
    }

    @org.junit.jupiter.api.Test
    void should_refuse_a_missing_or_overlong_name() {
        assertThatThrownBy(() -> UploadNames.clean(null)).isInstanceOf(HttpException.class);
        assertThatThrownBy(() -> UploadNames.clean("a".repeat(300) + ".csv")).isInstanceOf(HttpException.class);
    }

    /** 124 characters but 244 bytes: accepted, it landed where the inbox could never take it (QUEUED for good). */
    @org.junit.jupiter.api.Test
    void should_refuse_a_name_longer_than_the_inbox_takes_in_utf8_bytes() {
        assertThat(UploadNames.clean("é".repeat(111) + ".csv")).hasSize(115);
        assertThatThrownBy(() -> UploadNames.clean("é".repeat(112) + ".csv"))
                .isInstanceOfSatisfying(HttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getPayload()).isEqualTo("the file name is 228 bytes in UTF-8; at most 227");
                });
    }
}
