"""How long the statistics take on a year of history for 500 cards (~50k reviews).

Simulates the year once (about a minute; cached in ``--dir``), then measures,
best of ``--runs``:

* ``report``: the progress figures alone (``report_for``);
* ``stats --json``: the whole subcommand in-process (open, dashboard, report, JSON);
* ``stats --json process``: a fresh ``studyapp stats --json`` process, start to exit;
* ``stats screen``: pressing ``s`` on the dashboard until every plot is drawn.

Target: under 300 ms for the stats screen and ``stats --json`` (the work, not
Python's start-up). Optionally ``--optimize`` also times ``studyapp optimize``
and prints log loss / RMSE(bins) of the default and fitted parameters.

    python -m benchmarks.stats_speed [--dir /tmp/studyapp-year] [--runs 5] [--optimize]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from benchmarks.simulate import SimConfig, simulate

YEAR = SimConfig(seed=7, days=365, questions=492, drills=8, new_per_day=25,
                 desired_retention=0.99, max_interval_days=4)
TARGET_MS = 300.0


def ensure_year(folder: Path) -> tuple[Path, Path, datetime]:
    """The simulated year (db, content dir, end instant), simulating it if absent."""
    marker = folder / "end.txt"
    if not marker.exists():
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        result = simulate(folder, YEAR)
        print(f"simulated {result.reviews} reviews in {time.perf_counter() - started:.0f} s")
        marker.write_text(result.end.isoformat())
    return folder / "learner.sqlite", folder / "content", datetime.fromisoformat(
        marker.read_text())


def best_ms(fn, runs: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/studyapp-year"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--optimize", action="store_true")
    args = parser.parse_args()
    db, content, end = ensure_year(args.dir)
    os.environ["STUDYAPP_NOW"] = end.isoformat()
    with sqlite3.connect(db) as connection:
        reviews = connection.execute("SELECT count(*) FROM reviews").fetchone()[0]
        cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
    print(f"history: {reviews} reviews of {cards} cards, now {end:%Y-%m-%d %H:%M} UTC")

    from studyapp.cli.main import main as cli
    from studyapp.config import load_settings
    from studyapp.progress.report import report_for
    from studyapp.service import StudyService

    settings = load_settings(db=str(db), content=content).with_(start_sandbox=False)
    service = StudyService.open(settings)
    rows = {
        "report (figures only)": best_ms(lambda: report_for(service), args.runs),
        "dashboard (lead's figures)": best_ms(service.dashboard, args.runs),
    }

    def stats_json() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            cli(["--db", str(db), "--content", str(content), "stats", "--json"])

    rows["stats --json (in process)"] = best_ms(stats_json, args.runs)
    command = [sys.executable, "-m", "studyapp", "--db", str(db), "--content", str(content),
               "stats", "--json"]
    rows["stats --json (new process)"] = best_ms(
        lambda: subprocess.run(command, capture_output=True, check=True), max(1, args.runs // 2))
    rows["stats screen (key s to drawn)"] = asyncio.run(time_screen(service, args.runs))
    service.close()
    for name, ms in rows.items():
        print(f"{name:<32} {ms:8.1f} ms")
    verdict = max(rows["stats --json (in process)"], rows["stats screen (key s to drawn)"])
    print(f"target {TARGET_MS:.0f} ms: {'met' if verdict < TARGET_MS else 'MISSED'}")
    print("RESULT " + json.dumps({"reviews": reviews, **{k: round(v, 1) for k, v in rows.items()}}))
    if args.optimize:
        time_optimize(db, content)


async def time_screen(service, runs: int) -> float:  # noqa: ANN001
    from studyapp.tui.app import make_app
    from studyapp.tui.screens.stats import StatsScreen

    app = make_app(service)
    best = float("inf")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(runs):
            started = time.perf_counter()
            await pilot.press("s")
            while not (isinstance(app.screen, StatsScreen) and app.screen.report is not None):
                await asyncio.sleep(0.001)
            await pilot.pause()
            best = min(best, (time.perf_counter() - started) * 1000)
            await pilot.press("escape")
            await app.workers.wait_for_complete()  # the dashboard refreshes on return
            await pilot.pause()
    return best


def time_optimize(db: Path, content: Path) -> None:
    """Fit on a copy of the year (the original stays on default parameters)."""
    import shutil

    copy = db.with_name("optimize-copy.sqlite")
    shutil.copy(db, copy)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "studyapp", "--db", str(copy), "--content",
                          str(content), "optimize", "--json"], capture_output=True, text=True,
                         check=True).stdout
    result = json.loads(out)
    print(f"optimize: {time.perf_counter() - started:.1f} s on {result['usable_reviews']} "
          f"usable reviews; log loss {result['old']['log_loss']:.4f} -> "
          f"{result['new']['log_loss']:.4f}, RMSE(bins) {result['old']['rmse_bins']:.4f} -> "
          f"{result['new']['rmse_bins']:.4f}, applied={result['applied']}")
    copy.unlink()


if __name__ == "__main__":
    main()
