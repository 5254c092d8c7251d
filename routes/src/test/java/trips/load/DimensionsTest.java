package trips.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import trips.events.IngestionEvent;
import trips.sftp.TripCsv;
import trips.testing.IngestionFixture;

/** Region and datasource ids are smallint: none may be spent for nothing, and running out must say so. */
class DimensionsTest {

    private IngestionFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new IngestionFixture();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void should_take_no_id_from_the_sequence_for_a_name_already_stored() throws Exception {
        short first = regionIdInANewProcess("Prague");
        long used = fx.db.count("SELECT last_value FROM region_id_seq");

        // a new process (a restart, another node) knows no name yet
        assertThat(regionIdInANewProcess("Prague")).isEqualTo(first);
        assertThat(regionIdInANewProcess("Prague")).isEqualTo(first);
        assertThat(fx.db.count("SELECT last_value FROM region_id_seq")).isEqualTo(used);
    }

    @Test
    void should_fail_a_file_with_a_clear_reason_when_no_region_id_is_left() throws Exception {
        fx.db.execute("ALTER SEQUENCE region_id_seq RESTART WITH " + Short.MAX_VALUE);
        fx.dropText("last-id.csv", TripCsv.rows("last", 10));
        assertThat(fx.awaitEnd("last-id.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);

        fx.dropText("one-too-many.csv", TripCsv.rows("last", 10).replace("Turin,", "Milan,"));
        IngestionEvent end = fx.awaitEnd("one-too-many.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(end.error()).startsWith("no region id left for 'Milan'");
        assertThat(end.error()).endsWith("a database holds at most 32767 region names (those of failed files too)");
    }

    @Test
    void should_fail_a_file_whose_region_column_holds_something_else_before_it_uses_up_the_ids() throws Exception {
        // trip ids under the header "region": a new name on every row
        StringBuilder ids = new StringBuilder(TripCsv.rows("partner", 0));
        for (int i = 0; i < 5000; i++) {
            ids.append(TripCsv.row("partner", i).replace("Turin,", "trip-" + i + ","));
        }
        fx.dropText("ids-as-regions.csv", ids.toString());
        IngestionEvent end = fx.awaitEnd("ids-as-regions.csv");

        assertThat(end.type()).isEqualTo(IngestionEvent.Type.FAILED);
        assertThat(end.error()).startsWith("lines 2 to ").contains("name more than 1000 regions the database has not"
                + " seen ('trip-1000' is one more): is the column under the header 'region' what it says?");
        assertThat(fx.db.count("SELECT count(*) FROM region")).isEqualTo(1000);

        fx.dropText("new-town.csv", TripCsv.rows("partner", 10).replace("Turin,", "New Town,"));
        assertThat(fx.awaitEnd("new-town.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
    }

    private short regionIdInANewProcess(String name) throws Exception {
        Dimensions dimensions = new Dimensions(fx.database.dataSource(), 1000);
        return dimensions.region(name, dimensions.newNames(2, 2));
    }
}
