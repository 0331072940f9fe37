#!/usr/bin/env python3
"""Measures what a user of `./esdmon demo` sees, through the dashboard's HTTP API only.

Starts the demo (the launcher, so a stale build is rebuilt first; the build is not timed), then
polls /api/runs, /api/runs/{run}/layers and /api/transitions every 0.5 s and records, counted
from the moment the launcher was started after the build:
  - when the banner says the demo is ready,
  - when each run's hidden layers (fc1, fc2) first show a phase other than Random-like,
  - when the first transition appears,
  - the lag of each new fc2 point: when it appeared on the API minus the snapshot's wall time,
then sends SIGINT and reports the exit status and how long stopping took.

  /usr/bin/python3 experiments/demo-timing/measure.py [seconds=90] [demo options...]
"""
import os
import signal
import statistics
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import demo_launch  # noqa: E402

HIDDEN = ("fc1", "fc2")


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 90
    extra = sys.argv[2:]
    demo_launch.build()
    t0 = time.time()
    demo, page = demo_launch.start(extra)
    ready = time.time() - t0
    print(f"ready after {ready:.1f} s: {page}", flush=True)

    get = demo_launch.getter(page)

    left = {}            # (run, layer) -> seconds when it first showed a phase other than Random-like
    first_transition = None
    last_step = {}       # run -> newest fc2 step seen
    lags = []
    engine_ms = []
    while time.time() - t0 < seconds:
        for run in get("/api/runs")["runs"]:
            name = run["run"]
            for layer in get(f"/api/runs/{urllib.parse.quote(name)}/layers")["layers"]:
                key = (name, layer["layer"])
                if layer["layer"] in HIDDEN and key not in left and layer["phase"] not in (
                        "RANDOM_LIKE", "UNCLASSIFIED", "SKIPPED"):
                    left[key] = time.time() - t0
                    print(f"{left[key]:6.1f} s  {name} {layer['layer']} leaves Random-like: {layer['phase']}"
                          f" at step {layer['lastStep']}", flush=True)
                if layer["layer"] == "fc2" and layer["lastStep"] != last_step.get(name):
                    last_step[name] = layer["lastStep"]
                    detail = get(f"/api/runs/{urllib.parse.quote(name)}/layers/fc2/analyses/{layer['lastStep']}")
                    detail = detail.get("analysis", detail)
                    if detail.get("wallTime"):
                        lags.append(time.time() - detail["wallTime"] / 1000)
                    if detail.get("engineMillis") is not None:
                        engine_ms.append(detail["engineMillis"])
        transitions = get("/api/transitions")["transitions"]
        if transitions and first_transition is None:
            first_transition = time.time() - t0
            t = transitions[-1]
            print(f"{first_transition:6.1f} s  first transition: {t['run']} {t['layer']} {t['from']} -> {t['to']}",
                  flush=True)
        time.sleep(0.5)

    stop = time.time()
    demo.send_signal(signal.SIGINT)
    tail = demo.stdout.read()
    status = demo.wait()
    print(tail.rstrip())
    print(f"exit status {status}, stopped {time.time() - stop:.1f} s after SIGINT")
    if lags:
        print(f"fc2 points: {len(lags)}, lag from snapshot to the API: median {statistics.median(lags):.2f} s,"
              f" max {max(lags):.2f} s (includes up to 0.5 s of polling)")
    if engine_ms:
        print(f"fc2 engine time per analysis: median {statistics.median(engine_ms):.0f} ms")
    runs = sorted({r for r, _ in left}, key=lambda r: int(r.rsplit("bs", 1)[-1]) if "bs" in r else 0)
    for r in runs:
        print(f"{r}: leaves Random-like " + ", ".join(f"{l} {left[(r, l)]:.1f} s" for l in HIDDEN if (r, l) in left))


if __name__ == "__main__":
    main()
