#!/usr/bin/env bash
# Load figure on loopback (not part of mvn verify): a 50-layer model (256² to 2048², 125 MiB a step)
# published step after step to esdmon serve monitors in child JVMs, per setting monitors x threads.
#   app/load.sh [seconds per setting=90] [settings=1x1,2x1,1x2]
# Prints sustained layers/s, MiB/s and p50/p99 publish->analysis latency; see docs/reliability.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp_file="$root/app/target/load.classpath"
mvn -B -q -pl app -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
exec java -Xmx2g -cp "$root/app/target/test-classes:$root/app/target/classes:$(cat "$cp_file")" \
  io.esdmon.app.reliability.LoadBenchmark "$@"
