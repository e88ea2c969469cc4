"""``studyapp stats --json`` carries every progress figure, on a simulated history."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from benchmarks.simulate import SimConfig, SimResult, simulate

DASHBOARD_KEYS = {"reviews_today", "reviews_total", "due_now", "new_available", "cards_total",
                  "streak_days"}
ZONE = ZoneInfo("Europe/Berlin")


def stats(*args: str, now: str | None = None) -> dict:
    env = {**os.environ, "TZ": "Europe/Berlin"}
    if now:
        env["STUDYAPP_NOW"] = now
    result = subprocess.run([sys.executable, "-m", "studyapp", "stats", "--json", *args],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> SimResult:
    return simulate(tmp_path_factory.mktemp("sim"), SimConfig(days=42, questions=40, seed=3))


def test_stats_json_on_simulated_history(sim: SimResult) -> None:
    figures = stats("--db", str(sim.db), "--content", str(sim.content_dir),
                    now=sim.end.isoformat())
    assert set(figures) >= DASHBOARD_KEYS
    with sqlite3.connect(sim.db) as db:
        stamps = [at for (at,) in db.execute("SELECT reviewed_at FROM reviews")]
        dues = [d for (d,) in db.execute("SELECT due FROM card_states")]
        drills = db.execute("SELECT count(*) FROM cards WHERE kind = 'drill'").fetchone()[0]

    def day(stamp: str) -> str:
        return (datetime.fromisoformat(stamp).astimezone(ZONE) - timedelta(hours=4)).date(
        ).isoformat()

    per_day = Counter(day(s) for s in stamps)
    heat = {d["day"]: d["reviews"] for d in figures["heatmap"]["days"] if d["reviews"]}
    assert heat == dict(per_day)
    assert figures["reviews_total"] == len(stamps) == sum(heat.values())
    assert figures["heatmap"]["current_streak"] == figures["streak_days"]
    today = figures["today"]
    expected_due = sum(1 for d in dues if day(d) < (datetime.fromisoformat(today)
                                                     + timedelta(days=30)).date().isoformat())
    assert figures["forecast"]["total"] == expected_due > 0
    assert len(figures["forecast"]["days"]) == 30
    assert figures["retention"]["reviews"] == sum(w["reviews"]
                                                  for w in figures["retention"]["weeks"])
    assert figures["drills"]["total"] == drills
    assert {m["topic"] for m in figures["mastery"]} >= {"tensors", "sgd"}
    assert figures["time"]["total_minutes"] > 0


def test_stats_json_on_a_fresh_database(tmp_path: Path) -> None:
    figures = stats("--db", str(tmp_path / "fresh.sqlite"))
    assert set(figures) >= DASHBOARD_KEYS
    assert figures["retention"]["overall"] is None
    assert figures["forecast"]["total"] == 0
    assert sum(d["reviews"] for d in figures["heatmap"]["days"]) == 0
    assert all(m["seen"] == 0 and m["mean_recall"] is None for m in figures["mastery"])
