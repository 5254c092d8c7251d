package trips.ingest;

/** SQL that counts aggregate rows differing from a brute-force GROUP BY over trip: zero when exact. */
public final class AggregateChecks {

    public static final String GROUPS_DIFFERING = "SELECT count(*) FROM (SELECT group_id, count(*) n,"
            + " min(datetime) mn, max(datetime) mx FROM trip GROUP BY group_id) t"
            + " FULL JOIN trip_group g ON g.id = t.group_id"
            + " WHERE g.trips IS DISTINCT FROM t.n OR g.first_trip IS DISTINCT FROM t.mn"
            + " OR g.last_trip IS DISTINCT FROM t.mx";

    public static final String REGION_WEEKS_DIFFERING = "SELECT count(*) FROM (SELECT region_id,"
            + " date_trunc('week', datetime)::date w, count(*) n FROM trip GROUP BY 1, 2) t"
            + " FULL JOIN region_week r ON r.region_id = t.region_id AND r.week = t.w"
            + " WHERE r.trips IS DISTINCT FROM t.n";

    private AggregateChecks() {
    }
}
