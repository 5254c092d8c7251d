package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import trips.events.IngestionEvent;
import trips.sftp.TripCsv;
import trips.testing.IngestionFixture;

/**
 * Once a batch of a file failed, the file is read no further. Camel's split, stopping on that
 * failure, walks the rest of its iterator to release the exchanges it would have made, which read
 * (and parsed) the whole rest of the file before the file was failed or left to resume: minutes
 * for a big file, holding its run and its door.
 */
class FailedBatchStopsReadingTest {

    private static final int ROWS = 100_000;

    @Test
    void should_read_no_further_than_the_batches_in_flight_once_one_failed() throws Exception {
        try (IngestionFixture fx = new IngestionFixture(Map.of("trips.ingest.batch-size", "500"))) {
            // batch 3 fails as a constraint would, which is the file's failure, not a passing one
            fx.db.execute("CREATE FUNCTION fail_batch_3() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.batch_no = 3 THEN RAISE EXCEPTION 'batch 3 refused' USING ERRCODE = '23514'; END IF;"
                    + " RETURN NEW; END $$");
            fx.db.execute("CREATE TRIGGER fail_batch_3 BEFORE INSERT ON ingestion_batch"
                    + " FOR EACH ROW EXECUTE FUNCTION fail_batch_3()");
            fx.dropText("refused.csv", TripCsv.rows("refused", ROWS));

            IngestionEvent end = fx.awaitEnd("refused.csv");

            assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
            assertThat(end.error()).contains("batch 3 refused");
            // 200 batches of some 34 KB: the failure is seen a few batches on (those in flight,
            // the reader's 64 KB buffer), not at the end of the file
            assertThat(end.bytesRead()).as("bytes read of " + end.bytesTotal()).isLessThan(end.bytesTotal() / 10);
            assertThat(fx.db.count("SELECT count(*) FROM trip")).isZero();
        }
    }
}
