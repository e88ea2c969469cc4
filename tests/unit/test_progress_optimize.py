"""Evaluation of FSRS parameters on a history, checked by hand-computed log loss."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from studyapp.srs.optimize import MIN_REVIEWS, Entry, Outcome, describe, evaluate, usable_reviews

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def recall(days: int, stability: float) -> float:
    decay = -DEFAULT_PARAMETERS[20]
    return (1 + (0.9 ** (1 / decay) - 1) * days / stability) ** decay


def test_only_reviews_a_day_or_more_apart_count() -> None:
    entries = [Entry("a", 3, T0), Entry("a", 3, T0 + timedelta(minutes=10)),
               Entry("a", 1, T0 + timedelta(days=3)), Entry("b", 3, T0)]
    assert usable_reviews(entries) == 1


def test_log_loss_of_one_prediction() -> None:
    # first rating Easy: stability is w[3]; reviewed again 5 days later and forgotten
    entries = [Entry("a", 4, T0), Entry("a", 1, T0 + timedelta(days=5))]
    metrics = evaluate(DEFAULT_PARAMETERS, entries)
    p = recall(5, DEFAULT_PARAMETERS[3])
    assert metrics.reviews == 1
    assert metrics.log_loss == pytest.approx(-math.log(1 - p), abs=1e-5)
    assert metrics.rmse_bins == pytest.approx(p, abs=1e-5)


def test_describe_too_little_history() -> None:
    lines = describe(Outcome(usable=100, needed=MIN_REVIEWS - 100))
    assert "100 of 512" in lines[0] and "412 more" in lines[1]
