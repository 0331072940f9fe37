"""Baseline timings for `esdmon bench`: the same matrix through NumPy/SciPy.

usage: numpy_baseline.py MATRIX.npy REPETITIONS
Prints one JSON object per method on stdout ({"method", "seconds": [...]}) and a progress line
per step on stderr. Thread counts come from the environment (OPENBLAS_NUM_THREADS etc.), set by
the caller to match the Java side.
"""
import json
import sys
import time

import numpy as np
import scipy.linalg


def eigvalsh_gram(w32):
    w = w32.astype(np.float64)
    if w.shape[0] < w.shape[1]:
        w = w.T
    return np.linalg.eigvalsh(w.T @ w)


def svd_values(w32):
    # WeightWatcher's path: scipy's gesdd on a float64 copy, singular values only
    return scipy.linalg.svd(w32.astype(np.float64), compute_uv=False)


def main():
    path, reps = sys.argv[1], int(sys.argv[2])
    w32 = np.load(path)
    label = "x".join(str(d) for d in w32.shape)
    for name, fn in (("numpy_eigvalsh_gram", eigvalsh_gram), ("scipy_svd", svd_values)):
        seconds = []
        for r in range(reps):
            t0 = time.perf_counter()
            fn(w32)
            seconds.append(time.perf_counter() - t0)
            print(f"  python {name} {label} rep {r + 1}/{reps}: {seconds[-1]:.3f} s", file=sys.stderr, flush=True)
        print(json.dumps({"method": name, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
