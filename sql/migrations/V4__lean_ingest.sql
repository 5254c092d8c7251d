-- Scale (issue 5). Measured on 2M- and 10M-row files with PostgreSQL logging each statement's time
-- (perf/README.md has the numbers).

-- region_week was merged batch by batch, which made every batch COPY into a staging table and copy
-- that into trip; nothing has read it since analytics moved to region_day (V2), merged per completed
-- file. Without it a batch is one binary COPY.
DROP TABLE region_week;

-- The foreign key checked every new group against region one row at a time: 3.2 s of the 4.9 s
-- that inserting 1.3M groups took. Groups are only written by the completion merge, from trips
-- whose region ids the loader took from region itself.
ALTER TABLE trip_group DROP CONSTRAINT trip_group_region_id_fkey;

-- trip holds the trips of completed files only, one partition per big file and the default
-- partition for the small ones. A file loads into a table of its own (trips.load.LoadTable), which
-- on completion becomes a partition as it is, with its point indexes built in bulk. The indexes
-- carry what the cut cells of a box are checked against, so that those are read from the index
-- alone; they replace cell_point_origin and cell_point_dest, which wrote every trip twice more,
-- sorted, in the completing transaction (42 of the 130 s a 10M-row file took).
ALTER TABLE trip RENAME TO trip_v3;
ALTER INDEX trip_ingestion_brin RENAME TO trip_v3_ingestion_brin;

CREATE TABLE trip (LIKE trip_v3 INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST (ingestion_id);
CREATE TABLE trip_small_files PARTITION OF trip DEFAULT;
CREATE INDEX trip_origin_idx ON trip (origin_cell) INCLUDE (origin_lon, origin_lat, dest_lon, dest_lat, datetime);
CREATE INDEX trip_dest_idx ON trip (dest_cell) INCLUDE (dest_lon, dest_lat, datetime);

INSERT INTO trip SELECT * FROM trip_v3 WHERE ingestion_id IN (SELECT ingestion_id FROM analytics_merge)
ORDER BY origin_cell;

-- a file still running keeps what it committed, in its load table
DO $$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT DISTINCT ingestion_id AS id FROM trip_v3
             WHERE ingestion_id NOT IN (SELECT ingestion_id FROM analytics_merge) LOOP
        EXECUTE format('CREATE TABLE trip_load_%s (LIKE trip, CHECK (ingestion_id = %s))', f.id, f.id);
        EXECUTE format('INSERT INTO trip_load_%s SELECT * FROM trip_v3 WHERE ingestion_id = %s', f.id, f.id);
    END LOOP;
END $$;

DROP TABLE trip_v3;
DROP TABLE cell_point_origin;
DROP TABLE cell_point_dest;
