"""Plots DemoTrace's CSV: the hidden layer's ESD metrics against wall time, one line per batch size.

usage: plot.py TRACE.csv OUT.png   (needs numpy and matplotlib)
"""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


PHASES = ["Random-like", "Bleeding-out", "Bulk+Spikes", "Bulk-decay", "Heavy-Tailed", "Rank-collapse"]
PHASE_CODE = {"RANDOM_LIKE": 0, "BLEEDING_OUT": 1, "BULK_PLUS_SPIKES": 2, "BULK_DECAY": 3, "HEAVY_TAILED": 4,
              "RANK_COLLAPSE": 5}


def main(trace, png):
    runs = defaultdict(list)
    with open(trace, newline="") as f:
        for row in csv.DictReader(f):
            runs[int(row["batch_size"])].append(
                {k: (PHASE_CODE[v] if k == "phase" else float(v)) for k, v in row.items() if k != "run"})
    fig, axes = plt.subplots(1, 4, figsize=(19, 4.5))
    for i, (bs, rows) in enumerate(sorted(runs.items())):
        t = [r["seconds"] for r in rows]
        c = f"C{i}"
        axes[0].plot(t, [r["alpha"] for r in rows], "o-", ms=3, color=c, label=f"batch {bs}")
        axes[1].plot(t, [r["num_spikes"] for r in rows], "o-", ms=3, color=c, label=f"batch {bs}")
        axes[2].plot(t, [r["phase"] + 0.06 * (i - 1) for r in rows], "o-", ms=3, color=c, label=f"batch {bs}")
        axes[3].plot(t, [r["test_acc"] for r in rows], "o-", ms=3, color=c, label=f"batch {bs}")
    axes[0].set_ylabel("alpha (power-law fit)")
    axes[0].axhspan(2, 4, color="C2", alpha=0.08)
    axes[0].set_yscale("log")
    axes[1].set_ylabel("num_spikes (beyond MP edge + TW)")
    axes[2].set_yticks(range(len(PHASES)), PHASES)
    axes[2].set_ylabel("esdmon phase")
    axes[3].set_ylabel("test accuracy")
    for ax in axes:
        ax.set_xlabel("wall time since start (s)")
        ax.legend(fontsize=8)
    fig.suptitle("Live demo: fc2 of the digits MLP, three runs side by side on a shared 2-core machine")
    fig.tight_layout()
    fig.savefig(png, dpi=100)
    print(f"wrote {png}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
