package trips.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TripFileReaderTest {

    @TempDir
    Path dir;

    /**
     * Two threads asking the reader at once (Camel's parallel split did, from a failing loader while
     * the reading thread was in it) must both get whole batches, every row once.
     */
    @Test
    void should_hand_out_every_row_once_to_two_threads_reading_at_once() throws Exception {
        StringBuilder csv = new StringBuilder("region,origin_coord,destination_coord,datetime,datasource\n");
        int rows = 200_000;
        for (int i = 0; i < rows; i++) {
            csv.append(i % 7 == 0 ? "Prague,POINT (14.4 50.0),POINT (14.5 50.1),2018-05-28 09:03:40,funny_car\n"
                    : "Turin-" + i + ",POINT (7.6 45.0),POINT (7.7 45.1),2018-05-2" + (i % 9) + " 10:00:00,cheap_mobile,\n");
        }
        Path file = Files.writeString(dir.resolve("trips.csv"), csv);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Integer> read = Collections.synchronizedList(new ArrayList<>());
        List<Integer> loaded = Collections.synchronizedList(new ArrayList<>());
        try (TripFileReader reader = new TripFileReader(file, 100, 1 << 20, 1000, new AtomicLong(), new BitSet())) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                threads.add(new Thread(() -> {
                    try {
                        go.await();
                        while (reader.hasNext()) {
                            TripBatch b = reader.next();
                            read.add(b.rowsRead());
                            loaded.add(b.size());
                        }
                    } catch (NoSuchElementException e) {
                        // the other thread took the last batch between this one's hasNext and next
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }

        assertThat(failures).isEmpty();
        assertThat(read.stream().mapToInt(Integer::intValue).sum()).isEqualTo(rows);
        assertThat(loaded.stream().mapToInt(Integer::intValue).sum()).isEqualTo(rows / 7 + 1);
    }

    /** Extra columns do not matter, however many stand before the trip columns (a long's 64 bits made all from 63 on one). */
    @Test
    void should_read_trip_columns_after_seventy_extra_ones_and_ignore_what_the_extra_ones_hold() throws Exception {
        String trip = "Prague,POINT (14.4 50.0),POINT (14.5 50.1),2018-05-28 09:03:40,funny_car\n";
        String csv = withExtras(-1, "x") + "region,origin_coord,destination_coord,datetime,datasource\n"
                // line 2: a Latin-1 byte in extra column 67
                + withExtras(67, "caf\u00e9") + trip
                // lines 3 and 4: one record, a quoted line break in extra column 66
                + withExtras(66, "\"two\nlines\"") + trip
                // line 5: a Latin-1 byte in the datasource, a trip column
                + withExtras(-1, "e") + trip.replace("funny_car", "funny_\u00e9");
        Path file = Files.write(dir.resolve("wide.csv"), csv.getBytes(StandardCharsets.ISO_8859_1));

        try (TripFileReader reader = new TripFileReader(file, 100, 1 << 20, 1000, new AtomicLong(), new BitSet())) {
            TripBatch batch = reader.next();
            assertThat(batch.rejects).extracting(TripBatch.Reject::line).containsExactly(5L);
            assertThat(batch.rejects.get(0).reason()).contains("not valid UTF-8");
            assertThat(batch.size()).isEqualTo(2);
            assertThat(batch.region[0]).isEqualTo("Prague");
            assertThat(batch.datasource[1]).isEqualTo("funny_car");
        }
    }

    /** 70 extra fields and their commas: "e" (the header's "x0".."x69" when plain is "x"), the one at {@code at} holding {@code value}. */
    private static String withExtras(int at, String value) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            row.append(i == at ? value : value.equals("x") ? "x" + i : "e").append(',');
        }
        return row.toString();
    }

    @Test
    void should_report_a_truncated_gzip_once_and_then_have_no_more_batches() throws Exception {
        StringBuilder csv = new StringBuilder("region,origin_coord,destination_coord,datetime,datasource\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append("Prague,POINT (14.4 50.0),POINT (14.5 50.1),2018-05-28 09:03:40,funny_car_").append(i).append('\n');
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = gz.toByteArray();
        Path file = Files.write(dir.resolve("cut.csv.gz"), Arrays.copyOf(whole, whole.length / 2));

        try (TripFileReader reader = new TripFileReader(file, 100_000, 1 << 20, 1000, new AtomicLong(), new BitSet())) {
            assertThatThrownBy(reader::hasNext)
                    .isInstanceOf(BadFileException.class).hasMessageContaining("the gzip data ends early");
            // Camel's split asks once more as it finishes: the failure is not raised (and logged) twice
            assertThat(reader.hasNext()).isFalse();
        }
    }

    private static final String HEADER = "region,origin_coord,destination_coord,datetime,datasource\n";
    private static final String ROW = "Prague,POINT (14.4 50.0),POINT (14.5 50.1),2018-05-28 09:03:40,funny_car\n";

    /** OpenSSH's sftp closes a cancelled upload as if it were done: its rows must not load, or a resend counts them twice. */
    @Test
    void should_fail_a_file_cut_off_in_the_middle_of_its_last_row() throws Exception {
        String whole = HEADER + ROW.repeat(250);
        Path file = Files.writeString(dir.resolve("cut.csv"), whole.substring(0, whole.length() - 30));

        try (TripFileReader reader = new TripFileReader(file, 100, 1 << 20, 1000, new AtomicLong(), new BitSet())) {
            assertThat(reader.next().size()).isEqualTo(100);
            assertThat(reader.next().size()).isEqualTo(100);
            assertThatThrownBy(reader::hasNext).isInstanceOf(BadFileException.class)
                    .hasMessageStartingWith("the file ends without a line break after a bad row, line 251 (")
                    .hasMessageContaining("taken for a file cut off");
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void should_fail_a_file_cut_off_inside_an_over_long_last_record() throws Exception {
        Path file = Files.writeString(dir.resolve("sparse.csv"), HEADER + ROW + "\0".repeat(5000));

        try (TripFileReader reader = new TripFileReader(file, 100, 1000, 100, new AtomicLong(), new BitSet())) {
            assertThatThrownBy(reader::hasNext).isInstanceOf(BadFileException.class)
                    .hasMessageContaining("after a bad row, line 3 (record longer than 1000");
        }
    }

    /** RFC 4180 lets the last record go without a line break: a whole file written so loads as ever. */
    @Test
    void should_load_a_good_last_row_without_a_line_break_and_reject_a_bad_one_that_has_one() throws Exception {
        Path noBreak = Files.writeString(dir.resolve("whole.csv"), HEADER + ROW + ROW.strip());
        Path badLast = Files.writeString(dir.resolve("bad-last.csv"), HEADER + ROW + "Prague,POINT (14.4 50.0)\n");

        try (TripFileReader reader = new TripFileReader(noBreak, 100, 1 << 20, 1000, new AtomicLong(), new BitSet())) {
            TripBatch batch = reader.next();
            assertThat(batch.size()).isEqualTo(2);
            assertThat(batch.rowsRejected()).isZero();
        }
        try (TripFileReader reader = new TripFileReader(badLast, 100, 1 << 20, 1000, new AtomicLong(), new BitSet())) {
            TripBatch batch = reader.next();
            assertThat(batch.size()).isEqualTo(1);
            assertThat(batch.rejects).singleElement().satisfies(r -> assertThat(r.line()).isEqualTo(3));
        }
    }
}
