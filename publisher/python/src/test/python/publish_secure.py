"""Publishes one step of a small torch model with client settings (driven by SecurePythonPublisherTest.java).

Usage: publish_secure.py BOOTSTRAP TOPIC RUN KAFKA_CONFIG_JSON
Prints one JSON line: the errors reported and the publisher's final counters, and the seconds it took.
"""
import json
import os
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import esdmon_publisher  # noqa: E402


def main():
    bootstrap, topic, run, config = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    torch.manual_seed(5)
    model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 4))
    errors = []
    start = time.monotonic()
    watcher = esdmon_publisher.watch(model, run=run, bootstrap=bootstrap, every=1, topic=topic,
                                     kafka_config=config, on_error=errors.append)
    watcher.publish(step=1)
    watcher.flush(60)
    stats = watcher.close()
    print(json.dumps({"errors": errors, "stats": stats.__dict__, "seconds": time.monotonic() - start}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
