package trips.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import trips.parse.TripBatch;
import trips.parse.TripFileReader;

/**
 * A file's batches as the split pulls them, ending at the first failure of one handed over. Camel's
 * split, stopping on a failure, walks the rest of its iterator to release the exchanges it would
 * have made: without this end, it read and parsed the whole rest of the file (minutes for a big
 * one) before the file could be failed or left to resume.
 */
final class BatchesUntilFailure implements Iterator<TripBatch>, Closeable {

    private final TripFileReader reader;
    private final BatchesInFlight inFlight;

    BatchesUntilFailure(TripFileReader reader, BatchesInFlight inFlight) {
        this.reader = reader;
        this.inFlight = inFlight;
    }

    @Override
    public boolean hasNext() {
        try {
            return !inFlight.failed() && reader.hasNext();
        } catch (OutOfMemoryError e) {
            // as an Error it went past the route's catch and killed the door's poll task for good,
            // the file left RUNNING with its run lock held; wrapped, the file is left to resume
            throw new IllegalStateException("the heap ran out while reading the file's next batch", e);
        }
    }

    @Override
    public TripBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return reader.next();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
