package trips.web.ingestions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "plain text|plain text",
        "a,b|\"a,b\"",
        "say \"hi\"|\"say \"\"hi\"\"\"",
        "''|''",
    })
    void should_quote_a_field_only_when_rfc_4180_needs_it(String field, String written) {
        StringBuilder out = new StringBuilder();
        Csv.field(out, field);
        assertThat(out.toString()).isEqualTo(written);
    }

    @org.junit.jupiter.api.Test
    void should_quote_line_breaks_and_end_records_with_crlf() {
        StringBuilder out = new StringBuilder();
        Csv.field(out, "two\nlines\r");
        Csv.endRecord(out);
        assertThat(out.toString()).isEqualTo("\"two\nlines\r\"\r\n");
    }
}
