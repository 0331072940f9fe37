"""Draws the batch-size sweep: ESD metrics of the hidden layer against batch size, and its ESDs.

usage: plot.py RESULTS_DIR OUT.png   (RESULTS_DIR holds summary.csv and eigenvalues.csv from
BatchSizeExperiment; needs numpy and matplotlib, e.g. Debian's python3-matplotlib)
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


SHORT = {"RANDOM_LIKE": "RL", "BLEEDING_OUT": "BO", "BULK_PLUS_SPIKES": "B+S", "BULK_DECAY": "BD",
         "HEAVY_TAILED": "HT", "RANK_COLLAPSE": "RC"}


def read_summary(path):
    with open(path, newline="") as f:
        return [{k: (v if k == "phase" else float(v)) for k, v in row.items()} for row in csv.DictReader(f)]


def read_evals(path):
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            out[int(row["batch_size"])] = np.array([float(x) for x in row["eigenvalues"].split()])
    return out


def main(results, png):
    rows = read_summary(f"{results}/summary.csv")
    evals = read_evals(f"{results}/eigenvalues.csv")
    init = next(r for r in rows if r["batch_size"] == 0)
    runs = [r for r in rows if r["batch_size"] > 0]
    bs = [r["batch_size"] for r in runs]

    fig, axes = plt.subplots(2, 2, figsize=(12, 9))
    ax = axes[0][0]
    ax.plot(bs, [r["alpha"] for r in runs], "o-", color="C0", label="alpha (power-law fit)")
    ax.axhline(init["alpha"], color="C0", ls=":", label=f"alpha at init ({init['alpha']:.2f})")
    ax.axhspan(2, 4, color="C2", alpha=0.08, label="2 ≤ alpha ≤ 4 (heavy-tailed)")
    for r in runs:
        if "phase" in r:
            ax.annotate(SHORT.get(r["phase"], r["phase"]), (r["batch_size"], r["alpha"]), fontsize=7,
                        textcoords="offset points", xytext=(0, 6), ha="center")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("batch size (labels: esdmon phase)")
    ax.set_ylabel("alpha")
    ax.set_title("Power-law exponent of the ESD tail")
    ax.legend(fontsize=8)

    ax = axes[0][1]
    ax.plot(bs, [r["mp_softrank"] for r in runs], "s-", color="C1", label="mp_softrank (λ+ / λmax)")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("batch size")
    ax.set_ylabel("mp_softrank", color="C1")
    ax2 = ax.twinx()
    ax2.plot(bs, [r["num_spikes"] for r in runs], "^-", color="C3", label="num_spikes (beyond λ+ + TW)")
    ax2.set_ylabel("num_spikes", color="C3")
    ax.set_title("Marchenko–Pastur fit: soft rank and spikes")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=8, loc="upper center")

    ax = axes[1][0]
    ax.plot(bs, [r["stable_rank"] for r in runs], "d-", color="C4", label="stable_rank")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("batch size")
    ax.set_ylabel("stable rank (Σλ / λmax)")
    ax3 = ax.twinx()
    ax3.plot(bs, [r["test_acc"] for r in runs], "x--", color="k", label="test accuracy")
    ax3.plot(bs, [r["train_acc"] for r in runs], "+--", color="grey", label="train accuracy")
    ax3.set_ylabel("accuracy")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax3.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=8, loc="lower left")
    ax.set_title("Stable rank and accuracy")

    ax = axes[1][1]
    shown = sorted(evals)
    if len(shown) > 6:
        shown = [b for b in shown if b in (0, 2, 8, 32, 128, 512)]
    cmap = plt.get_cmap("viridis")
    for i, b in enumerate(shown):
        ev = evals[b]
        ev = ev[ev > 0]
        bins = np.logspace(np.log10(ev.min()), np.log10(ev.max()), 40)
        label = "init" if b == 0 else f"batch {b}"
        color = "k" if b == 0 else cmap(i / max(1, len(shown) - 1))
        ax.hist(ev, bins=bins, density=True, histtype="step", lw=1.5, color=color, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("eigenvalue λ of WᵀW")
    ax.set_ylabel("density")
    ax.set_title("ESD of the layer (log-log)")
    ax.legend(fontsize=8)

    fig.suptitle("Hidden-layer ESD after training with different batch sizes (same epochs, same lr)")
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    print(f"wrote {png}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
