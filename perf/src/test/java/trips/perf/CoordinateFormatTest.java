package trips.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CoordinateFormatTest {

    @Test
    void printsShortPlainDecimals() throws IOException {
        assertThat(format(0.0)).isEqualTo("0.0");
        assertThat(format(-0.5)).isEqualTo("-0.5");
        assertThat(format(180.0)).isEqualTo("180.0");
        assertThat(format(-9.1404)).isEqualTo("-9.1404");
        assertThat(format(50.0013)).isEqualTo("50.0013");
        assertThat(format(14.4973794438195)).isEqualTo("14.4973794438195");
    }

    @Test
    void neverUsesExponentNotationNearZero() throws IOException {
        assertThat(Double.toString(-0.0001)).contains("E");
        assertThat(format(-0.0001)).isEqualTo("-0.0001");
        assertThat(format(1e-7)).isEqualTo("0.0000001");
    }

    @Test
    void randomValuesParseBackToWithinSixteenSignificantDigits() throws IOException {
        SplittableRandom rng = new SplittableRandom(1);
        Pattern plain = Pattern.compile("-?\\d{1,3}\\.\\d{1,15}");
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            double value = (rng.nextDouble() * 2 - 1) * Math.pow(10, rng.nextInt(3)) * 3.8;
            String text = format(value);
            double tolerance = 8e-15 * Math.max(1, Math.abs(value));
            if (!plain.matcher(text).matches() || Math.abs(Double.parseDouble(text) - value) > tolerance) {
                wrong.add(value + " -> " + text);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void refusesValuesItCannotPrintPlainly() {
        assertThatThrownBy(() -> format(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> format(1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> format(Double.NEGATIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** One buffer for all calls: each RowBuffer holds 1 MiB. */
    private final RowBuffer buffer = new RowBuffer(out);

    private String format(double value) throws IOException {
        out.reset();
        buffer.coordinate(value);
        buffer.flush();
        return out.toString(StandardCharsets.US_ASCII);
    }
}
