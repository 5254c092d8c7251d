package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import trips.events.IngestionEvent;
import trips.testing.IngestionFixture;

class TripGroupingTest {

    @Test
    void should_put_trips_with_the_same_cells_and_time_bucket_in_one_group_whatever_the_date() throws Exception {
        try (IngestionFixture fx = new IngestionFixture()) {
            // a and b: same geohash-6 cells (points 20 m apart), 08:05 and 08:25 on different days -> one group;
            // c: same cells at 08:35 -> next bucket; d: same time, destination in another cell
            fx.dropText("groups.csv", BadInputIngestionTest.HEADER
                    + "Turin,POINT (7.68000 45.06000),POINT (7.70000 45.07000),2018-05-01 08:05:00,a\n"
                    + "Turin,POINT (7.68020 45.06010),POINT (7.70020 45.07010),2018-06-11 08:25:59,b\n"
                    + "Turin,POINT (7.68000 45.06000),POINT (7.70000 45.07000),2018-05-01 08:35:00,c\n"
                    + "Turin,POINT (7.68000 45.06000),POINT (7.80000 45.07000),2018-05-01 08:05:00,d\n");
            IngestionEvent end = fx.awaitEnd("groups.csv");
            assertThat(end.rowsLoaded()).isEqualTo(4);
            assertThat(fx.db.text("SELECT string_agg(trips || ' ' || first_trip || ' ' || last_trip || ' '"
                    + " || round((sum_origin_lon / trips)::numeric, 5), '; ' ORDER BY trips DESC, tod_bucket, dest_cell)"
                    + " FROM trip_group")).isEqualTo("2 2018-05-01 08:05:00 2018-06-11 08:25:59 7.68010; "
                    + "1 2018-05-01 08:05:00 2018-05-01 08:05:00 7.68000; "
                    + "1 2018-05-01 08:35:00 2018-05-01 08:35:00 7.68000");
            assertThat(fx.db.count(AggregateChecks.GROUPS_DIFFERING)).isZero();
        }
    }
}
