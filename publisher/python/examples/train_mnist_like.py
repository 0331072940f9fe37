#!/usr/bin/python3
"""Trains an MLP on scikit-learn's 8x8 handwritten digits and publishes its layers to esdmon.

    /usr/bin/python3 publisher/python/examples/train_mnist_like.py --bootstrap localhost:9092

Needs Debian's python3-torch, python3-sklearn, python3-protobuf, python3-confluent-kafka and
protobuf-compiler; the data set ships with scikit-learn (no download). Small batches drive the
layers towards heavy-tailed spectra faster than large ones: compare --batch-size 8 with 256.
"""
import argparse
import os
import sys
import time

import torch
from sklearn.datasets import load_digits
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import esdmon_publisher  # noqa: E402


class Mlp(nn.Module):
    def __init__(self, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(64, hidden)
        self.fc2 = nn.Linear(hidden, hidden // 2)
        self.fc3 = nn.Linear(hidden // 2, 10)

    def forward(self, x):
        return self.fc3(torch.relu(self.fc2(torch.relu(self.fc1(x)))))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bootstrap", default="localhost:9092", help="Kafka bootstrap servers (default: %(default)s)")
    p.add_argument("--topic", default="esd.snapshots", help="snapshot topic (default: %(default)s)")
    p.add_argument("--run", help="run id (default: digits-bs<batch>-<time>)")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--hidden", type=int, default=512, help="width of fc1 (fc2 has half)")
    p.add_argument("--every", type=int, default=50, help="publish every N optimizer steps (default: %(default)s)")
    p.add_argument("--spectrum-only", nargs="*", default=[], metavar="LAYER",
                   help="layers to publish as eigenvalues computed here, e.g. fc1")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()

    torch.manual_seed(args.seed)
    digits = load_digits()
    x = torch.tensor(digits.data, dtype=torch.float32) / 16.0
    y = torch.tensor(digits.target)
    order = torch.randperm(len(x))
    train, test = order[:1500], order[1500:]

    model = Mlp(args.hidden)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    run = args.run or f"digits-bs{args.batch_size}-{time.strftime('%Y%m%d-%H%M%S')}"
    tags = {"model": f"mlp-{args.hidden}", "dataset": "sklearn-digits", "batch_size": args.batch_size,
            "learning_rate": args.lr, "optimizer": "sgd-momentum-0.9"}
    with esdmon_publisher.watch(model, run=run, bootstrap=args.bootstrap, every=args.every, topic=args.topic,
                                tags=tags, spectrum_only=args.spectrum_only or None) as watcher:
        watcher.publish(step=0)  # the initial, random weights
        for epoch in range(args.epochs):
            model.train()
            for batch in train[torch.randperm(len(train))].split(args.batch_size):
                loss = nn.functional.cross_entropy(model(x[batch]), y[batch])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                watcher.step(epoch=epoch)
            model.eval()
            with torch.no_grad():
                accuracy = (model(x[test]).argmax(1) == y[test]).float().mean().item()
            print(f"run {run} epoch {epoch + 1}/{args.epochs}: step {watcher.current_step}, loss {loss.item():.3f}, "
                  f"test accuracy {accuracy:.3f}", flush=True)
    print(f"published: {watcher.stats}")


if __name__ == "__main__":
    main()
