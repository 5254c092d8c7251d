package trips.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import trips.testing.Bytes;

class CsvRecordReaderTest {

    private static List<String> read(String text, int max) throws IOException {
        return read(new CsvRecordReader(new StringReader(text), max));
    }

    private static List<String> readBytes(byte[] bytes, int max) throws IOException {
        return read(CsvRecordReader.utf8(new ByteArrayInputStream(bytes), max));
    }

    private static List<String> read(CsvRecordReader r) throws IOException {
        List<String> out = new ArrayList<>();
        while (r.next()) {
            StringBuilder sb = new StringBuilder().append(r.lineNumber()).append(':');
            for (int i = 0; i < r.fieldCount(); i++) {
                sb.append(i == 0 ? "" : "|").append(r.field(i));
            }
            // the form first, then bytes that are no text anywhere in the record
            String error = r.formError() != null ? r.formError() : r.notTextAnywhere();
            if (error != null) {
                sb.append(" !").append(error);
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

    /** Spaces left at the end of a file, or the Ctrl-Z that old DOS tools end one with, are no rows to reject. */
    @Test
    void should_skip_lines_of_spaces_tabs_or_a_ctrl_z_as_blank() throws IOException {
        assertThat(read("a,b\n   \n\t\r\nc,d\n \u001A", 100)).containsExactly("1:a|b", "4:c|d");
        assertThat(read("a,b\n\" \"\n", 100)).as("a quoted field is a value").containsExactly("1:a|b", "2: ");
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
        assertThat(read("a,b\nc,\"d", 100).get(1))
                .endsWith("!unclosed quote: the quote opening field 2 on line 2 is never closed");
    }

    @Test
    void should_keep_a_quoted_field_over_several_lines() throws IOException {
        assertThat(read("\"a\nb, c\r\nd\",e\nf,g\n", 100)).containsExactly("1:a\nb, c\r\nd|e", "4:f|g");
    }

    @Test
    void should_reject_only_the_line_of_a_stray_quote_left_open_at_the_end_of_the_file() throws IOException {
        assertThat(read("a,b\n\"c,d\r\ne,f\ng,h\n", 100)).containsExactly("1:a|b",
                "2:\"c,d !unclosed quote: the quote opening field 1 on line 2 is never closed", "3:e|f", "4:g|h");
    }

    @Test
    void should_reject_only_the_line_of_a_stray_quote_that_reaches_the_record_limit() throws IOException {
        List<String> records = read("a,b\nx,\"c\n" + "e,f\n".repeat(40), 100);
        assertThat(records).hasSize(42);
        assertThat(records.get(1)).isEqualTo("2:x,\"c !unclosed quote: the quote opening field 2 on line 2 is not closed"
                + " within 100 characters; taken for a stray quote, the lines after it are read as rows");
        assertThat(records.get(2)).isEqualTo("3:e|f");
        assertThat(records.get(41)).isEqualTo("42:e|f");
    }

    @Test
    void should_reject_only_the_line_of_a_stray_quote_that_a_later_quoted_field_seems_to_close() throws IOException {
        assertThat(read("\"c,d\ne,f\n\"g\",h\n", 100)).containsExactly(
                "1:\"c,d !unclosed quote: the quote opening field 1 on line 1 closes only on line 3, before other text;"
                        + " taken for a stray quote", "2:e|f", "3:g|h");
    }

    private static List<String> readExpecting(String text, int fields, long mayHoldLineBreaks) throws IOException {
        CsvRecordReader r = new CsvRecordReader(new StringReader(text), 100);
        r.expectFields(fields, java.util.BitSet.valueOf(new long[] {mayHoldLineBreaks}));
        return read(r);
    }

    @Test
    void should_reject_only_the_line_of_a_stray_quote_that_a_later_quote_closes_at_a_line_end() throws IOException {
        assertThat(readExpecting("a,b\r\n\"c,d\r\ne,f\r\ng,h\"\r\ni,j\r\n", 2, -1L)).containsExactly("1:a|b",
                "2:\"c,d !unclosed quote: the quote opening on line 2 closes only on line 4, which makes one record of 1"
                        + " field where the header has 2; taken for a stray quote, the lines after it are read as rows",
                "3:e|f", "4:g|h\" !quote inside unquoted field 2", "5:i|j");
    }

    @Test
    void should_reject_only_the_line_of_a_stray_quote_that_a_later_quote_closes_at_the_end_of_the_file() throws IOException {
        assertThat(readExpecting("\"c,d\ne,f\"", 2, -1L)).containsExactly(
                "1:\"c,d !unclosed quote: the quote opening on line 1 closes only on line 2, which makes one record of 1"
                        + " field where the header has 2; taken for a stray quote, the lines after it are read as rows",
                "2:e|f\" !quote inside unquoted field 2");
    }

    @Test
    void should_take_a_line_break_in_a_field_that_never_holds_one_for_a_stray_quote() throws IOException {
        assertThat(readExpecting("\"a\nb\",c\nd,e\n", 2, 0b10)).containsExactly(
                "1:\"a !unclosed quote: the quote opening on line 1 closes only on line 2, which makes one record of a"
                        + " line break in field 1, a trip column, which never holds one; taken for a stray quote, the lines"
                        + " after it are read as rows", "2:b\"|c !quote inside unquoted field 1", "3:d|e");
        assertThat(readExpecting("x,\"a\nb\"\nd,e\n", 2, 0b10)).containsExactly("1:x|a\nb", "3:d|e");
    }

    @Test
    void should_flag_bytes_that_are_not_text_only_for_the_fields_asked_about() throws IOException {
        CsvRecordReader r = CsvRecordReader.utf8(new ByteArrayInputStream(Bytes.of("a,b", 0xE4, ",c\n")), 100);
        r.next();
        assertThat(r.formError()).isNull();
        assertThat(r.notTextIn(java.util.BitSet.valueOf(new long[] {0b101}))).isNull();
        assertThat(r.notTextIn(java.util.BitSet.valueOf(new long[] {0b010}))).isEqualTo("contains bytes that are not valid UTF-8");
        assertThat(r.notText()).isTrue();
    }

    @Test
    void should_reject_only_the_line_of_a_stray_quote_after_a_quoted_field_over_two_lines() throws IOException {
        assertThat(read("\"a\nb\",\"c\nd,e\n", 100)).containsExactly(
                "1:\"a\nb\",\"c !unclosed quote: the quote opening field 2 on line 2 is never closed", "3:d|e");
    }

    @Test
    void should_flag_a_record_holding_a_nul_and_keep_it_out_of_the_raw_text() throws IOException {
        assertThat(read("a,b\nc\0,d\ne,f\n", 100)).containsExactly("1:a|b", "2:c\0|d !contains a NUL character", "3:e|f");
        CsvRecordReader r = new CsvRecordReader(new StringReader("c\0,d\n"), 100);
        r.next();
        assertThat(r.raw(100)).isEqualTo("c\uFFFD,d");
        assertThat(r.notText()).isTrue();
    }

    @Test
    void should_flag_a_record_with_bytes_that_are_not_utf8_and_go_on() throws IOException {
        assertThat(readBytes(Bytes.of("a,b\nc", 0xE4, ",d\ne,f\ng,", 0xE2, 0x82), 100)).containsExactly("1:a|b",
                "2:c\uFFFD|d !contains bytes that are not valid UTF-8", "3:e|f",
                "4:g|\uFFFD !contains bytes that are not valid UTF-8");
    }

    @Test
    void should_keep_a_replacement_character_that_is_valid_utf8() throws IOException {
        assertThat(readBytes(Bytes.of("a\uFFFD,b\n"), 100)).containsExactly("1:a\uFFFD|b");
    }

    @Test
    void should_place_bad_bytes_right_past_the_first_buffers_and_after_a_stray_quote() throws IOException {
        String rows = "e,f\n".repeat(30_000);
        List<String> records = readBytes(Bytes.of(rows, "\uFFFD,g\n", "\"x\n", "h", 0xFF, ",i\n", "j,\uFFFD\n"), 200);
        assertThat(records).hasSize(30_004);
        assertThat(records.subList(30_000, 30_004)).containsExactly("30001:\uFFFD|g",
                "30002:\"x !unclosed quote: the quote opening field 1 on line 30002 is never closed",
                "30003:h\uFFFD|i !contains bytes that are not valid UTF-8", "30004:j|\uFFFD");
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
