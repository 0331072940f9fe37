#!/usr/bin/env bash
# Runs the batch-size sweep (pure-Java trainer + esdmon's engine), then draws the plot.
#   experiments/batch-size/run.sh [--epochs 20] [--batch-sizes 2,4,...,512] [--threads 1] ...
# Options are those of io.esdmon.trainer.experiment.BatchSizeExperiment (see README.md here).
# Writes docs/batch-size-experiment.md (the generated table block), experiments/batch-size/results/*.csv
# and docs/batch-size-experiment.png (or RESULTS/plot.png with --data RESULTS). Runs at low priority (nice) on one thread by default.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
cp="$(experiments/trainer-classpath.sh)"
nice -n 10 java -cp "$cp" io.esdmon.trainer.experiment.BatchSizeExperiment "$@"
# The plot goes next to the page for the default results, into the results folder otherwise.
data=experiments/batch-size/results
png=docs/batch-size-experiment.png
args=("$@")
for ((i = 0; i + 1 < ${#args[@]}; i++)); do
  if [[ "${args[i]}" == --data && "${args[i+1]}" != "$data" ]]; then
    data="${args[i+1]}"
    png="$data/plot.png"
  fi
done
py=/usr/bin/python3
[[ -x "$py" ]] || py=python3
"$py" experiments/batch-size/plot.py "$data" "$png"
