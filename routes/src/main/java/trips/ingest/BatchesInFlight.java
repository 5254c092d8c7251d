package trips.ingest;

/**
 * One file's batches handed to the loaders and not loaded yet, and the first failure among them: the
 * file is read no further once a batch failed, and it completes, or fails, only once none is in flight.
 */
final class BatchesInFlight {

    private int count;
    private Throwable failure;

    synchronized void add() {
        count++;
    }

    synchronized void done(Throwable e) {
        count--;
        if (e != null && failure == null) {
            failure = e;
        }
        notifyAll();
    }

    synchronized boolean failed() {
        return failure != null;
    }

    /** Throws the first failure of a batch handed over earlier, if there is one. */
    synchronized void requireNoFailure() throws Exception {
        if (failure != null) {
            throw asException(failure);
        }
    }

    /** Waits until every batch handed over has loaded; throws the first failure among them. */
    synchronized void awaitLoaded() throws Exception {
        while (count > 0) {
            wait();
        }
        requireNoFailure();
    }

    /**
     * Waits, ignoring their failures, until none is still loading: a file is failed or left to be
     * resumed only once nothing of it can commit any more.
     */
    synchronized void awaitSettled() {
        try {
            while (count > 0) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Exception asException(Throwable t) {
        return t instanceof Exception e ? e : new IllegalStateException("a loader thread failed: " + t, t);
    }
}
