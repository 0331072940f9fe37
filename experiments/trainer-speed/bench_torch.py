"""PyTorch (CPU, one thread) on the same task as TrainerBenchmark: digits MLP 64-512-256-10, SGD.

usage: bench_torch.py [epochs=2] [repeats=5] [batch sizes=2,8,32,128,512] [hidden=512,256]
Prints the median samples/s and steps/s per batch size (one warm-up run first). Needs Debian's
python3-torch and python3-sklearn (run with /usr/bin/python3).
"""
import statistics
import sys
import time

import numpy as np
import torch
from sklearn.datasets import load_digits


def main(epochs=2, repeats=5, batch_sizes=(2, 8, 32, 128, 512), hidden=(512, 256)):
    torch.set_num_threads(1)
    d = load_digits()
    x = torch.tensor((d.data / 16.0).astype(np.float32))[:1500]
    y = torch.tensor(d.target)[:1500]
    sizes = [64, *hidden, 10]
    print(f"torch {torch.__version__}: hidden {list(hidden)}, {epochs} epochs x {repeats} repeats, median")
    for bs in batch_sizes:
        def run():
            torch.manual_seed(501)
            layers = []
            for a, b in zip(sizes[:-1], sizes[1:]):
                layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
            net = torch.nn.Sequential(*layers[:-1])
            opt = torch.optim.SGD(net.parameters(), lr=0.05)
            steps = 0
            t = time.perf_counter()
            for _ in range(epochs):
                perm = torch.randperm(len(y))
                for i in range(0, len(y), bs):
                    idx = perm[i:i + bs]
                    opt.zero_grad()
                    torch.nn.functional.cross_entropy(net(x[idx]), y[idx]).backward()
                    opt.step()
                    steps += 1
            s = time.perf_counter() - t
            return epochs * len(y) / s, steps / s
        run()
        r = [run() for _ in range(repeats)]
        print(f"torch bs {bs:4d}: {statistics.median(a for a, _ in r):8.0f} samples/s "
              f"{statistics.median(b for _, b in r):8.0f} steps/s")


if __name__ == "__main__":
    a = sys.argv[1:]
    main(int(a[0]) if len(a) > 0 else 2, int(a[1]) if len(a) > 1 else 5,
         tuple(int(v) for v in a[2].split(",")) if len(a) > 2 else (2, 8, 32, 128, 512),
         tuple(int(v) for v in a[3].split(",")) if len(a) > 3 else (512, 256))
