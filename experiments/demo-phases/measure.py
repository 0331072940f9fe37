#!/usr/bin/env python3
"""What phase story `./esdmon demo` tells, measured through the dashboard's HTTP API only.

Starts the demo (the launcher, so a stale build is rebuilt first), polls /api/transitions every
second for SECONDS, then reads every run's per-layer series (raw per-snapshot phases) and stops the
demo with SIGINT. Reports, per run and layer:
  - the confirmed phase sequence (first phase, then each transition with its step and the wall time
    since the demo was ready),
  - reversals: a confirmed phase that returns to the phase it left (A -> B -> A),
  - the time of the first Heavy-Tailed,
  - how often the raw per-snapshot phase changed (what an alert on the raw label would have seen).

  /usr/bin/python3 experiments/demo-phases/measure.py [seconds=300] [demo options...]
"""
import os
import signal
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import demo_launch  # noqa: E402


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 300
    extra = sys.argv[2:]
    demo_launch.build()
    demo, page = demo_launch.start(extra)
    t0 = time.time()
    print(f"ready: {page}", flush=True)

    get = demo_launch.getter(page)

    seen = {}  # transition id -> (seconds since ready, transition)
    while time.time() - t0 < seconds:
        for t in get("/api/transitions?limit=1000")["transitions"]:
            key = (t["run"], t["layer"], t["step"], t["to"])
            if key not in seen:
                seen[key] = (time.time() - t0, t)
                print(f"{seen[key][0]:6.1f} s  {t['run']} {t['layer']} {t['from']} -> {t['to']} at step {t['step']}",
                      flush=True)
        time.sleep(1)

    series = {}
    for run in get("/api/runs")["runs"]:
        name = run["run"]
        data = get(f"/api/runs/{urllib.parse.quote(name)}/analyses?metric=alpha")
        for layer in data.get("series", []):
            series[(name, layer["layer"])] = layer
    demo.send_signal(signal.SIGINT)
    demo.stdout.read()
    demo.wait()

    by_layer = {}
    for when, t in sorted(seen.values(), key=lambda x: (x[1]["run"], x[1]["layer"], x[1]["step"])):
        by_layer.setdefault((t["run"], t["layer"]), []).append((when, t))
    total_reversals = 0
    print()
    print("| run | layer | confirmed phases (step, s after ready) | reversals | first Heavy-Tailed | raw phase changes |")
    print("|---|---|---|---|---|---|")
    for key in sorted(set(by_layer) | set(series)):
        run, layer = key
        events = by_layer.get(key, [])
        phases = [events[0][1]["from"]] if events else []
        path = [phases[0]] if phases else []
        ht = None
        for when, t in events:
            path.append(f"{t['to']} ({t['step']}, {when:.0f} s)")
            phases.append(t["to"])
            if t["to"] == "HEAVY_TAILED" and ht is None:
                ht = f"{when:.0f} s (step {t['step']})"
        reversals = sum(1 for i in range(2, len(phases)) if phases[i] == phases[i - 2])
        total_reversals += reversals
        raw = series.get(key, {}).get("phases", [])
        raw_changes = sum(1 for i in range(1, len(raw)) if raw[i] != raw[i - 1])
        if not path and raw:
            path = [f"{raw[-1]} (no transition)"]
        print(f"| {run} | {layer} | {' → '.join(str(p) for p in path)} | {reversals} | {ht or '—'} | {raw_changes} |")
    print(f"\nreversals in all: {total_reversals}")


if __name__ == "__main__":
    main()
