package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import trips.TripsConfig;
import trips.TripsEngine;
import trips.events.IngestionEvent;
import trips.events.IngestionEvents;
import trips.sftp.TripCsv;
import trips.testing.IngestionFixture;

/**
 * A restart skips the batches the ledger holds by their numbers. With trips.ingest.batch-size changed
 * between a crash and the restart (or set apart on two nodes), batch n named other rows: the file
 * COMPLETED with trips loaded twice (a smaller size) or never (a larger one).
 */
class ResumeWithAnotherBatchSizeTest {

    private static final int ROWS = 5000;

    @Test
    void should_resume_with_the_batch_size_of_the_first_run_when_the_setting_grew() throws Exception {
        assertResumesExactly(2000);
    }

    @Test
    void should_resume_with_the_batch_size_of_the_first_run_when_the_setting_shrank() throws Exception {
        assertResumesExactly(170);
    }

    private static void assertResumesExactly(int laterBatchSize) throws Exception {
        try (IngestionFixture fx = new IngestionFixture(Map.of("trips.ingest.batch-size", "500"))) {
            // batch 4 fails as a cancelled statement does, a passing fault: the file stays RUNNING
            // with batches 0 to 3 (and any after 4 the other loaders got in) in the ledger
            fx.db.execute("CREATE FUNCTION hold_batch_4() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.batch_no = 4 THEN RAISE EXCEPTION 'held' USING ERRCODE = '57014'; END IF;"
                    + " RETURN NEW; END $$");
            fx.db.execute("CREATE TRIGGER hold_batch_4 BEFORE INSERT ON ingestion_batch"
                    + " FOR EACH ROW EXECUTE FUNCTION hold_batch_4()");
            fx.dropText("resumed.csv", TripCsv.rows("resumed", ROWS));
            Awaitility.await().atMost(Duration.ofMinutes(1))
                    .until(() -> fx.db.count("SELECT count(*) FROM ingestion_batch WHERE batch_no < 4") == 4);
            fx.engine.close();
            fx.db.execute("DROP TRIGGER hold_batch_4 ON ingestion_batch");
            assertThat(fx.db.text("SELECT status FROM ingestion")).isEqualTo("RUNNING");

            TripsConfig restarted = fx.db.config(Map.of("trips.inbox", fx.inbox.toString(),
                    "trips.ingest.read-lock-min-age-ms", "200", "trips.ingest.batch-size", String.valueOf(laterBatchSize)));
            try (TripsEngine again = TripsEngine.start(restarted, fx.database.dataSource(), IngestionEvents.all(fx.events))) {
                IngestionEvent end = fx.awaitEnd("resumed.csv");

                assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
                assertThat(end.rowsRead()).isEqualTo(ROWS);
                assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(ROWS);
                assertThat(fx.db.count("SELECT sum(trips) FROM trip_group")).isEqualTo(ROWS);
                assertThat(fx.db.text("SELECT rows_read || ' ' || rows_loaded || ' ' || batch_size FROM ingestion"))
                        .isEqualTo(ROWS + " " + ROWS + " 500");
            }
        }
    }
}
