"""Trains a small real torch model and publishes it with esdmon_publisher (driven by TorchPublisherTest.java).

The model has every kind and dtype the publisher handles: an Embedding large enough to need two chunks,
two Conv2d (the second published spectrum-only), a Linear published spectrum-only, a bfloat16 Linear
trained in bfloat16, and a float16 Linear (CPU torch cannot train in float16, so its weights are
updated by hand). At every published step the script saves each watched layer's weights as they were
captured, as .npy (bfloat16 widened to float32, which is exact), for the Java side to compare.

Usage: publish_run.py BOOTSTRAP TOPIC RUN OUT_DIR STEPS EVERY
Writes OUT_DIR/run.json: the published steps, the layers and the publisher's final counters.
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import esdmon_publisher  # noqa: E402


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(1000, 200)  # 800,000 bytes: two chunks of at most 786,432
        self.features = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(16, 32, 3), nn.ReLU())
        self.fc1 = nn.Linear(32 * 4 * 4 + 200, 128)
        self.fc2 = nn.Linear(128, 10).to(torch.bfloat16)
        self.head16 = nn.Linear(64, 48).half()

    def forward(self, images, tokens):
        h = torch.cat([self.features(images).flatten(1), self.emb(tokens).mean(1)], dim=1)
        h = torch.relu(self.fc1(h))
        return self.fc2(h.to(torch.bfloat16)).float()


def save(model: Net, out_dir: str, step: int):
    d = os.path.join(out_dir, f"step{step}")
    os.makedirs(d, exist_ok=True)
    for name, module in model.named_modules():
        if isinstance(module, (nn.Linear, nn.Conv2d, nn.Embedding)):
            w = module.weight.detach()
            array = w.float().numpy() if w.dtype == torch.bfloat16 else w.numpy()
            np.save(os.path.join(d, f"{name}.npy"), array)


def main():
    bootstrap, topic, run, out_dir, steps, every = sys.argv[1:7]
    steps, every = int(steps), int(every)
    torch.manual_seed(1234)
    gen = torch.Generator().manual_seed(99)
    model = Net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    errors = []
    watcher = esdmon_publisher.watch(
        model, run=run, bootstrap=bootstrap, every=every, topic=topic, queue_size=steps + 1,
        tags={"model": "publish_run", "batch_size": 16}, spectrum_only=["features.2", "fc1"],
        on_error=errors.append)
    published = []
    for step in range(1, steps + 1):
        images = torch.randn(16, 3, 8, 8, generator=gen)
        tokens = torch.randint(0, 1000, (16, 5), generator=gen)
        labels = torch.randint(0, 10, (16,), generator=gen)
        loss = nn.functional.cross_entropy(model(images, tokens), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            model.head16.weight.mul_(0.9).add_(torch.randn(48, 64, generator=gen).half())
        if watcher.step(epoch=(step - 1) // 4):
            save(model, out_dir, step)  # the weights step() captured: nothing changed them since
            published.append(step)
    if not watcher.flush(120):
        errors.append("flush timed out")
    stats = watcher.close()
    summary = {"run": run, "published_steps": published, "errors": errors,
               "layers": [{"name": l.name, "spectrum_only": l.spectrum_only, "dtype": str(l.weight.dtype)}
                          for l in watcher.layers],
               "stats": stats.__dict__}
    with open(os.path.join(out_dir, "run.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps(summary["stats"]))
    return 1 if errors or stats.snapshots_dropped or stats.delivery_errors else 0


if __name__ == "__main__":
    sys.exit(main())
