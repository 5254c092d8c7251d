#!/usr/bin/env bash
# Times the platform ingesting a generated file end to end (inbox to COMPLETED) next to psql \copy of
# the same file into a table of five text columns, in the same run, and prints both and the ratio.
#
#   perf/bin/ingest-vs-copy.sh ROWS [SEED] [XMX]
#
# Needs: mvn -q -B package -DskipTests (for web/target/trips.jar and the perf jar), psql, and a
# PostgreSQL at $PGHOST:$PGPORT (default localhost:5432, user postgres). Uses the databases
# trips_bench and trips_bench_copy, dropped first. Appends a Markdown row to perf/results/ingest-vs-copy.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:?rows}; SEED=${2:-42}; XMX=${3:-512m}
PGHOST=${PGHOST:-localhost}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
WORK=${BENCH_DIR:-/tmp/trips-bench}; mkdir -p "$WORK"
FILE="$WORK/trips-$ROWS-$SEED.csv"
# \copy into five text columns would stop at the first malformed row, so the reference file has none
[ -f "$FILE" ] || java -cp perf/target/trips-perf-1.0.0-SNAPSHOT.jar trips.perf.GenerateTrips \
  --rows "$ROWS" --seed "$SEED" --bad-share 0 --out "$FILE" >/dev/null
SIZE=$(stat -c %s "$FILE")

psql -qc "DROP DATABASE IF EXISTS trips_bench_copy WITH (FORCE)" -c "CREATE DATABASE trips_bench_copy" >/dev/null
psql -d trips_bench_copy -qc "CREATE TABLE raw (region text, origin_coord text, destination_coord text, datetime text, datasource text)"
T0=$(date +%s.%N)
psql -d trips_bench_copy -qc "\\copy raw FROM '$FILE' WITH (FORMAT csv, HEADER true)"
T1=$(date +%s.%N)
COPY_S=$(echo "$T1 - $T0" | bc -l)
psql -qc "DROP DATABASE trips_bench_copy WITH (FORCE)" >/dev/null

psql -qc "DROP DATABASE IF EXISTS trips_bench WITH (FORCE)" >/dev/null
INBOX="$WORK/inbox"; rm -rf "$INBOX"; mkdir -p "$INBOX"
PORT=$(( 20000 + RANDOM % 20000 ))
TRIPS_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/trips_bench" TRIPS_INBOX="$INBOX" TRIPS_HTTP_PORT=$PORT \
TRIPS_INGEST_READ_LOCK_MIN_AGE_MS=100 \
  java -Xmx"$XMX" -jar web/target/trips.jar > "$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
until curl -sf "http://localhost:$PORT/api/health" >/dev/null; do
  kill -0 $APP 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
  sleep 0.2
done
cp "$FILE" "$INBOX/.bench.part"
T0=$(date +%s.%N)
mv "$INBOX/.bench.part" "$INBOX/bench.csv"
until [ -n "$(psql -d trips_bench -tAc "SELECT status FROM ingestion WHERE status IN ('COMPLETED','FAILED')" 2>/dev/null)" ]; do
  sleep 0.1
done
T1=$(date +%s.%N)
PLATFORM_S=$(echo "$T1 - $T0" | bc -l)
STATUS=$(psql -d trips_bench -tAc "SELECT status || ' rows_loaded=' || rows_loaded FROM ingestion")
PEAK_RSS_KB=$(grep VmHWM /proc/$APP/status | awk '{print $2}')
kill $APP; wait $APP 2>/dev/null || true
trap - EXIT

RATIO=$(echo "$PLATFORM_S / $COPY_S" | bc -l)
printf 'rows=%s bytes=%s copy_s=%.2f platform_s=%.2f ratio=%.2f peak_rss_mb=%d %s\n' \
  "$ROWS" "$SIZE" "$COPY_S" "$PLATFORM_S" "$RATIO" $((PEAK_RSS_KB / 1024)) "$STATUS"
OUT=perf/results/ingest-vs-copy.md
[ -f "$OUT" ] || printf '# Ingest vs psql \\copy\n\nEach row: `perf/bin/ingest-vs-copy.sh ROWS SEED XMX` (same file, same run, same server).\n\n| date | machine | rows | file MB | psql \\copy s | platform s | ratio | -Xmx | peak RSS MB | result |\n|---|---|---|---|---|---|---|---|---|---|\n' > "$OUT"
printf '| %s | %s cores, %s GiB, PostgreSQL %s | %s | %d | %.2f | %.2f | %.2f | %s | %d | %s |\n' \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$(free -g | awk '/Mem:/{print $2}')" \
  "$(psql -tAc 'SHOW server_version' | cut -d' ' -f1)" "$ROWS" $((SIZE / 1048576)) "$COPY_S" "$PLATFORM_S" "$RATIO" \
  "$XMX" $((PEAK_RSS_KB / 1024)) "$STATUS" >> "$OUT"
