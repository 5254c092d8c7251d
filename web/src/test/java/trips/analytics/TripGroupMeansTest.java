package trips.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import trips.events.IngestionEvent;
import trips.testing.IngestionFixture;

/**
 * A coarser view's mean points are added up by one process, in one order: split among parallel
 * workers, the last digits of a roll-up's means followed the order the workers happened to add
 * rows in, and the same request answered different bytes.
 */
class TripGroupMeansTest {

    @Test
    void should_add_a_roll_ups_sums_in_one_process_and_answer_the_same_bytes_each_time() throws Exception {
        IngestionFixture fx = new IngestionFixture(Map.of("trips.ingest.batch-size", "5000"));
        AnalyticsServer api = null;
        try {
            assertThat(GeneratedTrips.ingest(fx, "means.csv", 20_000, 7).type()).isEqualTo(IngestionEvent.Type.COMPLETED);
            try (Connection c = fx.db.connect()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    // a planner as eager for parallel plans as a big table makes it
                    s.execute("SET parallel_setup_cost = 0");
                    s.execute("SET parallel_tuple_cost = 0");
                    s.execute("SET min_parallel_table_scan_size = 0");
                }
                assertThat(rollUpPlan(c)).as("the roll-up would be split among workers").contains("Gather");

                TripGroupsQuery.addInOneOrder(c);
                assertThat(rollUpPlan(c)).doesNotContain("Gather", "Parallel", "Partial");
                c.rollback();
            }

            api = new AnalyticsServer(fx);
            Set<String> bodies = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                bodies.add(api.get("/api/trip-groups?precision=4&bucketMinutes=120&limit=20").body());
            }
            assertThat(bodies).hasSize(1);
        } finally {
            AnalyticsServer.close(api, fx);
        }
    }

    private static String rollUpPlan(Connection c) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + TripGroupsQuery.ROLL_UP_ALL)) {
            ps.setInt(1, 10);
            ps.setInt(2, 10);
            ps.setInt(3, 4);
            ps.setObject(4, null, java.sql.Types.SMALLINT);
            ps.setLong(5, 1);
            ps.setInt(6, 20);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
