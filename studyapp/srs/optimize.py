"""Fit FSRS parameters to the learner's own review log, in a separate process.

py-fsrs' ``Optimizer`` needs torch, which the UI process never imports, so
the fit runs in ``python -m studyapp.srs.optimize_worker`` with JSON over
stdin/stdout. Evaluation (log loss and RMSE over probability bins, old vs
new parameters on the same history) is plain py-fsrs and lives here, so the
worker and the tests share one definition. New parameters are applied only
when they lower the log loss.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fsrs import Card, Rating
from fsrs.scheduler import DEFAULT_PARAMETERS

from studyapp.errors import StudyappError
from studyapp.srs.scheduler import SchedulerConfig, make_scheduler

if TYPE_CHECKING:
    from studyapp.service import StudyService

#: py-fsrs' optimizer returns the defaults unchanged below one mini-batch of usable reviews.
MIN_REVIEWS = 512
BINS = 20
FIT_TIMEOUT_S = 1800.0


class OptimizeError(StudyappError):
    """The fitting process failed; the message says why."""


@dataclass(frozen=True)
class Entry:
    """One review as the optimiser sees it."""

    card_id: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None = None


@dataclass(frozen=True)
class Metrics:
    """How well parameters predict recall on a history (lower is better)."""

    log_loss: float
    rmse_bins: float
    reviews: int


@dataclass(frozen=True)
class Outcome:
    """What ``optimize`` found: too little history, or old vs new figures."""

    usable: int
    needed: int
    old: Metrics | None = None
    new: Metrics | None = None
    parameters: tuple[float, ...] | None = None
    applied: bool = False

    @property
    def better(self) -> bool:
        return bool(self.old and self.new and self.new.log_loss < self.old.log_loss)

    def as_dict(self) -> dict[str, Any]:
        return {
            "usable_reviews": self.usable, "reviews_needed": self.needed,
            "old": self.old.__dict__ if self.old else None,
            "new": self.new.__dict__ if self.new else None,
            "parameters": list(self.parameters) if self.parameters else None,
            "applied": self.applied,
        }


def by_card(entries: Iterable[Entry]) -> dict[str, list[Entry]]:
    """Each card's reviews in time order."""
    grouped: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        grouped[entry.card_id].append(entry)
    for reviews in grouped.values():
        reviews.sort(key=lambda e: e.reviewed_at)
    return grouped


def usable_reviews(entries: Iterable[Entry]) -> int:
    """Reviews at least a day after the card's previous one: what the fit learns from."""
    return sum(
        1
        for reviews in by_card(entries).values()
        for before, after in zip(reviews, reviews[1:], strict=False)
        if (after.reviewed_at - before.reviewed_at).days > 0
    )


def evaluate(parameters: Sequence[float], entries: Iterable[Entry]) -> Metrics:
    """Log loss and RMSE(bins) of predicted recall on every usable review.

    Each card's history is replayed with ``parameters``; before each review a day
    or more after the previous one, the predicted recall probability is compared
    with the outcome (recalled = rating above Again). RMSE(bins) groups
    predictions into 20 equal-width probability bins and weighs each bin's
    (mean predicted - observed) gap by its size.
    """
    scheduler = make_scheduler(SchedulerConfig(parameters=tuple(parameters)))
    predicted: list[float] = []
    observed: list[int] = []
    for reviews in by_card(entries).values():
        card = Card(card_id=0, due=reviews[0].reviewed_at)
        for entry in reviews:
            at = entry.reviewed_at
            if card.last_review is not None and (at - card.last_review).days > 0:
                predicted.append(float(scheduler.get_card_retrievability(card, at)))
                observed.append(1 if entry.rating > 1 else 0)
            card, _ = scheduler.review_card(card, Rating(entry.rating), at)
    if not predicted:
        return Metrics(math.nan, math.nan, 0)
    loss = 0.0
    bins: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for p, y in zip(predicted, observed, strict=True):
        q = min(max(p, 1e-6), 1 - 1e-6)
        loss -= y * math.log(q) + (1 - y) * math.log(1 - q)
        b = bins[min(BINS - 1, int(p * BINS))]
        b[0], b[1], b[2] = b[0] + p, b[1] + y, b[2] + 1
    n = len(predicted)
    rmse = math.sqrt(sum((s_p - s_y) ** 2 / c for s_p, s_y, c in bins.values()) / n)
    return Metrics(round(loss / n, 6), round(rmse, 6), n)


def run_fit(entries: Sequence[Entry], current: Sequence[float],
            timeout: float = FIT_TIMEOUT_S) -> tuple[tuple[float, ...], Metrics, Metrics]:
    """Fit in a worker process; returns (new parameters, old metrics, new metrics).

    Raises:
        OptimizeError: the worker failed or timed out.
    """
    payload = json.dumps({
        "current": list(current),
        "reviews": [[e.card_id, e.rating, e.reviewed_at.isoformat(), e.duration_ms]
                    for e in entries],
    })
    try:
        done = subprocess.run([sys.executable, "-m", "studyapp.srs.optimize_worker"],
                              input=payload, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise OptimizeError(f"fitting took longer than {timeout:.0f} s and was stopped") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no error output"])[-1]
        raise OptimizeError(f"fitting failed: {last}")
    result = json.loads(done.stdout)
    return (tuple(result["parameters"]), Metrics(**result["old"]), Metrics(**result["new"]))


def optimize(service: StudyService, *, apply: bool = True) -> Outcome:
    """Fit parameters to the service's review log; store them only if they predict better."""
    entries = [Entry(r.card_id, r.rating, r.reviewed_at, r.duration_ms)
               for r in service.store.reviews()]
    usable = usable_reviews(entries)
    if usable < MIN_REVIEWS:
        return Outcome(usable=usable, needed=MIN_REVIEWS - usable)
    current = service.store.get_settings().get("fsrs_parameters") or list(DEFAULT_PARAMETERS)
    parameters, old, new = run_fit(entries, current)
    outcome = Outcome(usable, 0, old, new, parameters)
    if apply and outcome.better:
        service.update_settings(fsrs_parameters=list(parameters))
        outcome = Outcome(usable, 0, old, new, parameters, applied=True)
    return outcome


def describe(outcome: Outcome) -> list[str]:
    """What the fit found, in a few lines for people (CLI and settings screen)."""
    if outcome.needed:
        return [
            f"Not enough history yet: {outcome.usable} of {MIN_REVIEWS} reviews that came a "
            f"day or more after the card's previous review.",
            f"Review {outcome.needed} more (on later days) and run studyapp optimize again.",
        ]
    old, new = outcome.old, outcome.new
    assert old is not None and new is not None
    lines = [
        f"Fitted on {outcome.usable} reviews.",
        "              log loss   RMSE(bins)",
        f"current     {old.log_loss:>10.4f}   {old.rmse_bins:>9.4f}",
        f"fitted      {new.log_loss:>10.4f}   {new.rmse_bins:>9.4f}",
    ]
    if outcome.applied:
        lines.append("The fitted parameters predict your recall better; they are now in use.")
    elif outcome.better:
        lines.append("The fitted parameters are better (not stored: --dry-run).")
    else:
        lines.append("The fitted parameters are not better; the current ones stay.")
    return lines
