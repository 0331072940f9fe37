"""Starting `./esdmon demo` for the measurement scripts under experiments/: build first (untimed), then
start the demo on free ports and wait for its banner."""
import json
import os
import signal
import subprocess
import sys
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build():
    """Runs the launcher once so that a stale build is rebuilt before anything is timed."""
    subprocess.run([os.path.join(ROOT, "esdmon"), "--version"], check=True, stdout=subprocess.DEVNULL)


def start(extra):
    """Starts the demo with `extra` options; returns the process (stdout piped, SIGINT stops it) and the
    dashboard address once the banner says it is ready."""
    demo = subprocess.Popen([os.path.join(ROOT, "esdmon"), "demo", "--http-port", "0", "--kafka-port", "0"] + extra,
                            stdout=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    page = None
    for line in demo.stdout:
        if line.startswith("  dashboard:  "):
            page = line.split()[1]
        if line.strip() == "Ctrl-C to stop":
            break
    if page is None:
        sys.exit("the demo printed no dashboard address")
    return demo, page


def getter(page):
    """A function that GETs a path of the dashboard's API as JSON."""
    def get(path):
        with urllib.request.urlopen(page.rstrip("/") + path, timeout=30) as r:
            return json.load(r)
    return get
