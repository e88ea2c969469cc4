"""Start-up benchmark: process start to dashboard rendered, and ``studyapp stats --json``.

Each figure is the median of several fresh processes. Prints a table and a
JSON line (``RESULT {...}``) that ``benchmarks/run_all.py`` collects.

    python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 0.5
TARGET_MB = 120

DASHBOARD_PROBE = r"""
import time, sys, asyncio, resource
t0 = float(sys.argv[2])
from studyapp.config import load_settings
from studyapp.service import StudyService
from studyapp.tui.app import make_app
from studyapp.tui.screens.dashboard import DashboardScreen

async def main():
    service = StudyService.open(load_settings(db=sys.argv[1]))
    app = make_app(service)
    async with app.run_test(size=(80, 24)) as pilot:
        while True:
            await pilot.pause()
            screen = app.screen
            if isinstance(screen, DashboardScreen) and getattr(screen, "figures", None):
                break
        elapsed = time.time() - t0
    service.close()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed} {rss_mb} {'torch' in sys.modules}")

asyncio.run(main())
"""


def time_dashboard(db: str) -> tuple[float, float, bool]:
    """Seconds from process start to the dashboard showing figures; peak RSS MB; torch?"""
    start = time.time()
    out = subprocess.run([sys.executable, "-c", DASHBOARD_PROBE, db, repr(start)],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    elapsed, rss, torch_loaded = out.split()
    return float(elapsed), float(rss), torch_loaded == "True"


def time_stats(db: str) -> float:
    """Wall seconds for a whole ``studyapp stats --json`` process."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "studyapp", "stats", "--json", "--db", db],
                   capture_output=True, check=True, timeout=120)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", help="database to open (default: a fresh one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.sqlite")
        time_stats(db)  # create and migrate once, outside the timing
        dash = [time_dashboard(db) for _ in range(args.runs)]
        stats = [time_stats(db) for _ in range(args.runs)]
    dash_s = statistics.median(d[0] for d in dash)
    rss = statistics.median(d[1] for d in dash)
    torch_loaded = any(d[2] for d in dash)
    stats_s = statistics.median(stats)
    rows = [
        ("start-up to dashboard", f"{dash_s * 1000:.0f} ms", f"< {TARGET_S * 1000:.0f} ms",
         f"{dash_s / TARGET_S:.2f}x of target"),
        ("peak RSS of UI process", f"{rss:.0f} MB", f"< {TARGET_MB} MB",
         f"{rss / TARGET_MB:.2f}x of target"),
        ("stats --json (process)", f"{stats_s * 1000:.0f} ms", f"< {TARGET_S * 1000:.0f} ms",
         f"{stats_s / TARGET_S:.2f}x of target"),
        ("torch imported by UI", str(torch_loaded), "False", ""),
    ]
    for row in rows:
        print(f"{row[0]:<26} {row[1]:>10} {row[2]:>10}  {row[3]}")
    print("RESULT " + json.dumps({"startup_s": dash_s, "startup_rss_mb": rss,
                                  "stats_s": stats_s, "torch_in_ui": torch_loaded}))


if __name__ == "__main__":
    main()
