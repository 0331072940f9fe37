#!/usr/bin/env bash
# Benchmarks of the stream pipeline on an in-process broker.
#   monitor/pipeline/bench.sh [workers]   io.esdmon.pipeline.bench.StreamBenchmark: end-to-end latency and
#                                         throughput, next to the engine alone (default: one worker per core)
#   monitor/pipeline/bench.sh phases      io.esdmon.pipeline.phase.PhaseStageBenchmark: classification time,
#                                         latency with and without the phase stage, rebuild of N analyses
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
main=io.esdmon.pipeline.bench.StreamBenchmark
if [[ "${1:-}" == "phases" ]]; then
  main=io.esdmon.pipeline.phase.PhaseStageBenchmark
  shift
fi
cp_file="$root/monitor/pipeline/target/bench.classpath"
mvn -B -q -pl monitor/pipeline -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
exec java -Xmx6g -cp "$root/monitor/pipeline/target/test-classes:$root/monitor/pipeline/target/classes:$(cat "$cp_file")" \
  "$main" "$@"
