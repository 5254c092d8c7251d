package trips.parse;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipException;

/**
 * Cuts a trip file (.csv or .csv.gz) into batches of N records while reading it once, front to
 * back: only one batch is in memory at a time. Batches the ledger already holds are skipped
 * (counted, not parsed), which is how a restart resumes exactly after the last commit.
 * <p>
 * Its methods are synchronized, at a cost of one uncontended lock a batch: a door's thread reads it
 * (BatchLoaders), but Camel's split may ask it again from another thread as it finishes, and when
 * the split was parallel two threads in one parser made rows out of each other's characters
 * (StringIndexOutOfBoundsException), failing the file for good instead of leaving it to resume.
 * Once closed, it has no more batches.
 */
public final class TripFileReader implements Iterator<TripBatch>, Closeable {

    private final CsvRecordReader records;
    private final TripRowParser parser;
    private final AtomicLong bytesRead;
    private final int batchSize;
    private final BitSet committed;
    private int nextBatchNo;
    private TripBatch ahead;
    private boolean done;

    /**
     * @param bytesRead  updated as raw bytes are consumed, so progress can be reported mid-batch
     * @param committed  batch numbers already loaded, to skip
     */
    public TripFileReader(Path file, int batchSize, int maxRecordChars, int rawChars, AtomicLong bytesRead,
                          BitSet committed) {
        this.bytesRead = bytesRead;
        this.batchSize = batchSize;
        this.committed = committed;
        InputStream raw = null;
        try {
            raw = new CountingInputStream(Files.newInputStream(file), bytesRead);
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            if (isGzip(file, in)) {
                in = Gzip.open(in);
            }
            records = CsvRecordReader.utf8(in, maxRecordChars);
            if (!records.next()) {
                throw new BadFileException("the file is empty: a header row is required");
            }
            parser = TripRowParser.fromHeader(records, rawChars);
            BitSet extraColumns = new BitSet();
            extraColumns.set(0, records.fieldCount());
            extraColumns.andNot(parser.readColumns());
            records.expectFields(records.fieldCount(), extraColumns);
        } catch (IOException e) {
            closeQuietly(raw);
            throw unreadable(e);
        } catch (RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    private static boolean isGzip(Path file, InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        boolean magic = b1 == 0x1f && b2 == 0x8b;
        if (!magic && file.getFileName().toString().toLowerCase().endsWith(".gz")) {
            throw new BadFileException("the file is named .gz but is not gzip-compressed");
        }
        return magic;
    }

    /** What a person needs to hear when the bytes themselves cannot be read as CSV text. */
    static BadFileException unreadable(IOException e) {
        if (e instanceof EOFException) {
            return new BadFileException("the gzip data ends early: the file is truncated", e);
        }
        if (e instanceof ZipException) {
            return new BadFileException("the gzip data is corrupt: " + e.getMessage(), e);
        }
        return new BadFileException("cannot read the file: " + e, e);
    }

    @Override
    public synchronized boolean hasNext() {
        if (ahead == null && !done) {
            try {
                ahead = readBatch();
            } catch (RuntimeException e) {
                // told once: Camel's split asks again as it finishes, and logged a second failure,
                // stack and all, for a file already ending FAILED (a truncated gzip)
                done = true;
                throw e;
            }
        }
        return ahead != null;
    }

    @Override
    public synchronized TripBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        TripBatch b = ahead;
        ahead = null;
        return b;
    }

    private TripBatch readBatch() {
        try {
            while (true) {
                int batchNo = nextBatchNo++;
                if (committed.get(batchNo)) {
                    int skipped = 0;
                    while (skipped < batchSize && records.next()) {
                        skipped++;
                    }
                    if (skipped < batchSize) {
                        done = true;
                        return null;
                    }
                    continue;
                }
                TripBatch batch = new TripBatch(batchNo, batchSize);
                while (batch.rowsRead() < batchSize && records.next()) {
                    int rejected = batch.rowsRejected();
                    parser.parse(records, batch);
                    if (records.unterminated() && batch.rowsRejected() > rejected) {
                        throw cutOff(batch.rejects.get(rejected));
                    }
                }
                batch.bytesRead(bytesRead.get());
                if (batch.rowsRead() < batchSize) {
                    done = true;
                }
                return batch.rowsRead() == 0 ? null : batch;
            }
        } catch (IOException e) {
            throw unreadable(e);
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause());
        }
    }

    /**
     * A last row that is broken and has no line break after it is where a copy or an upload stopped
     * (OpenSSH's sftp closes the file as if done when its upload is cancelled): loading the rest would
     * count those trips twice once the whole file is sent again, so the file fails whole.
     */
    private static BadFileException cutOff(TripBatch.Reject last) {
        return new BadFileException("the file ends without a line break after a bad row, line " + last.line()
                + " (" + last.reason() + "): taken for a file cut off (an upload cancelled, a copy interrupted),"
                + " nothing of it is loaded; send the whole file again (a whole file whose last row is bad needs a"
                + " line break after it)");
    }

    @Override
    public synchronized void close() throws IOException {
        done = true;
        ahead = null;
        records.close();
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    /** Counts raw bytes as they are read from disk, before any decompression. */
    private static final class CountingInputStream extends FilterInputStream {
        private final AtomicLong count;

        CountingInputStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
