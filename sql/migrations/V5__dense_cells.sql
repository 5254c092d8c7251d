-- Scale (issue 5): a box's cut cells at 100M trips. A box's whole cells come from cell_week, but
-- the trips of the precision-7 cells (about 150 m) its edges cut are read one by one from trip's
-- point indexes; at a busy station such a cell holds tens of thousands of trips, so a box whose
-- edges cross hot spots read hundreds of thousands (p95 90 to 140 ms at 100M).
--
-- With trips.ingest.dense-cell-trips above 0 (it is 0, off, by default: at 100M trips it made the
-- file's completion 345 s longer, perf/README.md), a precision-7 cell listed here has reached that
-- many trips: from then on cell_week also holds its precision-8 rows (about 38 x 19 m) for all of
-- its trips, the earlier files' ones included (trips.load.Aggregates backfills them from trip when a
-- cell is listed). A box whose edge cuts a dense cell reads only the trips of its cut precision-8
-- cells. Every precision-8 row for all cells would be some 13M more rows to merge at 10M trips (4M
-- at precision 7), most of them for cells of a few trips, which are cheap to read anyway.
--
-- Existing data needs nothing: a cell not listed is read point by point, as before. A listed cell
-- keeps getting its precision-8 rows when the setting is later switched off.
CREATE TABLE dense_cell (
    side "char" NOT NULL CHECK (side IN ('o', 'd')),
    cell bigint NOT NULL,
    PRIMARY KEY (side, cell)
);
