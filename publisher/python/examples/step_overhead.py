#!/usr/bin/python3
"""How much publishing slows training: median time of a training step without a watcher, side by side
with the same steps when every step (or every N-th) is published.

    /usr/bin/python3 publisher/python/examples/step_overhead.py                      # no broker: acks at once
    /usr/bin/python3 publisher/python/examples/step_overhead.py --bootstrap localhost:9092

Without --bootstrap the records go to a sink that acknowledges them at once, so the figures are the
publisher's own cost (weight copy on the training thread, serialization and chunking on the sender
thread competing for the CPU); with it they include librdkafka and the broker.
"""
import argparse
import os
import statistics
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import esdmon_publisher  # noqa: E402
from esdmon_publisher.sink import KafkaSink, Sink  # noqa: E402
from esdmon_publisher.watcher import Watcher  # noqa: E402


class InstantSink(Sink):
    def __init__(self):
        self.pending = []

    def send(self, key, value, on_delivery):
        self.pending.append(on_delivery)

    def poll(self, timeout):
        while self.pending:
            self.pending.pop()(None)

    def close(self, timeout):
        return 0


def train_steps(model, optimizer, data, steps, watcher=None, first_step=0):
    """Per-step wall times, and the time spent in watcher.step() on steps that took a snapshot."""
    times, in_step = [], []
    for i in range(steps):
        x, y = data[i % len(data)]
        start = time.perf_counter()
        loss = nn.functional.mse_loss(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if watcher is not None:
            before = time.perf_counter()
            if watcher.step(step=first_step + i):  # a snapshot was taken (not dropped)
                in_step.append(time.perf_counter() - before)
        times.append(time.perf_counter() - start)
    return times, in_step


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bootstrap", help="publish to this Kafka broker instead of an instant sink")
    p.add_argument("--topic", default="esd.snapshots")
    p.add_argument("--width", type=int, default=1024, help="width of the 3 hidden layers (default: %(default)s)")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--rounds", type=int, default=6)
    args = p.parse_args()
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(args.width, args.width), nn.ReLU(), nn.Linear(args.width, args.width), nn.ReLU(),
                          nn.Linear(args.width, args.width))
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    data = [(torch.randn(args.batch, args.width), torch.randn(args.batch, args.width)) for _ in range(8)]
    mb = sum(m.weight.numel() * 4 for m in model if isinstance(m, nn.Linear)) / 1e6
    train_steps(model, optimizer, data, 10)  # warm up
    configs = {"no watcher": None}
    for every in (1, 10):
        sink = KafkaSink(args.bootstrap, args.topic) if args.bootstrap else InstantSink()
        configs[f"every={every}"] = Watcher(model, f"overhead-{os.getpid()}-{every}", sink, every=every)
    times = {name: [] for name in configs}
    in_step = {name: [] for name in configs}
    # configurations interleaved in blocks of 10 steps so that a busy machine slows all alike; each block
    # starts with a snapshot step and its sending is waited for (untimed) before the next block
    for r in range(args.rounds):
        for name, watcher in configs.items():
            t, s = train_steps(model, optimizer, data, 10, watcher, first_step=10 * r)
            times[name] += t
            in_step[name] += s
            if watcher is not None:
                watcher.flush(60)
    stats = {name: w.close(60) for name, w in configs.items() if w is not None}
    base = statistics.median(times["no watcher"])
    print(f"model: 3 x Linear({args.width}, {args.width}) = {mb:.1f} MB of float32 weights, batch {args.batch}, "
          f"{args.rounds} rounds of 10 steps per configuration, interleaved; sink: "
          f"{'Kafka ' + args.bootstrap if args.bootstrap else 'instant acks'}; torch threads {torch.get_num_threads()}")
    print(f"{'':12s} {'median step':>12s} {'vs no watcher':>14s} {'median step() taking a snapshot':>34s}"
          f"  published/dropped")
    for name in configs:
        median = statistics.median(times[name])
        copy = f"{statistics.median(in_step[name]) * 1e3:.2f} ms" if in_step[name] else ""
        counts = f"{stats[name].snapshots_published}/{stats[name].snapshots_dropped}" if name in stats else ""
        print(f"{name:12s} {median * 1e3:9.2f} ms {median / base:13.2f}x {copy:>34s}  {counts}")


if __name__ == "__main__":
    main()
