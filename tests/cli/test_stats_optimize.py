"""``studyapp optimize``: fits on a simulated history, explains what a fresh one lacks."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from benchmarks.simulate import SimConfig, simulate


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "studyapp", "optimize", *args],
                          capture_output=True, text=True, timeout=300)


def test_optimize_on_a_fresh_database_says_how_many_reviews_are_missing(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "fresh.sqlite"))
    assert result.returncode == 0, result.stderr
    assert "Not enough history yet: 0 of 512" in result.stdout
    assert "Review 512 more" in result.stdout


def test_optimize_improves_log_loss_and_stores_parameters(tmp_path: Path) -> None:
    sim = simulate(tmp_path / "sim", SimConfig(seed=5))
    dry = json.loads(run("--db", str(sim.db), "--content", str(sim.content_dir), "--json",
                         "--dry-run").stdout)
    assert dry["applied"] is False and dry["new"]["log_loss"] < dry["old"]["log_loss"]
    result = run("--db", str(sim.db), "--content", str(sim.content_dir))
    assert result.returncode == 0, result.stderr
    assert "now in use" in result.stdout
    with sqlite3.connect(sim.db) as db:
        (stored,) = db.execute("SELECT value FROM settings WHERE key = 'fsrs_parameters'"
                               ).fetchone()
    assert json.loads(stored) == dry["parameters"]
    assert len(dry["parameters"]) == 21
