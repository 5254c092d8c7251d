-- Analytics (issue 4): what GET /api/weekly-average, /api/trip-groups, /api/regions, /api/datasources
-- and the reports read instead of scanning trip.
--
-- All of it is merged once per completed file, sorted, like trip_group (V1), by the statements of
-- trips.load.Aggregates.FILE_MERGES; analytics_merge records which files are in. Merging batch by
-- batch was built first and measured: on a 1M-row file it took ingestion from 11 s to 38-71 s,
-- because nearly every trip adds a row of its own to the finer cell aggregates and to two indexes,
-- each a random B-tree insertion; a whole file merged in key order writes each page once.
-- Analytics therefore count the trips of merged files: a file's trips appear in every answer at
-- once when it is merged, never half of them. A file that fails is never merged, so nothing has
-- to be reversed (Aggregates.REVERSALS has no entry for these tables).

CREATE TABLE analytics_merge (
    ingestion_id bigint      PRIMARY KEY REFERENCES ingestion (id),
    merged_at    timestamptz NOT NULL DEFAULT now()
);

-- Trips per region and day. A window whose from/to cuts an ISO week counts only the days inside
-- it, which region_week cannot tell; a few thousand rows per region and decade.
CREATE TABLE region_day (
    region_id smallint NOT NULL REFERENCES region (id),
    day       date     NOT NULL,
    trips     bigint   NOT NULL,
    PRIMARY KEY (region_id, day)
);

-- Trips and the latest trip per region and data source: the data source list and both reports.
CREATE TABLE region_datasource (
    region_id     smallint  NOT NULL REFERENCES region (id),
    datasource_id smallint  NOT NULL REFERENCES datasource (id),
    trips         bigint    NOT NULL,
    last_trip     timestamp NOT NULL,
    PRIMARY KEY (region_id, datasource_id)
);

-- Trips per geohash cell of the origin ('o') or destination ('d'), per ISO week (Monday), with
-- one count per weekday so that a window cutting a week stays exact without a row per day.
-- Cells are kept at precisions 2 to 7 (trips.analytics.BoxCover.STORED): a box is answered from
-- the coarsest cells wholly inside it, and only the precision-7 cells (about 150 m) its edges cut
-- are read point by point. Without precision 7, a small box over a busy station read the
-- hundreds of thousands of trips of its 1.2 km cells at 10M trips (measured 60-185 ms).
-- Fill factor 70 leaves room on each page so that adding a later file's counts to a row is a HOT
-- update, which writes no index entry (the day counts are deliberately not indexed).
CREATE TABLE cell_week (
    side      "char"   NOT NULL CHECK (side IN ('o', 'd')),
    precision smallint NOT NULL,
    cell      bigint   NOT NULL,
    week      date     NOT NULL,
    mon integer NOT NULL, tue integer NOT NULL, wed integer NOT NULL, thu integer NOT NULL,
    fri integer NOT NULL, sat integer NOT NULL, sun integer NOT NULL,
    PRIMARY KEY (side, precision, cell, week)
) WITH (fillfactor = 70);

-- The points of merged trips by origin and by destination cell (60-bit, as in trip): the trips of
-- cut cells are read here, one index range per cut cell (any cell at any precision is one range).
-- Appended per file in cell order, so a range is a few contiguous runs of pages instead of a page
-- per trip, and the index grows in key order. The origin copy carries the destination point,
-- because match=both checks both ends of every trip whose origin lies in the box.
CREATE TABLE cell_point_origin (
    cell     bigint           NOT NULL,
    lon      double precision NOT NULL,
    lat      double precision NOT NULL,
    dest_lon double precision NOT NULL,
    dest_lat double precision NOT NULL,
    datetime timestamp        NOT NULL
);
CREATE INDEX cell_point_origin_idx ON cell_point_origin (cell);

CREATE TABLE cell_point_dest (
    cell     bigint           NOT NULL,
    lon      double precision NOT NULL,
    lat      double precision NOT NULL,
    datetime timestamp        NOT NULL
);
CREATE INDEX cell_point_dest_idx ON cell_point_dest (cell);

-- Largest groups first without sorting millions of (mostly single-trip) groups. Partial, so that
-- the many small groups a file's merge touches never update it; smaller groups are found by a scan
-- when fewer than the asked number reach the threshold (trips.analytics.TripGroupsQuery).
CREATE INDEX trip_group_top_idx ON trip_group (region_id, trips DESC) WHERE trips >= 10;

-- Databases that already hold completed files get their analytics now (the same statements as
-- Aggregates.FILE_MERGES, over all completed files at once).
INSERT INTO analytics_merge (ingestion_id) SELECT id FROM ingestion WHERE status = 'COMPLETED';

CREATE TEMP TABLE merged_trip ON COMMIT DROP AS
SELECT * FROM trip WHERE ingestion_id IN (SELECT ingestion_id FROM analytics_merge);

INSERT INTO region_day (region_id, day, trips)
SELECT region_id, datetime::date, count(*) FROM merged_trip GROUP BY 1, 2;

INSERT INTO region_datasource (region_id, datasource_id, trips, last_trip)
SELECT region_id, datasource_id, count(*), max(datetime) FROM merged_trip GROUP BY 1, 2;

INSERT INTO cell_week (side, precision, cell, week, mon, tue, wed, thu, fri, sat, sun)
SELECT s.side, p.precision, s.cell >> (60 - 5 * p.precision), s.week,
       count(*) FILTER (WHERE s.dow = 1), count(*) FILTER (WHERE s.dow = 2),
       count(*) FILTER (WHERE s.dow = 3), count(*) FILTER (WHERE s.dow = 4),
       count(*) FILTER (WHERE s.dow = 5), count(*) FILTER (WHERE s.dow = 6),
       count(*) FILTER (WHERE s.dow = 7)
FROM (SELECT 'o'::"char" AS side, origin_cell AS cell, date_trunc('week', datetime)::date AS week,
             extract(isodow FROM datetime)::int AS dow FROM merged_trip
      UNION ALL
      SELECT 'd'::"char", dest_cell, date_trunc('week', datetime)::date, extract(isodow FROM datetime)::int
      FROM merged_trip) s
CROSS JOIN (VALUES (2::smallint), (3::smallint), (4::smallint), (5::smallint), (6::smallint), (7::smallint))
    AS p (precision)
GROUP BY 1, 2, 3, 4;

INSERT INTO cell_point_origin (cell, lon, lat, dest_lon, dest_lat, datetime)
SELECT origin_cell, origin_lon, origin_lat, dest_lon, dest_lat, datetime FROM merged_trip ORDER BY origin_cell;

INSERT INTO cell_point_dest (cell, lon, lat, datetime)
SELECT dest_cell, dest_lon, dest_lat, datetime FROM merged_trip ORDER BY dest_cell;
