package trips.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import trips.events.IngestionEvent;
import trips.ingest.AggregateChecks;
import trips.testing.IngestionFixture;

/**
 * Dense cells switched off (trips.ingest.dense-cell-trips=0, the default) after a cell was listed:
 * boxes trust the listed cell's precision-8 rows, so later files must still add theirs, while no
 * other cell gets listed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DenseCellsSwitchedOffTest {

    private IngestionFixture fx;
    private AnalyticsServer api;

    @BeforeAll
    void start() throws Exception {
        fx = new IngestionFixture(Map.of("trips.ingest.dense-cell-trips", "0"));
        api = new AnalyticsServer(fx);
    }

    @AfterAll
    void close() throws Exception {
        AnalyticsServer.close(api, fx);
    }

    @Test
    void should_keep_counting_a_listed_cell_per_finer_cell_when_dense_cells_are_switched_off() throws Exception {
        ingest("first.csv", 5_000, 1);
        assertThat(fx.db.count("SELECT count(*) FROM dense_cell")).isZero();
        // what an earlier run with dense cells on would have left: the busiest cell listed, with its
        // precision-8 rows
        fx.db.execute("INSERT INTO dense_cell SELECT 'o', origin_cell >> 25 FROM trip GROUP BY 2 ORDER BY count(*) DESC LIMIT 1");
        fx.db.execute("INSERT INTO cell_week SELECT 'o', 8, origin_cell >> 20, date_trunc('week', datetime)::date,"
                + " count(*) FILTER (WHERE extract(isodow FROM datetime) = 1), count(*) FILTER (WHERE extract(isodow FROM datetime) = 2),"
                + " count(*) FILTER (WHERE extract(isodow FROM datetime) = 3), count(*) FILTER (WHERE extract(isodow FROM datetime) = 4),"
                + " count(*) FILTER (WHERE extract(isodow FROM datetime) = 5), count(*) FILTER (WHERE extract(isodow FROM datetime) = 6),"
                + " count(*) FILTER (WHERE extract(isodow FROM datetime) = 7)"
                + " FROM trip WHERE origin_cell >> 25 IN (SELECT cell FROM dense_cell) GROUP BY 3, 4");
        assertThat(fx.db.count(AggregateChecks.CELL_WEEKS_DIFFERING)).isZero();

        ingest("second.csv", 5_000, 3);
        assertThat(fx.db.count("SELECT count(*) FROM trip WHERE ingestion_id = "
                + fx.events.terminal("second.csv").id()
                + " AND origin_cell >> 25 IN (SELECT cell FROM dense_cell)")).as("second file's trips in the listed cell")
                .isPositive();
        assertThat(fx.db.count(AggregateChecks.CELL_WEEKS_DIFFERING)).isZero();
        assertThat(fx.db.count("SELECT count(*) FROM dense_cell")).isEqualTo(1);
        assertThat(api.json("/api/weekly-average?bbox=-180,-90,180,90").getLong("trips")).isEqualTo(10_000);
    }

    private void ingest(String name, int rows, long seed) throws Exception {
        assertThat(GeneratedTrips.ingest(fx, name, rows, seed).type()).isEqualTo(IngestionEvent.Type.COMPLETED);
    }
}
