"""A seeded learner simulator that writes a real studyapp database through the Store API.

The simulated learner studies most days, sometimes just after the 4 am
rollover and sometimes in the evening, in a time zone with a daylight-saving
change inside the range. The app schedules with its own (default) FSRS
parameters; the learner's memory follows *different* FSRS parameters, and each
answer is recalled with that memory's FSRS recall probability. So the history
is realistic for the statistics and gives the optimiser something to find.

Usage::

    python benchmarks/simulate.py OUT_DIR [--days 84] [--questions 48] [--drills 8]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from fsrs.scheduler import DEFAULT_PARAMETERS

from studyapp.config import Settings
from studyapp.deck.models import TOPICS
from studyapp.service import StudyService
from studyapp.srs.scheduler import (
    CardState,
    SchedulerConfig,
    make_scheduler,
    retrievability,
    review,
)


def _forgetful() -> tuple[float, ...]:
    """True memory of the simulated learner: weaker first memories, slower growth."""
    params = list(DEFAULT_PARAMETERS)
    params[0:4] = [p * 0.45 for p in params[0:4]]
    params[8] *= 0.8
    params[20] = 0.35
    return tuple(params)


@dataclass(frozen=True)
class SimConfig:
    """What to simulate. The defaults are the 12-week history the tests use."""

    seed: int = 7
    days: int = 84
    questions: int = 112
    drills: int = 8
    new_per_day: int = 10
    start: date = date(2026, 2, 16)  # Europe/Berlin moves to summer time on 2026-03-29
    zone: str = "Europe/Berlin"
    skip_probability: float = 0.12
    early_probability: float = 0.25
    session_minutes: int = 90
    desired_retention: float = 0.9
    max_interval_days: int = 36500
    true_parameters: tuple[float, ...] = _forgetful()


@dataclass(frozen=True)
class SimResult:
    """Where the simulation wrote, and the instant right after the last session."""

    db: Path
    content_dir: Path
    end: datetime
    reviews: int
    attempts: int


def write_deck(folder: Path, questions: int, drills: int) -> Path:
    """A synthetic, valid content directory with ``questions`` cards and ``drills`` drills."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "drills").mkdir(exist_ok=True)
    blocks = []
    for n in range(questions):
        blocks.append(
            f'[[card]]\nid = "sim-q{n:03d}"\ntopic = "{TOPICS[n % len(TOPICS)]}"\n'
            f'prompt = "Simulated question {n}?"\nanswer = "Simulated answer {n}."\n'
            '[[card.key_points]]\ntext = "first"\nphrasings = ["first"]\n'
            '[[card.key_points]]\ntext = "second"\nphrasings = ["second"]\n'
        )
    (folder / "questionnaire.toml").write_text("\n".join(blocks), encoding="utf-8")
    for n in range(drills):
        stem = folder / "drills" / f"sim_d{n:02d}"
        stem.with_suffix(".toml").write_text(
            f'id = "sim-d{n:02d}"\ntitle = "Drill {n}"\ntopic = "{TOPICS[n % 5]}"\n'
            f'entry = "solve"\nprompt = "Write solve()."\nstarter = "def solve():\\n    ..."\n',
            encoding="utf-8",
        )
        stem.with_suffix(".py").write_text("def solve():\n    return 0\n", encoding="utf-8")
    return folder


class _Learner:
    """The simulated mind: one true FSRS memory per card, rated by its recall probability."""

    def __init__(self, config: SimConfig, rng: random.Random) -> None:
        self.rng = rng
        self.truth = make_scheduler(SchedulerConfig(parameters=config.true_parameters))
        self.memory: dict[str, CardState | None] = {}

    def rate(self, card_id: str, now: datetime) -> int:
        memory = self.memory.get(card_id)
        if memory is None:
            rating = self.rng.choices((1, 2, 3, 4), weights=(25, 15, 50, 10))[0]
        elif self.rng.random() >= retrievability(self.truth, memory, now):
            rating = 1
        else:
            rating = self.rng.choices((2, 3, 4), weights=(15, 75, 10))[0]
        self.memory[card_id] = review(self.truth, memory, rating, now)
        return rating


