#!/usr/bin/env bash
# The benchmark of the scale issue in one command: perf/bin/bench.sh ROWS [more Benchmark options]
# Builds the platform's jar and the harness from the checkout, then runs trips.perf.bench.Benchmark
# (see perf/README.md). Always built: with --reuse-db the point is to measure the code as it is now,
# and a jar left from an earlier build would answer with the old code.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:?rows}; shift
mvn -B -q -pl web,perf -am install -DskipTests >/dev/null
mvn -B -q -pl perf dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/classpath.txt >/dev/null
exec java -cp "perf/target/trips-perf-1.0.0-SNAPSHOT.jar:$(cat perf/target/classpath.txt)" \
  trips.perf.bench.Benchmark --rows "$ROWS" "$@"
