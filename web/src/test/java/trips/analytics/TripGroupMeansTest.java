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
            TripGroupsQuery query = new TripGroupsQuery(fx.database.dataSource(), 6, 30);
            AnalyticsParams.GroupsRequest request = new AnalyticsParams.GroupsRequest(null, 20, 1, 4, 120);
            try (Connection c = fx.db.connect()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    // a planner as eager for parallel plans as a big table makes it
                    s.execute("SET parallel_setup_cost = 0");
                    s.execute("SET parallel_tuple_cost = 0");
                    s.execute("SET min_parallel_table_scan_size = 0");
                }
                // the statement the answer runs, on the connection as the answer sets it
                try (PreparedStatement explain = query.rollUp(c, "EXPLAIN ", null, request)) {
                    assertThat(plan(explain)).doesNotContain("Gather", "Parallel", "Partial");
                    try (Statement s = c.createStatement()) {
                        s.execute("SET LOCAL max_parallel_workers_per_gather = 2");
                    }
                    assertThat(plan(explain)).as("without the answer's settings, workers would add the sums")
                            .contains("Gather");
                }
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

    private static String plan(PreparedStatement explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = explain.executeQuery()) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
