#!/usr/bin/env bash
# Runs io.esdmon.pipeline.bench.StreamBenchmark (end-to-end latency and throughput of the stream
# pipeline on an in-process broker, next to the engine alone). Usage: monitor/pipeline/bench.sh [workers]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
cp_file="$root/monitor/pipeline/target/bench.classpath"
mvn -B -q -pl monitor/pipeline -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
exec java -Xmx6g -cp "$root/monitor/pipeline/target/test-classes:$root/monitor/pipeline/target/classes:$(cat "$cp_file")" \
  io.esdmon.pipeline.bench.StreamBenchmark "$@"
