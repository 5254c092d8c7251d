package trips.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    private static List<String> read(String text, int max) throws IOException {
        CsvRecordReader r = new CsvRecordReader(new StringReader(text), max);
        List<String> out = new ArrayList<>();
        while (r.next()) {
            StringBuilder sb = new StringBuilder().append(r.lineNumber()).append(':');
            for (int i = 0; i < r.fieldCount(); i++) {
                sb.append(i == 0 ? "" : "|").append(r.field(i));
            }
            if (r.error() != null) {
                sb.append(" !").append(r.error());
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void should_split_plain_records_with_lf_or_crlf() throws IOException {
        assertThat(read("a,b\nc,d\r\ne,f", 100)).containsExactly("1:a|b", "2:c|d", "3:e|f");
    }

    @Test
    void should_skip_a_leading_byte_order_mark_and_blank_lines() throws IOException {
        assertThat(read("\uFEFFa,b\n\n\r\nc,d\n", 100)).containsExactly("1:a|b", "4:c|d");
    }

    @Test
    void should_keep_commas_quotes_and_line_breaks_inside_quoted_fields() throws IOException {
        assertThat(read("\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,one\n", 100))
                .containsExactly("1:x, y|say \"hi\"", "2:two\nlines|z", "4:last|one");
    }

    @Test
    void should_keep_empty_fields() throws IOException {
        assertThat(read("a,,c\n,,\n", 100)).containsExactly("1:a||c", "2:||");
    }

    @Test
    void should_flag_a_quote_inside_an_unquoted_field_and_go_on() throws IOException {
        assertThat(read("a,b\"c\nd,e\n", 100))
                .containsExactly("1:a|b\"c !quote inside unquoted field 2", "2:d|e");
    }

    @Test
    void should_flag_text_after_a_closing_quote() throws IOException {
        assertThat(read("\"a\"x,b\nc,d\n", 100).get(0)).endsWith("!unexpected character after the closing quote of field 1");
    }

    @Test
    void should_flag_a_quote_left_open_at_the_end_of_the_file() throws IOException {
        assertThat(read("a,b\n\"c,d\n", 100).get(1)).endsWith("!quoted field not closed before the end of the file");
    }

    @Test
    void should_reject_an_overlong_record_without_holding_it_and_resume_on_the_next_line() throws IOException {
        String longLine = "x".repeat(5000);
        List<String> records = read("a,b\n" + longLine + "," + longLine + "\nc,d\n", 1000);
        assertThat(records).hasSize(3);
        assertThat(records.get(0)).isEqualTo("1:a|b");
        assertThat(records.get(1)).startsWith("2:").endsWith(" !record longer than 1000 characters");
        assertThat(records.get(2)).isEqualTo("3:c|d");
    }

    @Test
    void should_give_the_raw_record_for_rejects() throws IOException {
        CsvRecordReader r = new CsvRecordReader(new StringReader("\"a\",b\r\n"), 100);
        r.next();
        assertThat(r.raw(100)).isEqualTo("\"a\",b");
        assertThat(r.raw(3)).isEqualTo("\"a\"");
    }
}
