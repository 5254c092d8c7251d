package trips.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trips.events.IngestionEvent;
import trips.testing.IngestionFixture;

/**
 * A coarser view's mean point is the mean of its trips, whatever order the database adds the stored
 * groups' sums in: summed in floating point, a roll-up's last digits followed the order parallel
 * workers happened to add rows in, so the same request gave different bytes.
 */
class TripGroupMeansTest {

    @Test
    void should_roll_up_mean_points_exactly_whatever_the_order_of_the_sums() throws Exception {
        IngestionFixture fx = new IngestionFixture(Map.of("trips.ingest.read-lock-min-age-ms", "0"));
        AnalyticsServer api = null;
        try {
            // three trips in three stored groups (0.1 degree apart) that one precision-1 cell holds:
            // in doubles 0.1 + 0.2 + 0.3 is 0.6000000000000001 in this order, 0.6 in another
            fx.dropText("means.csv", "region,origin_coord,destination_coord,datetime,datasource\n"
                    + "Means,POINT (0.1 10),POINT (0.5 10.5),2018-05-01 08:00:00,funny_car\n"
                    + "Means,POINT (0.2 10),POINT (0.5 10.5),2018-05-01 08:05:00,funny_car\n"
                    + "Means,POINT (0.3 10),POINT (0.5 10.5),2018-05-01 08:10:00,funny_car\n");
            assertThat(fx.awaitEnd("means.csv").type()).isEqualTo(IngestionEvent.Type.COMPLETED);
            api = new AnalyticsServer(fx);
            JsonObject group = api.json("/api/trip-groups?region=Means&precision=1&bucketMinutes=30")
                    .getJsonArray("groups").getJsonObject(0);

            assertThat(group.getLong("trips")).isEqualTo(3);
            // the nearest double to (0.1 + 0.2 + 0.3) / 3, the three being the doubles written
            assertThat(group.getJsonObject("meanOrigin").getDouble("lon")).isEqualTo(0.2);
            assertThat(group.getJsonObject("meanOrigin").getDouble("lat")).isEqualTo(10.0);
            assertThat(group.getJsonObject("meanDestination").getDouble("lon")).isEqualTo(0.5);
        } finally {
            AnalyticsServer.close(api, fx);
        }
    }
}
