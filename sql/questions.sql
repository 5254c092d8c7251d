-- The two business questions of the trips platform, ready for psql:
--   psql "postgresql://postgres@localhost:5432/trips" -f sql/questions.sql
-- Each is answered twice: first exactly as asked, over every stored trip (the definition; it reads
-- the whole trip table), then from the analytics aggregates, as GET /api/reports/... answers it
-- (milliseconds at any size; it counts the trips of completed files, see sql/migrations/V2__*.sql).
-- On the 100-row sample (routes/src/test/resources/trips.csv): Turin and Prague, pt_search_app at 2018-05-31 06:20:59; and
-- Hamburg, Prague, Turin.

\set datasource cheap_mobile
\pset footer off

\echo 'From the two most commonly appearing regions, which is the latest datasource?'
-- Ties are broken by name, so the answer never depends on row order.
WITH top_regions AS (
    SELECT t.region_id, r.name, count(*) AS trips
    FROM trip t JOIN region r ON r.id = t.region_id
    GROUP BY t.region_id, r.name
    ORDER BY trips DESC, r.name
    LIMIT 2
)
SELECT (SELECT string_agg(name, ', ' ORDER BY trips DESC, name) FROM top_regions) AS regions,
       d.name AS latest_datasource,
       t.datetime AS at
FROM trip t
JOIN datasource d ON d.id = t.datasource_id
WHERE t.region_id IN (SELECT region_id FROM top_regions)
ORDER BY t.datetime DESC, d.name
LIMIT 1;

\echo '... the same from the aggregates (GET /api/reports/latest-datasource)'
WITH top_regions AS (
    SELECT rd.region_id, r.name, sum(rd.trips) AS trips
    FROM region_datasource rd JOIN region r ON r.id = rd.region_id
    GROUP BY rd.region_id, r.name
    HAVING sum(rd.trips) > 0
    ORDER BY trips DESC, r.name
    LIMIT 2
)
SELECT (SELECT string_agg(name, ', ' ORDER BY trips DESC, name) FROM top_regions) AS regions,
       d.name AS latest_datasource,
       rd.last_trip AS at
FROM region_datasource rd
JOIN datasource d ON d.id = rd.datasource_id
WHERE rd.region_id IN (SELECT region_id FROM top_regions) AND rd.trips > 0
ORDER BY rd.last_trip DESC, d.name
LIMIT 1;

\echo 'What regions has the' :'datasource' 'datasource appeared in?'
SELECT r.name AS region
FROM region r
WHERE EXISTS (SELECT 1 FROM trip t JOIN datasource d ON d.id = t.datasource_id
              WHERE t.region_id = r.id AND d.name = :'datasource')
ORDER BY r.name;

\echo '... the same from the aggregates (GET /api/reports/datasource-regions?datasource=...)'
SELECT r.name AS region
FROM region_datasource rd
JOIN region r ON r.id = rd.region_id
JOIN datasource d ON d.id = rd.datasource_id
WHERE d.name = :'datasource' AND rd.trips > 0
ORDER BY r.name;
