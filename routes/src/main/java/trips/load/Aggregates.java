package trips.load;

import java.util.List;

/**
 * The pre-aggregates that analytics read instead of trip, besides trip_group (which the loader
 * merges together with the trips, since each trip takes its group's id). Each merge reads the
 * batch from trip_stage and runs in the batch's transaction; each reversal takes back one failed
 * ingestion's share (parameter 1: the ingestion id) before its trips are deleted.
 * A new aggregate table needs one line in each list, and its test in AggregateChecks.
 */
public final class Aggregates {

    /** Statements over trip_stage, in the batch transaction; ORDER BY keeps row locks in one order. */
    public static final List<String> MERGES = List.of(
            """
            INSERT INTO region_week AS r (region_id, week, trips)
            SELECT region_id, date_trunc('week', datetime)::date, count(*) FROM trip_stage
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (region_id, week) DO UPDATE SET trips = r.trips + excluded.trips
            """);

    /** Statements with the failed ingestion's id as parameter 1, run before its trips are deleted. */
    public static final List<String> REVERSALS = List.of(
            """
            UPDATE region_week r SET trips = r.trips - d.n
            FROM (SELECT region_id, date_trunc('week', datetime)::date AS week, count(*) n FROM trip
                  WHERE ingestion_id = ? GROUP BY 1, 2) d
            WHERE r.region_id = d.region_id AND r.week = d.week
            """);

    /** Statements without parameters, run after the trips are deleted, to drop emptied rows. */
    public static final List<String> CLEANUPS = List.of(
            "DELETE FROM region_week WHERE trips <= 0");

    private Aggregates() {
    }
}
