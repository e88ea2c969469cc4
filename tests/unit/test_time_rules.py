"""What "today" means, table-driven with an injected clock, through the real service.

Each row reviews one card at ``review_local`` and asks, at ``now_local``, when
the study day began and how many reviews it holds. Zones are IANA names (DST
rules included); rows are picked so that computing the day in UTC, or in the
machine's zone, would give a different answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from deckkit import open_service, write_deck

from studyapp.srs.scheduler import STATE_RELEARNING, STATE_REVIEW, retrievability


@dataclass(frozen=True)
class Row:
    name: str
    zone: str | None  # None: the system zone (set through TZ for the row)
    rollover: int
    review_local: str
    now_local: str
    day_start_utc: str
    reviews_today: int
    offset_min: int
    system_tz: str = "UTC"


ROWS = [
    Row("just before rollover belongs to yesterday", "America/New_York", 4,
        "2026-12-03T03:59", "2026-12-03T04:01", "2026-12-03T09:00", 0, -300),
    Row("just after rollover belongs to today", "America/New_York", 4,
        "2026-12-03T04:01", "2026-12-03T23:59", "2026-12-03T09:00", 1, -300),
    Row("late evening west of UTC is still today", "America/Los_Angeles", 4,
        "2026-12-03T19:00", "2026-12-03T21:00", "2026-12-03T12:00", 1, -480),
    Row("early morning east of UTC is already today", "Asia/Tokyo", 4,
        "2026-12-03T05:00", "2026-12-03T23:00", "2026-12-02T19:00", 1, 540),
    Row("far east, next calendar day in UTC terms", "Pacific/Auckland", 4,
        "2026-12-03T04:30", "2026-12-04T03:30", "2026-12-02T15:00", 1, 780),
    Row("spring forward: a 23-hour study day", "America/New_York", 4,
        "2027-03-14T04:30", "2027-03-15T03:30", "2027-03-14T08:00", 1, -240),
    Row("spring forward with the rollover in the skipped hour", "America/New_York", 2,
        "2027-03-14T03:30", "2027-03-14T03:45", "2027-03-14T07:00", 1, -240),
    Row("fall back: a 25-hour study day", "America/New_York", 4,
        "2027-11-07T04:00", "2027-11-08T03:30", "2027-11-07T09:00", 1, -300),
    Row("fall back before rollover is still yesterday", "America/New_York", 4,
        "2027-11-07T03:59", "2027-11-07T04:30", "2027-11-07T09:00", 0, -300),
    Row("fall back in Europe, rollover in the repeated hour", "Europe/Berlin", 2,
        "2027-10-31T02:30", "2027-10-31T12:00", "2027-10-31T00:00", 1, 120),
    Row("no zone set: the system zone is used", None, 4,
        "2026-12-03T05:00", "2026-12-03T23:00", "2026-12-02T19:00", 1, 540,
        system_tz="Asia/Tokyo"),
]


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def system_tz(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    def apply(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield apply
    monkeypatch.undo()
    time.tzset()


def _local(text: str, zone: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_study_day_boundaries(row: Row, tmp_path: Path, system_tz) -> None:  # noqa: ANN001
    system_tz(row.system_tz)
    zone = row.zone or row.system_tz
    clock = Clock(_local(row.review_local, zone))
    service = open_service(tmp_path / "db.sqlite", write_deck(tmp_path / "deck", ["a", "b"]),
                           clock, timezone=row.zone, rollover_hour=row.rollover)
    try:
        rated = service.rate("a", 3, shown=None)
        assert rated.recorded
        [stored] = service.store.reviews()
        assert stored.utc_offset_min == row.offset_min
        clock.now = _local(row.now_local, zone)
        expected_start = datetime.fromisoformat(row.day_start_utc).replace(tzinfo=UTC)
        assert service.today_start() == expected_start
        figures = service.dashboard()
        assert figures.reviews_today == row.reviews_today
        assert figures.streak_days == 1
        # the daily new-card allowance follows the same day boundary
        assert figures.new_available == min(1, 10 - row.reviews_today)
    finally:
        service.close()


def test_day_lengths_across_dst(tmp_path: Path) -> None:
    clock = Clock(datetime(2027, 3, 15, 12, tzinfo=UTC))
    service = open_service(tmp_path / "db.sqlite", write_deck(tmp_path / "deck", ["a"]), clock,
                           timezone="America/New_York")
    try:
        def start(day: str) -> datetime:
            return service.today_start(_local(day + "T12:00", "America/New_York"))

        assert start("2027-03-14") - start("2027-03-13") == timedelta(hours=23)
        assert start("2027-11-07") - start("2027-11-06") == timedelta(hours=25)
        assert start("2027-11-08") - start("2027-11-07") == timedelta(hours=24)
    finally:
        service.close()


def test_clock_moving_backwards_never_gives_a_negative_interval(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 12, 3, 15, 0, tzinfo=UTC))
    service = open_service(tmp_path / "db.sqlite", write_deck(tmp_path / "deck", ["a"]), clock)
    try:
        for step, rating in enumerate([3, 3, 1, 3, 4]):
            before = service.state("a")
            clock.now += timedelta(hours=-3 if step % 2 else 30)  # back, forward, back...
            rated = service.rate("a", rating, shown=before)
            assert rated.recorded, step
            after = service.state("a")
            assert after is not None and after.last_review is not None
            assert after.due >= after.last_review
            if before is not None:
                assert after.last_review >= before.last_review
            service.queue()
            service.dashboard()
        assert service.store.count_reviews() == 5
    finally:
        service.close()


def test_learner_away_three_months(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 9, 1, 8, 0, tzinfo=UTC))
    db, deck = tmp_path / "db.sqlite", write_deck(tmp_path / "deck", ["a", "b", "c"])
    service = open_service(db, deck, clock)
    try:
        for card in ("a", "b", "c"):
            for _ in range(3):  # graduate each card into review
                state = service.state(card)
                clock.now = max(clock.now, state.due if state else clock.now)
                service.rate(card, 3, shown=state)
        states = {c: service.state(c) for c in ("a", "b", "c")}
        assert all(s.state == STATE_REVIEW for s in states.values())
        on_time = states["a"].due
        clock.now = max(s.due for s in states.values()) + timedelta(days=90)

        queue = service.queue()
        assert set(queue.due) == {"a", "b", "c"}  # every overdue card is still there
        assert service.dashboard().due_now == 3
        assert retrievability(service.scheduler, states["a"], clock.now) < 0.9

        late = service.rate("a", 3, shown=states["a"])
        late_state = service.state("a")
        assert late.recorded and late_state.stability > states["a"].stability
        from studyapp.srs.scheduler import review

        timely = review(service.scheduler, states["a"], 3, on_time)
        # FSRS rewards recalling after a long gap: a longer interval than on time
        assert late_state.due - clock.now > timely.due - on_time

        service.rate("b", 1, shown=states["b"])
        forgot = service.state("b")
        assert forgot.state == STATE_RELEARNING and forgot.due - clock.now < timedelta(hours=1)
    finally:
        service.close()
