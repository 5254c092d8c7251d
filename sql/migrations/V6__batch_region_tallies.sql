-- Scale (issue 5). region_day and region_datasource were merged by two passes over a completed
-- file's trips (100M trips: 16.5 + 12.3 s on an Intel machine, 10M: 5.8 s on an AMD one), counting
-- what the loader had in hand already: each batch's trips per region and day, and per region and
-- data source with the latest trip. Each batch now writes those counts here, in its own
-- transaction, so they commit or vanish with its trips exactly as the ledger row does (a resumed
-- file keeps the tallies of the batches it keeps), and the completion sums a few thousand array
-- elements per batch instead of reading every trip. The completion and a failure delete a file's
-- rows.
CREATE TABLE batch_region_tally (
    ingestion_id bigint     NOT NULL REFERENCES ingestion (id) ON DELETE CASCADE,
    batch_no     integer    NOT NULL,
    -- trips per region and day: day_region[i], day[i] (days since 1970-01-01), day_trips[i]
    day_region   smallint[] NOT NULL,
    day          integer[]  NOT NULL,
    day_trips    integer[]  NOT NULL,
    -- trips per region and data source, and the latest (seconds since 1970-01-01T00:00, as written)
    ds_region    smallint[] NOT NULL,
    datasource   smallint[] NOT NULL,
    ds_trips     integer[]  NOT NULL,
    ds_last      bigint[]   NOT NULL,
    PRIMARY KEY (ingestion_id, batch_no)
);

-- a file still running when this migration runs committed its batches without tallies: one row of
-- batch number -1 holds what its load table has so far
DO $$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT substr(t.tablename, 11)::bigint AS id FROM pg_tables t
             WHERE t.schemaname = current_schema() AND t.tablename ~ '^trip_load_[0-9]+$'
               AND EXISTS (SELECT 1 FROM ingestion i WHERE i.id = substr(t.tablename, 11)::bigint
                           AND i.status IN ('QUEUED', 'RUNNING')) LOOP
        EXECUTE format($q$
            INSERT INTO batch_region_tally
            SELECT %1$s, -1, d.r, d.d, d.n, s.r, s.ds, s.n, s.l
            FROM (SELECT coalesce(array_agg(region_id), '{}') r, coalesce(array_agg(day - date '1970-01-01'), '{}') d,
                         coalesce(array_agg(n), '{}') n
                  FROM (SELECT region_id, datetime::date AS day, count(*)::int AS n FROM trip_load_%1$s
                        GROUP BY 1, 2) x) d,
                 (SELECT coalesce(array_agg(region_id), '{}') r, coalesce(array_agg(datasource_id), '{}') ds,
                         coalesce(array_agg(n), '{}') n, coalesce(array_agg(l), '{}') l
                  FROM (SELECT region_id, datasource_id, count(*)::int AS n,
                               extract(epoch FROM max(datetime))::bigint AS l
                        FROM trip_load_%1$s GROUP BY 1, 2) y) s
            $q$, f.id);
    END LOOP;
END $$;
