package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import trips.events.IngestionEvent;
import trips.testing.IngestionFixture;

/** The real 100-row sample, dropped into the inbox: the product's first promise. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleFileIngestionTest {

    private IngestionFixture fx;
    private IngestionEvent end;

    @BeforeAll
    void dropSample() throws Exception {
        fx = new IngestionFixture();
        fx.drop(sample(), "trips.csv");
        end = fx.awaitEnd("trips.csv");
    }

    @AfterAll
    void close() throws Exception {
        fx.close();
    }

    static Path sample() throws Exception {
        return Path.of(SampleFileIngestionTest.class.getResource("/trips.csv").toURI());
    }

    @Test
    void should_store_all_100_trips_with_counts_per_region() throws Exception {
        assertThat(end.type()).isEqualTo(IngestionEvent.Type.COMPLETED);
        assertThat(end.rowsRead()).isEqualTo(100);
        assertThat(end.rowsLoaded()).isEqualTo(100);
        assertThat(end.rowsRejected()).isZero();
        assertThat(fx.db.count("SELECT count(*) FROM trip")).isEqualTo(100);
        assertThat(regionCount("Turin")).isEqualTo(38);
        assertThat(regionCount("Prague")).isEqualTo(34);
        assertThat(regionCount("Hamburg")).isEqualTo(28);
    }

    private long regionCount(String region) throws Exception {
        return fx.db.count("SELECT count(*) FROM trip t JOIN region r ON r.id = t.region_id WHERE r.name = '"
                + region + "'");
    }

    @Test
    void should_store_coordinates_and_datetime_as_written() throws Exception {
        assertThat(fx.db.text("SELECT t.origin_lon || ' ' || t.origin_lat || ' ' || t.dest_lon || ' ' || t.dest_lat"
                + " || ' ' || t.datetime || ' ' || d.name FROM trip t JOIN datasource d ON d.id = t.datasource_id"
                + " WHERE t.datetime = '2018-05-28 09:03:40'"))
                .isEqualTo("14.4973794438195 50.00136875782316 14.43109483523328 50.04052930943246"
                        + " 2018-05-28 09:03:40 funny_car");
    }

    @Test
    void should_give_every_trip_the_group_of_its_cells_and_time_bucket() throws Exception {
        assertThat(fx.db.count("SELECT count(*) FROM trip t JOIN trip_group g"
                + " ON g.region_id = t.region_id AND g.origin_cell = t.origin_cell >> 30"
                + " AND g.dest_cell = t.dest_cell >> 30 AND g.tod_bucket = t.tod_bucket")).isEqualTo(100);
        assertThat(fx.db.count("SELECT count(*) FROM trip WHERE tod_bucket <> (extract(hour FROM datetime) * 2"
                + " + floor(extract(minute FROM datetime) / 30))")).isZero();
        assertThat(fx.db.count("SELECT count(*) FROM trip_group")).isEqualTo(fx.db.count(
                "SELECT count(DISTINCT (region_id, origin_cell >> 30, dest_cell >> 30, tod_bucket)) FROM trip"));
        assertThat(fx.db.count("SELECT sum(trips) FROM trip_group")).isEqualTo(100);
    }

    @Test
    void should_keep_aggregates_equal_to_a_group_by_over_trips() throws Exception {
        assertThat(fx.db.count(AggregateChecks.GROUPS_DIFFERING)).isZero();
        // the analytics aggregates are merged in the transaction that completes the file
        assertThat(fx.db.count(AggregateChecks.COMPLETED_NOT_MERGED)).isZero();
        assertThat(fx.db.count(AggregateChecks.REGION_DAYS_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.REGION_DATASOURCES_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.CELL_WEEKS_DIFFERING)).isZero();
        assertThat(fx.db.count(AggregateChecks.LOAD_TABLES_LEFT)).isZero();
    }

    @Test
    void should_record_the_ingestion_and_move_the_file_to_done() throws Exception {
        long size = Files.size(sample());
        assertThat(fx.db.text("SELECT status || ' ' || source || ' ' || file || ' ' || rows_read || ' '"
                + " || rows_loaded || ' ' || bytes_read || ' ' || bytes_total FROM ingestion"))
                .isEqualTo("COMPLETED inbox trips.csv 100 100 " + size + " " + size);
        Awaitility.await().until(() -> Files.exists(fx.inbox.resolve(".done/trips.csv")));
        assertThat(fx.inbox.resolve("trips.csv")).doesNotExist();
    }

    @Test
    void should_publish_started_then_completed_with_final_counts() {
        List<IngestionEvent> events = fx.events.of(end.id());
        assertThat(events.get(0).type()).isEqualTo(IngestionEvent.Type.STARTED);
        assertThat(events.get(events.size() - 1)).isSameAs(end);
        assertThat(events).filteredOn(e -> e.type() == IngestionEvent.Type.COMPLETED).hasSize(1);
        assertThat(end.bytesRead()).isEqualTo(end.bytesTotal());
    }
}
