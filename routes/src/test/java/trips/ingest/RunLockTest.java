package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import trips.testing.IngestionFixture;

/**
 * A run's lock is held from a pooled connection, which outlives its close(): released, the lock must
 * be free for any session, or the next attempt at the run (after a cancelled statement) finds it
 * taken and ends DUPLICATE of a run that never goes on.
 */
class RunLockTest {

    private IngestionFixture fx;
    private IngestionLedger ledger;

    @BeforeEach
    void start() throws Exception {
        fx = new IngestionFixture();
        ledger = new IngestionLedger(fx.database.dataSource());
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void should_keep_a_run_from_other_sessions_while_its_lock_is_held() throws Exception {
        Optional<RunLock> lock = ledger.lockRun(42);
        assertThat(lock).isPresent();

        assertThat(tryFromAnotherSession(42)).isFalse();
        assertThat(ledger.lockRun(42)).as("another attempt at the same run, from the pool").isEmpty();
        lock.get().close();
    }

    @Test
    void should_free_a_released_run_for_any_session_although_its_connection_stays_in_the_pool() throws Exception {
        ledger.lockRun(42).orElseThrow().close();

        assertThat(tryFromAnotherSession(42)).isTrue();
    }

    private boolean tryFromAnotherSession(long id) throws Exception {
        // a session of its own, outside the platform's pool, released with it
        return fx.db.count("SELECT pg_try_advisory_lock(" + (IngestionLedger.RUN_LOCK | id) + ")::int") == 1;
    }
}
