package trips.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.apache.camel.CamelExchangeException;
import org.junit.jupiter.api.Test;

/**
 * A remote's route stopped as its node lost the lead interrupts the file's wait for its batches:
 * taken for the file's own failure, a good file ended FAILED and went to .failed on the remote.
 */
class PassingFaultsTest {

    @Test
    void should_take_an_interrupted_wait_or_a_heap_run_out_for_a_passing_fault_and_a_bad_value_for_none() {
        assertThat(PassingFaults.isPassing(new CamelExchangeException("split failed", null,
                new InterruptedException()))).isTrue();
        assertThat(PassingFaults.isPassing(new IllegalStateException("heap", new OutOfMemoryError()))).isTrue();
        assertThat(PassingFaults.isPassing(new SQLException("value too long", "22001"))).isFalse();
    }
}