def _session_start(day: date, zone: ZoneInfo, rng: random.Random, early: float) -> datetime:
    if rng.random() < early:
        local = time(4, rng.randrange(5, 40))  # just after the rollover hour
    else:
        local = time(rng.randrange(17, 22), rng.randrange(0, 60))
    return datetime.combine(day, local, tzinfo=zone).astimezone(UTC)


def simulate(out_dir: Path, config: SimConfig | None = None) -> SimResult:
    """Simulate ``config.days`` days of study and write ``out_dir/learner.sqlite``."""
    config = config or SimConfig()
    rng = random.Random(config.seed)
    zone = ZoneInfo(config.zone)
    content = write_deck(out_dir / "content", config.questions, config.drills)
    service = StudyService.open(Settings(
        db=str(out_dir / "learner.sqlite"), content_dir=content, start_sandbox=False,
        clock=lambda: datetime.combine(config.start, time(4), tzinfo=zone),
    ))  # the app's own deck synchronisation; reviews are then written through its Store
    store, deck = service.store, service.deck
    drills = {d.id for d in deck.drills}
    order = [i.id for i in deck.items]
    rng.shuffle(order)  # questions and drills mixed, in a fixed order
    app = make_scheduler(SchedulerConfig(desired_retention=config.desired_retention,
                                         maximum_interval_days=config.max_interval_days))
    learner = _Learner(config, rng)
    states: dict[str, CardState | None] = dict.fromkeys(order)
    reviews = attempts = 0
    now = datetime.combine(config.start, time(12), tzinfo=zone).astimezone(UTC)
    for offset in range(config.days):
        if rng.random() < config.skip_probability:
            continue
        now = _session_start(config.start + timedelta(days=offset), zone, rng,
                             config.early_probability)
        end = now + timedelta(minutes=config.session_minutes)
        fresh = [c for c in order if states[c] is None][: config.new_per_day]
        while now < end:
            due = sorted((s.due, c) for c, s in states.items() if s is not None and s.due <= now)
            batch = [c for _, c in due] + fresh
            fresh = []
            if not batch:
                upcoming = [s.due for s in states.values() if s is not None and s.due < end]
                if not upcoming:
                    break
                now = max(now, min(upcoming))
                continue
            for card_id in batch:
                shown = states[card_id]
                rating = learner.rate(card_id, now)
                duration = int(rng.lognormvariate(9.6, 0.5))  # about 15 s
                if card_id in drills:
                    store.record_attempt(
                        card_id, submitted_at=now, code="def solve(): ...",
                        verdict={"passed": rating > 1, "status": "ok"},
                        hints_used=0 if rating > 1 else rng.randrange(0, 3),
                    )
                    attempts += 1
                after = review(app, shown, rating, now)
                local = now.astimezone(zone).utcoffset()
                assert local is not None
                store.record_review(
                    card_id, shown=shown, after=after, rating=rating, reviewed_at=now,
                    utc_offset_min=int(local.total_seconds() // 60), duration_ms=duration,
                    answer="",
                )
                states[card_id] = after
                reviews += 1
                now += timedelta(milliseconds=duration)
    service.close()
    return SimResult(out_dir / "learner.sqlite", content, now + timedelta(minutes=1),
                     reviews, attempts)


def main() -> None:
    """Command line: write a simulated history and print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--days", type=int, default=84)
    parser.add_argument("--questions", type=int, default=112)
    parser.add_argument("--drills", type=int, default=8)
    parser.add_argument("--new-per-day", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--retention", type=float, default=0.9)
    parser.add_argument("--max-interval", type=int, default=36500)
    args = parser.parse_args()
    result = simulate(args.out, SimConfig(seed=args.seed, days=args.days,
                                          questions=args.questions, drills=args.drills,
                                          new_per_day=args.new_per_day,
                                          desired_retention=args.retention,
                                          max_interval_days=args.max_interval))
    print(f"{result.reviews} reviews, {result.attempts} drill attempts -> {result.db}")
    print(f"content: {result.content_dir}  now: {result.end.isoformat()}")


if __name__ == "__main__":
    main()
