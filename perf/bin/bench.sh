#!/usr/bin/env bash
# The benchmark of the scale issue in one command: perf/bin/bench.sh ROWS [more Benchmark options]
# Builds the jars if needed, then runs trips.perf.bench.Benchmark (see perf/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:?rows}; shift
if [ ! -f web/target/trips.jar ] || [ ! -f perf/target/trips-perf-1.0.0-SNAPSHOT.jar ]; then
  mvn -B -q package -DskipTests
fi
mvn -B -q -pl perf -am install -DskipTests >/dev/null
mvn -B -q -pl perf dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/classpath.txt >/dev/null
exec java -cp "perf/target/trips-perf-1.0.0-SNAPSHOT.jar:$(cat perf/target/classpath.txt)" \
  trips.perf.bench.Benchmark --rows "$ROWS" "$@"
