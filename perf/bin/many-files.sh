#!/usr/bin/env bash
# Many mid-size files at once: perf/bin/many-files.sh [FILES] [ROWS] [DB]
# Generates FILES seeded files of ROWS trips, starts the platform (-Xmx512m) on a fresh database DB,
# moves them all into its inbox at once and times them to the last COMPLETED. Writes a report to
# perf/results/many-files-<FILES>x<ROWS>-<time>.md, and leaves DB in place for a look. Needs PostgreSQL
# at localhost:5432 (user postgres); installs the platform's and the generator's jars into ~/.m2 first.
set -euo pipefail
cd "$(dirname "$0")/../.."
FILES=${1:-20}; ROWS=${2:-100000}; DB=${3:-trips_many_files}; PORT=${PORT:-8097}
WORK=/tmp/trips-many-files
mvn -B -q -pl web,perf -am install -DskipTests >/dev/null
psql -U postgres -h localhost -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
rm -rf "$WORK" && mkdir -p "$WORK/gen" "$WORK/inbox"
for i in $(seq 1 "$FILES"); do
  java -cp perf/target/trips-perf-1.0.0-SNAPSHOT.jar trips.perf.GenerateTrips --rows "$ROWS" --seed $((100 + i)) \
      --out "$WORK/gen/f$i.csv" >/dev/null
done
TRIPS_DB_URL=jdbc:postgresql://localhost:5432/$DB TRIPS_INBOX=$WORK/inbox TRIPS_HTTP_PORT=$PORT \
    java -Xmx512m -jar web/target/trips.jar >"$WORK/platform.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -sf "http://localhost:$PORT/api/health" >/dev/null; do
  # a platform that could not start (port taken, bad setting) says why in its log, instead of a wait forever
  kill -0 $PID 2>/dev/null || { echo "the platform did not start:" >&2; cat "$WORK/platform.log" >&2; exit 1; }
  sleep 0.5
done
START=$(date +%s.%N)
mv "$WORK"/gen/*.csv "$WORK/inbox/"
until [ "$(grep -c 'COMPLETED #' "$WORK/platform.log" || true)" -ge "$FILES" ]; do
  if grep -q 'FAILED #' "$WORK/platform.log"; then echo "a file FAILED: $WORK/platform.log" >&2; exit 1; fi
  sleep 0.5
done
SECONDS_TAKEN=$(echo "$(date +%s.%N) - $START" | bc)
STORED=$(psql -U postgres -h localhost -d "$DB" -Atc "SELECT count(*) FROM trip")
RATE=$(echo "$STORED / $SECONDS_TAKEN" | bc)
OUT=perf/results/many-files-${FILES}x${ROWS}-$(date -u +%Y-%m-%dT%H-%M).md
{
  echo "# Many files at once: $FILES files of $ROWS trips"
  echo "Command: \`perf/bin/many-files.sh $FILES $ROWS $DB\` (commit $(git rev-parse --short HEAD))"
  echo
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {print $2}' /proc/meminfo) kB, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "- PostgreSQL: $(psql -U postgres -h localhost -Atc 'SHOW server_version'), shared_buffers $(psql -U postgres -h localhost -Atc 'SHOW shared_buffers'), autovacuum $(psql -U postgres -h localhost -Atc 'SHOW autovacuum')"
  echo "- inbox to the last COMPLETED: $SECONDS_TAKEN s; trips stored: $STORED; $RATE trips a second"
} >"$OUT"
cat "$OUT"
