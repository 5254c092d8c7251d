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

    // analytics (issue 4): merged once per completed file, so compared with the trips of merged files

    private static final String MERGED = " WHERE ingestion_id IN (SELECT ingestion_id FROM analytics_merge)";

    public static final String COMPLETED_NOT_MERGED = "SELECT count(*) FROM ingestion WHERE status = 'COMPLETED'"
            + " AND id NOT IN (SELECT ingestion_id FROM analytics_merge)";

    public static final String REGION_DAYS_DIFFERING = "SELECT count(*) FROM (SELECT region_id,"
            + " datetime::date d, count(*) n FROM trip" + MERGED + " GROUP BY 1, 2) t"
            + " FULL JOIN region_day r ON r.region_id = t.region_id AND r.day = t.d"
            + " WHERE r.trips IS DISTINCT FROM t.n";

    public static final String REGION_DATASOURCES_DIFFERING = "SELECT count(*) FROM (SELECT region_id,"
            + " datasource_id, count(*) n, max(datetime) mx FROM trip" + MERGED + " GROUP BY 1, 2) t"
            + " FULL JOIN region_datasource r ON r.region_id = t.region_id AND r.datasource_id = t.datasource_id"
            + " WHERE r.trips IS DISTINCT FROM t.n OR r.last_trip IS DISTINCT FROM t.mx";

    public static final String CELL_WEEKS_DIFFERING = "SELECT count(*) FROM (SELECT s.side, p.p, s.cell >> (60 - 5 * p.p) c,"
            + " date_trunc('week', s.datetime)::date w,"
            + " count(*) FILTER (WHERE extract(isodow FROM s.datetime) = 1) mon,"
            + " count(*) FILTER (WHERE extract(isodow FROM s.datetime) = 2) tue,"
            + " count(*) FILTER (WHERE extract(isodow FROM s.datetime) = 3) wed,"
            + " count(*) FILTER (WHERE extract(isodow FROM s.datetime) = 4) thu,"
            + " count(*) FILTER (WHERE extract(isodow FROM s.datetime) = 5) fri,"
            + " count(*) FILTER (WHERE extract(isodow FROM s.datetime) = 6) sat,"
            + " count(*) FILTER (WHERE extract(isodow FROM s.datetime) = 7) sun"
            + " FROM (SELECT 'o'::\"char\" side, origin_cell cell, datetime FROM trip" + MERGED
            + " UNION ALL SELECT 'd'::\"char\", dest_cell, datetime FROM trip" + MERGED + ") s,"
            + " generate_series(2, 8) p (p)"
            // precision 8 only in the precision-7 cells listed as dense (V5)
            + " WHERE p.p <= 7 OR (s.side, s.cell >> 25) IN (SELECT side, cell FROM dense_cell) GROUP BY 1, 2, 3, 4) t"
            + " FULL JOIN cell_week k ON k.side = t.side AND k.precision = t.p AND k.cell = t.c AND k.week = t.w"
            + " WHERE (k.mon, k.tue, k.wed, k.thu, k.fri, k.sat, k.sun)"
            + " IS DISTINCT FROM (t.mon, t.tue, t.wed, t.thu, t.fri, t.sat, t.sun)";

    /** Precision-7 cells listed as dense, or holding at least {@code trips} trips, but not both. */
    public static String denseCellsDiffering(long trips) {
        return "SELECT count(*) FROM (SELECT side, cell FROM cell_week WHERE precision = 7 GROUP BY 1, 2"
                + " HAVING sum(mon + tue + wed + thu + fri + sat + sun) >= " + trips + ") t"
                + " FULL JOIN dense_cell d ON d.side = t.side AND d.cell = t.cell WHERE t.cell IS NULL OR d.cell IS NULL";
    }

    /** Load tables still there although their files ended (each file's is attached, copied or dropped). */
    public static final String LOAD_TABLES_LEFT = "SELECT count(*) FROM pg_tables t"
            + " WHERE t.tablename ~ '^trip_load_[0-9]+$' AND NOT EXISTS (SELECT 1 FROM ingestion i"
            + " WHERE i.id = substr(t.tablename, 11)::bigint AND i.status IN ('QUEUED', 'RUNNING'))";

    private AggregateChecks() {
    }
}
