"""Statistics on a simulated 12-week history, checked against figures computed here
straight from the SQLite file (sqlite3 + zoneinfo, none of studyapp's progress code)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from benchmarks.simulate import SimConfig, SimResult, simulate
from studyapp.progress.report import CardFact, ProgressReport, build_report
from studyapp.srs.scheduler import SchedulerConfig, make_scheduler
from studyapp.store.repository import Store
from studyapp.store.stats_queries import attempt_outcomes, daily_totals

ZONE = ZoneInfo("Europe/Berlin")
ROLLOVER = 4


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> SimResult:
    return simulate(tmp_path_factory.mktemp("sim"), SimConfig())


@pytest.fixture(scope="module")
def report(sim: SimResult) -> ProgressReport:
    store = Store.open(str(sim.db))
    try:
        cards = [CardFact(c.id, c.kind, c.topic, c.state) for c in store.cards()]
        return build_report(
            daily_totals(store, ROLLOVER), cards, attempt_outcomes(store), now=sim.end,
            rollover_hour=ROLLOVER, scheduler=make_scheduler(SchedulerConfig()),
            topics=("tensors", "broadcasting", "gradients", "sgd", "loss-metric", "data",
                    "model", "python"),
            zone=ZONE,
        )
    finally:
        store.close()


def rows(sim: SimResult, sql: str) -> list[tuple]:
    with sqlite3.connect(sim.db) as connection:
        return connection.execute(sql).fetchall()


def local_day(stamp: str) -> date:
    instant = datetime.fromisoformat(stamp)
    return (instant.astimezone(ZONE) - timedelta(hours=ROLLOVER)).date()


def today(sim: SimResult) -> date:
    return (sim.end.astimezone(ZONE) - timedelta(hours=ROLLOVER)).date()


def test_history_spans_the_dst_change_with_reviews_just_after_rollover(sim: SimResult) -> None:
    reviews = rows(sim, "SELECT reviewed_at, utc_offset_min FROM reviews")
    assert {offset for _, offset in reviews} == {60, 120}
    # reviews that a single fixed offset (winter time) would put on the previous day
    moved = [at for at, offset in reviews
             if offset == 120 and datetime.fromisoformat(at).astimezone(ZONE).hour == ROLLOVER]
    assert len(moved) > 20


def test_heatmap_counts_match_local_days(sim: SimResult, report: ProgressReport) -> None:
    expected = Counter(local_day(at) for (at,) in rows(sim, "SELECT reviewed_at FROM reviews"))
    shown = {report.heatmap.start + timedelta(days=i): n
             for i, n in enumerate(report.heatmap.counts)}
    assert report.heatmap.start.weekday() == 0
    assert max(shown) == today(sim)
    assert {d: n for d, n in shown.items() if n} == dict(expected)
    assert sum(report.heatmap.counts) == len(rows(sim, "SELECT id FROM reviews"))


def test_streaks(sim: SimResult, report: ProgressReport) -> None:
    studied = {local_day(at) for (at,) in rows(sim, "SELECT reviewed_at FROM reviews")}
    day = today(sim) if today(sim) in studied else today(sim) - timedelta(days=1)
    current = 0
    while day - timedelta(days=current) in studied:
        current += 1
    ordered = sorted(studied)
    longest = run = 1
    for a, b in zip(ordered, ordered[1:], strict=False):
        run = run + 1 if (b - a).days == 1 else 1
        longest = max(longest, run)
    assert (report.heatmap.current_streak, report.heatmap.longest_streak) == (current, longest)
    assert longest > 1


def test_true_retention_per_week(sim: SimResult, report: ProgressReport) -> None:
    totals: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for at, rating, before in rows(sim, "SELECT reviewed_at, rating, state_before FROM reviews"):
        if before is None or json.loads(before)["state"] != 2:
            continue
        day = local_day(at)
        week = day - timedelta(days=day.weekday())
        totals[week][0] += 1
        totals[week][1] += rating > 1
    got = {w.week_start: [w.reviews, w.passed] for w in report.retention.weeks if w.reviews}
    assert got == dict(totals)
    assert len(got) >= 10
    assert report.retention.reviews == sum(t for t, _ in totals.values())
    for week in report.retention.weeks:
        if week.reviews:
            assert week.retention == pytest.approx(week.passed / week.reviews)
    assert 0.5 < (report.retention.overall or 0) < 1.0


def test_forecast_totals(sim: SimResult, report: ProgressReport) -> None:
    start = today(sim)
    expected = Counter()
    for (due,) in rows(sim, "SELECT due FROM card_states"):
        offset = max(0, (local_day(due) - start).days)
        if offset < 30:
            expected[offset] += 1
    assert report.forecast.start == start
    assert len(report.forecast.counts) == 30
    assert dict(enumerate(report.forecast.counts)) == {i: expected[i] for i in range(30)}
    assert sum(report.forecast.counts) > 0


def test_time_per_day(sim: SimResult, report: ProgressReport) -> None:
    minutes: Counter[date] = Counter()
    for at, ms in rows(sim, "SELECT reviewed_at, duration_ms FROM reviews"):
        minutes[local_day(at)] += ms / 60000
    assert report.time.total_minutes == pytest.approx(sum(minutes.values()), abs=0.01)
    for i, value in enumerate(report.time.minutes):
        assert value == pytest.approx(minutes[report.time.start + timedelta(days=i)], abs=0.01)
    assert report.time.days_studied == len(minutes)


def test_mastery_uses_fsrs_recall_probability(sim: SimResult, report: ProgressReport) -> None:
    decay = -DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (1 / decay) - 1
    recall: dict[str, list[float]] = defaultdict(list)
    totals: Counter[str] = Counter()
    query = ("SELECT c.topic, s.stability, s.last_review FROM cards c "
             "LEFT JOIN card_states s ON s.card_id = c.id")
    for topic, stability, last in rows(sim, query):
        totals[topic] += 1
        if last is not None:
            days = (sim.end - datetime.fromisoformat(last).astimezone(UTC)).days
            recall[topic].append((1 + factor * max(0, days) / stability) ** decay)
    by_topic = {m.topic: m for m in report.mastery}
    assert set(by_topic) == set(totals)
    for topic, total in totals.items():
        m = by_topic[topic]
        assert (m.seen, m.total) == (len(recall[topic]), total)
        assert m.mean_recall == pytest.approx(sum(recall[topic]) / len(recall[topic]))
        assert [round(c.recall, 9) for c in m.weakest] == [
            round(r, 9) for r in sorted(recall[topic])[:3]]


def test_drills_passed_first_try(sim: SimResult, report: ProgressReport) -> None:
    first: dict[str, int] = {}
    for card_id, passed in rows(sim, "SELECT card_id, passed FROM attempts ORDER BY id"):
        first.setdefault(card_id, passed)
    drills = rows(sim, "SELECT count(*) FROM cards WHERE kind = 'drill'")[0][0]
    assert (report.drills.total, report.drills.attempted, report.drills.first_try) == (
        drills, len(first), sum(first.values()))
    assert 0 < report.drills.first_try < report.drills.attempted


def test_json_figures_are_plain_data(report: ProgressReport) -> None:
    data = json.loads(json.dumps(report.as_dict()))
    assert data["forecast"]["total"] == sum(report.forecast.counts)
    assert len(data["heatmap"]["days"]) == len(report.heatmap.counts)
    assert len(data["retention"]["weeks"]) == 26


def test_empty_history(tmp_path: Path) -> None:
    now = datetime(2026, 3, 29, 12, tzinfo=UTC)
    result = build_report([], [CardFact("a", "question", "sgd", None)], [], now=now,
                          rollover_hour=4, scheduler=make_scheduler(SchedulerConfig()),
                          topics=("sgd",), zone=ZONE)
    assert sum(result.heatmap.counts) == 0 and result.retention.overall is None
    assert result.mastery[0].seen == 0 and result.mastery[0].mean_recall is None
    assert (result.heatmap.current_streak, result.heatmap.longest_streak) == (0, 0)
