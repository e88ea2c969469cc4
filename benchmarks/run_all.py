"""Run every performance benchmark and print one table (markdown, ready for the README).

    python benchmarks/run_all.py [--runs 7] [--quick]

Each benchmark runs in its own process (so start-up and memory figures are
honest) and reports a ``RESULT {json}`` line (``sandbox_latency.py --json``
prints one JSON document); the figures are medians over ``--runs`` unless
the row says otherwise. Exit status 1 if any target is missed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, *args: str) -> dict:
    """Run ``benchmarks/script`` and return its result JSON."""
    print(f"running {script} {' '.join(args)} ...", file=sys.stderr, flush=True)
    out = subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True,
                         text=True, timeout=3600, cwd=HERE.parent)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    try:
        return json.loads(out.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"{script} gave no result:\n{out.stdout}\n{out.stderr}") from None


def rows(runs: int, quick: bool) -> list[tuple[str, str, str, bool]]:
    """(what, measured, target, met) for every figure."""
    table = []
    start = run("startup.py", "--runs", str(runs))
    table += [
        ("start-up to dashboard with due counts (process start, headless)",
         f"{start['startup_s'] * 1000:.0f} ms", "< 500 ms", start["startup_s"] < 0.5),
        ("peak RSS of the UI process at start-up", f"{start['startup_rss_mb']:.0f} MB",
         "< 120 MB", start["startup_rss_mb"] < 120),
        ("`studyapp stats --json` (whole process)", f"{start['stats_s'] * 1000:.0f} ms",
         "< 500 ms", start["stats_s"] < 0.5),
        ("torch imported by the UI process", str(start["torch_in_ui"]).lower(), "false",
         not start["torch_in_ui"]),
    ]
    scale = run("scale.py", "--runs", str(runs))
    for level, figures in scale.items():
        label = f"{int(level):,} review rows, 10,000 cards"
        table += [
            (f"{label}: today's queue", f"{figures['queue']:.1f} ms", "< 50 ms",
             figures["queue"] < 50),
            (f"{label}: record a review", f"{figures['rate']:.1f} ms", "< 10 ms",
             figures["rate"] < 10),
            (f"{label}: statistics (dashboard + report)", f"{figures['stats']:.0f} ms",
             "< 1 s", figures["stats"] < 1000),
        ]
    drill = run("sandbox_latency.py", "--json", "--runs", "30" if not quick else "10",
                "--cold-runs", "5" if not quick else "2")
    table += [
        ("drill check, warm sandbox (median of 30)", f"{drill['warm_median_ms']:.0f} ms "
         f"(p95 {drill['warm_p95_ms']:.0f})", "< 100 ms", drill["warm_median_ms"] < 100),
        ("drill check speed-up over a cold `python -c`", f"{drill['speedup']:.0f}x",
         ">= 10x", drill["speedup"] >= 10),
    ]
    long = run("long_session.py", *(["--reviews", "100", "--checks", "20"] if quick else []))
    ui_growth = long["ui_end_mb"] - long["ui_start_mb"]
    server_growth = long["server_end_mb"] - long["server_start_mb"]
    session = f"{long['reviews']} reviews + {long['checks']} drill checks"
    table += [
        (f"UI process RSS over {session}",
         f"{long['ui_start_mb']:.0f} → {long['ui_end_mb']:.0f} MB ({ui_growth:+.1f})",
         "growth < 5 MB", ui_growth < 5),
        (f"sandbox server RSS over {session}",
         f"{long['server_start_mb']:.0f} → {long['server_end_mb']:.0f} MB "
         f"({server_growth:+.1f})", "growth < 5 MB", server_growth < 5),
    ]
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per median (default 7)")
    parser.add_argument("--quick", action="store_true", help="fewer runs, shorter session")
    args = parser.parse_args()
    table = rows(3 if args.quick else args.runs, args.quick)
    print("| benchmark | measured | target | met |")
    print("|---|---|---|---|")
    for what, measured, target, met in table:
        print(f"| {what} | {measured} | {target} | {'yes' if met else '**no**'} |")
    return 0 if all(met for *_rest, met in table) else 1


if __name__ == "__main__":
    raise SystemExit(main())
