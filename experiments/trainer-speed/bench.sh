#!/usr/bin/env bash
# Pure-Java trainer vs PyTorch (CPU, one thread), same network, data and batch sizes, one after the other.
#   experiments/trainer-speed/bench.sh [epochs=2] [repeats=5] [batch sizes=2,8,32,128,512] [hidden=512,256]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
cp="$(experiments/trainer-classpath.sh)"
java -cp "$cp" io.esdmon.trainer.experiment.TrainerBenchmark "$@"
/usr/bin/python3 experiments/trainer-speed/bench_torch.py "$@"
