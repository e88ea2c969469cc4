"""Warm sandbox check latency versus a cold ``python -c`` that imports torch and checks.

Usage: ``python benchmarks/sandbox_latency.py [--runs 30] [--cold-runs 5] [--json]``.
Targets (2-core machine): warm median < 100 ms and at least 10x faster than cold.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from studyapp.deck.loader import load_deck  # noqa: E402
from studyapp.sandbox.client import SandboxClient  # noqa: E402

DRILL_ID = "mnist-distance"
CODE = "import torch\n\ndef mnist_distance(a, b):\n    return (a - b).abs().mean((-2, -1))\n"

#: The cold baseline: a fresh interpreter imports torch, builds the same cases,
#: runs the learner's function and the reference, and compares (no isolation at all).
COLD = """
import importlib.util, sys, torch
sys.path.insert(0, {repo!r})
from studyapp.drills.prepare import prepare
from studyapp.drills.judge import judge
prep = prepare({module!r})
scope = {{}}
exec({code!r}, scope)
fn = scope["mnist_distance"]
outcomes = [{{"value": fn(*c.args), "args": c.args}} for c in prep.cases]
assert judge(prep, outcomes)["passed"]
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    drill = load_deck(REPO / "content").get(DRILL_ID)
    client = SandboxClient(hide=[])
    start = time.perf_counter()
    client.wait_ready()
    startup_s = time.perf_counter() - start
    client.check(drill, CODE)  # first check loads the drill file
    warm = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        verdict = client.check(drill, CODE)
        warm.append((time.perf_counter() - t0) * 1000)
        assert verdict["passed"], verdict
    status = client.ping()
    isolation = client.isolation()
    client.close()

    cold_script = COLD.format(repo=str(REPO), module=drill.module_path, code=CODE)
    cold = []
    for _ in range(args.cold_runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", cold_script], check=True)
        cold.append((time.perf_counter() - t0) * 1000)

    result = {
        "drill": DRILL_ID,
        "warm_runs": args.runs,
        "warm_median_ms": round(statistics.median(warm), 1),
        "warm_p95_ms": round(percentile(warm, 0.95), 1),
        "cold_runs": args.cold_runs,
        "cold_median_ms": round(statistics.median(cold), 1),
        "cold_p95_ms": round(percentile(cold, 0.95), 1),
        "speedup": round(statistics.median(cold) / statistics.median(warm), 1),
        "server_startup_s": round(startup_s, 2),
        "server_rss_mb": round(status.get("rss_kb", 0) / 1024, 1),
        "zygote_rss_mb": round(status.get("zygote_rss_kb", 0) / 1024, 1),
        "isolation": ", ".join(isolation.get("namespaces", [])) or "limits only",
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"drill {DRILL_ID}: {len(warm)} warm checks, {len(cold)} cold runs")
        print(
            f"warm  median {result['warm_median_ms']:7.1f} ms   p95 {result['warm_p95_ms']:7.1f} ms"
            f"   (isolated child per check: {result['isolation']})"
        )
        print(
            f"cold  median {result['cold_median_ms']:7.1f} ms   p95 {result['cold_p95_ms']:7.1f} ms"
            "   (python -c: import torch + check, no isolation)"
        )
        print(
            f"speedup {result['speedup']}x   server start {result['server_startup_s']} s   "
            f"RSS server {result['server_rss_mb']} MB + zygote {result['zygote_rss_mb']} MB"
        )
    ok = result["warm_median_ms"] < 100 and result["speedup"] >= 10
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
