package trips.ingest;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * A full pool's hand-over waits for room in its queue: the thread handing work over goes no further
 * until the pool takes it. Unlike running it on the caller's thread, nothing nests, so nothing piles
 * up on the caller's stack however slow the pool is.
 */
public final class WaitForRoom implements RejectedExecutionHandler {

    /** The pool was shut down: its work is left to the next start, which resumes it from the ledger. */
    static RejectedExecutionException stopping() {
        return new RejectedExecutionException("the engine is stopping: the file resumes at the next start");
    }

    @Override
    public void rejectedExecution(Runnable task, ThreadPoolExecutor pool) {
        if (pool.isShutdown()) {
            throw stopping();
        }
        try {
            pool.getQueue().put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for room", e);
        }
        // shut down while this thread waited: the queue may have been drained already, and no one would run it
        if (pool.isShutdown() && pool.remove(task)) {
            throw stopping();
        }
    }
}
