"""Scale benchmark: 10,000 cards and a review log growing to 1,000,000 rows.

Builds one SQLite database (cached in ``--dir``): the app creates it and syncs
a generated 10,000-card deck, then card states and reviews are bulk-inserted
with Core ``executemany`` (about 10 s for a million rows). At each level
(10k, 100k, 1M review rows) it measures, as medians over ``--runs``:

* ``queue``: ``StudyService.queue()``, today's queue (target < 50 ms);
* ``rate``: ``StudyService.rate()`` of a due card: scheduler + one durable
  transaction (target < 10 ms);
* ``stats``: the work of ``studyapp stats --json``: dashboard + progress
  report (target < 1 s).

Prints a table and ``RESULT {json}`` for ``benchmarks/run_all.py``.

    python benchmarks/scale.py [--dir /tmp/studyapp-scale] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, delete, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.simulate import write_deck  # noqa: E402
from studyapp.config import Settings  # noqa: E402
from studyapp.service import StudyService  # noqa: E402
from studyapp.srs.scheduler import CardState  # noqa: E402
from studyapp.store.review_hours import totals  # noqa: E402
from studyapp.store.schema import CardStateRecord, ReviewHourRecord, ReviewRecord  # noqa: E402

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
CARDS, DRILLS = 10_000, 10
LEVELS = (10_000, 100_000, 1_000_000)
PROFILE = "bench"
TARGETS_MS = {"queue": 50.0, "rate": 10.0, "stats": 1000.0}


def open_service(folder: Path, clock: Callable[[], datetime]) -> StudyService:
    settings = Settings(db=str(folder / "scale.sqlite"), content_dir=folder / "content",
                        clock=clock, start_sandbox=False, profile=PROFILE)
    return StudyService.open(settings)


def seed_states(service: StudyService, rng: random.Random) -> None:
    """Card states: most in review (a few hundred due today), some learning, 100 new."""
    rows = []
    for n, card in enumerate(service.store.cards()):
        if n >= CARDS - 100:
            continue  # never reviewed
        learning = n % 200 == 0
        due = NOW + timedelta(hours=rng.uniform(-30, 60 * 24))
        if n % 40 == 0:
            due = NOW - timedelta(days=rng.uniform(0, 10))  # overdue
        last = due - timedelta(days=rng.uniform(1, 60))
        rows.append(dict(profile=PROFILE, card_id=card.id, state=1 if learning else 2,
                         step=0 if learning else None, stability=rng.uniform(1, 300),
                         difficulty=rng.uniform(1, 10), due=due, last_review=last,
                         first_review=NOW - timedelta(hours=rng.uniform(1, 3 * 365 * 24))))
    with service.store.engine.begin() as conn:
        conn.execute(CardStateRecord.__table__.insert(), rows)


def add_reviews(service: StudyService, count: int, rng: random.Random) -> None:
    """``count`` more review rows spread over three years, inserted in batches.

    ``review_hours`` is kept in step as the store keeps it per review: the
    batch's hourly totals are added to the stored ones.
    """
    ids = [c.id for c in service.store.cards()][: CARDS - 100]
    state = CardState(2, None, 20.0, 5.0, NOW, NOW - timedelta(days=20)).to_json()
    batch, hours = 50_000, HourTotals()
    with service.store.engine.begin() as conn:
        for start in range(0, count, batch):
            times = sorted(NOW - timedelta(seconds=rng.uniform(0, 3 * 365 * 86400))
                           for _ in range(min(batch, count - start)))
            rows = [
                dict(profile=PROFILE, card_id=rng.choice(ids), rating=rng.choice((1, 3, 3, 3, 4)),
                     suggested_rating=None, reviewed_at=at, utc_offset_min=60,
                     duration_ms=rng.randint(2000, 40000), answer="", state_before=state,
                     state_after=state, prior_state=2 if rng.random() < 0.9 else 1)
                for at in times]
            conn.execute(ReviewRecord.__table__.insert(), rows)
            hours.add(totals((r["reviewed_at"], r["utc_offset_min"], r["rating"],
                              r["prior_state"], r["duration_ms"]) for r in rows))
        hours.write(conn)


class HourTotals:
    """Hourly totals accumulated in memory, then merged into ``review_hours`` in one go."""

    def __init__(self) -> None:
        self.hours: dict[int, dict[str, float]] = {}

    def add(self, more: dict[int, dict[str, int | float]]) -> None:
        for hour, values in more.items():
            mine = self.hours.setdefault(hour, dict.fromkeys(values, 0))
            for key, value in values.items():
                mine[key] += value

    def write(self, conn: Connection) -> None:
        table = ReviewHourRecord.__table__
        mine = table.c.profile == PROFILE
        for row in conn.execute(select(table).where(mine)).mappings():
            self.add({row["hour"]: {k: row[k] for k in ("reviews", "duration_ms", "mature",
                                                        "passed")}})
        conn.execute(delete(table).where(mine))
        conn.execute(insert(table), [{"profile": PROFILE, "hour": h, **v}
                                     for h, v in self.hours.items()])


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(service: StudyService, runs: int, clock: list[datetime]) -> dict[str, float]:
    from studyapp.progress.report import report_for

    queue_ms = median_ms(service.queue, runs)
    rate_times = []
    for _ in range(runs):
        card_id = service.queue().next_id
        shown = service.state(card_id)
        started = time.perf_counter()
        assert service.rate(card_id, 3, shown=shown).recorded
        rate_times.append((time.perf_counter() - started) * 1000)
        clock[0] += timedelta(seconds=5)
    stats_ms = median_ms(lambda: (service.dashboard(), report_for(service)), max(3, runs // 2))
    return {"queue": queue_ms, "rate": statistics.median(rate_times), "stats": stats_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/studyapp-scale"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    (args.dir / "scale.sqlite").unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        (args.dir / f"scale.sqlite{suffix}").unlink(missing_ok=True)
    write_deck(args.dir / "content", CARDS - DRILLS, DRILLS)
    rng = random.Random(8)
    clock = [NOW]
    started = time.perf_counter()
    service = open_service(args.dir, lambda: clock[0])
    seed_states(service, rng)
    print(f"created db, {CARDS} cards synced, states seeded: "
          f"{time.perf_counter() - started:.1f} s")
    results: dict[str, dict[str, float]] = {}
    have = 0
    for level in LEVELS:
        started = time.perf_counter()
        add_reviews(service, level - have, rng)
        print(f"{level:>9} review rows: {level - have} inserted in "
              f"{time.perf_counter() - started:.1f} s")
        results[str(level)] = measure(service, args.runs, clock)
        have = service.store.count_reviews()
    service.close()
    print(f"\n{'review rows':>12} {'queue':>9} {'rate':>9} {'stats':>9}")
    for level, row in results.items():
        print(f"{int(level):>12,} {row['queue']:7.1f}ms {row['rate']:7.1f}ms "
              f"{row['stats']:7.0f}ms")
    print("targets: " + ", ".join(f"{k} < {v:g} ms" for k, v in TARGETS_MS.items()))
    print("RESULT " + json.dumps({level: {k: round(v, 2) for k, v in row.items()}
                                  for level, row in results.items()}))


if __name__ == "__main__":
    main()
