#!/usr/bin/env bash
# What the live demo shows, measured: DemoTraining's default runs (batch 8, 64, 512) side by side for
# SECONDS, every snapshot's fc2 analyzed afterwards with esdmon's engine, then plotted.
#   experiments/demo-trace/run.sh [seconds=60]
# Writes experiments/demo-trace/trace.csv and docs/demo-training.png.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
cp="$(experiments/trainer-classpath.sh)"
java -cp "$cp" io.esdmon.trainer.experiment.DemoTrace "${1:-60}" experiments/demo-trace/trace.csv fc2
/usr/bin/python3 experiments/demo-trace/plot.py experiments/demo-trace/trace.csv docs/demo-training.png
