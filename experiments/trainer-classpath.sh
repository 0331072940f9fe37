#!/usr/bin/env bash
# Builds the trainer and the engine with the Maven reactor (never installs) and prints the runtime
# classpath of the trainer module. Used by the experiment scripts: cp="$(experiments/trainer-classpath.sh)".
# The engine comes from this checkout (monitor/engine/target), never from ~/.m2.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -pl trainer -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >&2
echo "$root/trainer/target/classes:$(cat trainer/target/classpath.txt)"
