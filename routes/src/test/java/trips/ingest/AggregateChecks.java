package trips.ingest;

/** SQL that counts aggregate rows differing from a brute-force GROUP BY over trip: zero when exact. */
public final class AggregateChecks {

    /** Groups at the stored precision 6 (cells shifted by 30 bits) of completed files. */
    public static final String GROUPS_DIFFERING = "SELECT count(*) FROM (SELECT region_id, origin_cell >> 30 oc,"
            + " dest_cell >> 30 dc, tod_bucket b, count(*) n, min(datetime) mn, max(datetime) mx,"
            + " sum(origin_lon) olon, sum(dest_lat) dlat FROM trip"
            + " WHERE ingestion_id IN (SELECT id FROM ingestion WHERE status = 'COMPLETED') GROUP BY 1, 2, 3, 4) t"
            + " FULL JOIN trip_group g ON g.region_id = t.region_id AND g.origin_cell = t.oc AND g.dest_cell = t.dc"
            + " AND g.tod_bucket = t.b"
            + " WHERE g.trips IS DISTINCT FROM t.n OR g.first_trip IS DISTINCT FROM t.mn"
            + " OR g.last_trip IS DISTINCT FROM t.mx OR abs(g.sum_origin_lon - t.olon) > 1e-6"
            + " OR abs(g.sum_dest_lat - t.dlat) > 1e-6 OR t.n IS NULL OR g.trips IS NULL";

    public static final String REGION_WEEKS_DIFFERING = "SELECT count(*) FROM (SELECT region_id,"
            + " date_trunc('week', datetime)::date w, count(*) n FROM trip GROUP BY 1, 2) t"
            + " FULL JOIN region_week r ON r.region_id = t.region_id AND r.week = t.w"
            + " WHERE r.trips IS DISTINCT FROM t.n";

    private AggregateChecks() {
    }
}
