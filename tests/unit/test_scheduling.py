"""The scheduling wrapper and the queue: rollover, learning steps, new-card limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card, Rating, Scheduler

from studyapp.clock import day_start, study_day
from studyapp.srs.queue import QueueCard, build_queue
from studyapp.srs.scheduler import (
    STATE_LEARNING,
    STATE_RELEARNING,
    STATE_REVIEW,
    SchedulerConfig,
    make_scheduler,
    preview,
    replay,
    review,
)

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("local_time", "expected_day"),
    [
        (datetime(2026, 12, 4, 3, 59, tzinfo=BERLIN), datetime(2026, 12, 3).date()),
        (datetime(2026, 12, 4, 4, 0, tzinfo=BERLIN), datetime(2026, 12, 4).date()),
        (datetime(2026, 12, 4, 23, 30, tzinfo=BERLIN), datetime(2026, 12, 4).date()),
    ],
)
def test_study_day_rolls_over_at_4am_local(local_time: datetime, expected_day: object) -> None:
    assert study_day(local_time.astimezone(UTC), 4, BERLIN) == expected_day


def test_day_start_is_rollover_hour_in_local_zone() -> None:
    start = day_start(datetime(2026, 12, 4).date(), 4, BERLIN)
    assert start == datetime(2026, 12, 4, 3, 0, tzinfo=UTC)  # 04:00 CET is 03:00 UTC


def test_new_card_goes_through_learning_steps() -> None:
    scheduler = make_scheduler(SchedulerConfig())
    first = review(scheduler, None, 3, NOW)
    assert first.state == STATE_LEARNING
    assert first.due - NOW == timedelta(minutes=10)  # Good moves to the second 10-minute step
    again = review(scheduler, None, 1, NOW)
    assert again.due - NOW == timedelta(minutes=1)  # Again restarts at the 1-minute step
    graduated = review(scheduler, first, 3, first.due)
    assert graduated.state == STATE_REVIEW
    assert graduated.due - first.due >= timedelta(days=1)


def test_lapse_enters_relearning() -> None:
    scheduler = make_scheduler(SchedulerConfig())
    state = replay(scheduler, [(3, NOW), (3, NOW + timedelta(minutes=10))])
    assert state is not None and state.state == STATE_REVIEW
    lapsed = review(scheduler, state, 1, state.due)
    assert lapsed.state == STATE_RELEARNING
    assert lapsed.due - state.due == timedelta(minutes=10)


def test_wrapper_agrees_with_py_fsrs_directly() -> None:
    ours = make_scheduler(SchedulerConfig(desired_retention=0.85))
    theirs = Scheduler(desired_retention=0.85, enable_fuzzing=False)
    card = Card(due=NOW)
    state = None
    when = NOW
    for rating in (3, 3, 2, 4, 1, 3):
        card, _ = theirs.review_card(card, Rating(rating), when)
        state = review(ours, state, rating, when)
        assert state.due == card.due
        assert state.stability == pytest.approx(card.stability)
        when = card.due


def test_higher_retention_gives_shorter_intervals() -> None:
    history = [(3, NOW), (3, NOW + timedelta(minutes=10))]
    loose = replay(make_scheduler(SchedulerConfig(0.8)), history)
    strict = replay(make_scheduler(SchedulerConfig(0.95)), history)
    assert loose is not None and strict is not None
    assert strict.due < loose.due


def test_preview_orders_ratings_and_changes_nothing() -> None:
    scheduler = make_scheduler(SchedulerConfig())
    state = replay(scheduler, [(3, NOW), (3, NOW + timedelta(minutes=10))])
    assert state is not None
    later = state.due
    dues = preview(scheduler, state, later)
    assert dues[1] < dues[2] < dues[3] < dues[4]
    assert review(scheduler, state, 3, later).due == dues[3]


def test_clock_moving_backwards_never_gives_negative_interval() -> None:
    scheduler = make_scheduler(SchedulerConfig())
    state = review(scheduler, None, 3, NOW)
    earlier = NOW - timedelta(hours=5)
    after = review(scheduler, state, 3, earlier)
    assert after.last_review is not None and after.due >= after.last_review


def test_rating_out_of_range_is_rejected() -> None:
    with pytest.raises(ValueError, match="1-4"):
        review(make_scheduler(SchedulerConfig()), None, 5, NOW)


def _cards(n_new: int) -> list[QueueCard]:
    return [QueueCard(f"c{i:02d}", i, None) for i in range(n_new)]


def test_new_card_limit_counts_cards_introduced_today() -> None:
    cards = _cards(30)
    assert len(build_queue(cards, NOW, new_limit=10, introduced_today=0).new) == 10
    assert len(build_queue(cards, NOW, new_limit=10, introduced_today=7).new) == 3
    assert build_queue(cards, NOW, new_limit=10, introduced_today=12).new == ()


def test_queue_puts_due_learning_then_reviews_then_new_in_deck_order() -> None:
    scheduler = make_scheduler(SchedulerConfig())
    learning = review(scheduler, None, 1, NOW - timedelta(minutes=5))
    graduated = replay(scheduler, [(3, NOW - timedelta(days=30)), (3, NOW - timedelta(days=30))])
    assert graduated is not None and graduated.due < NOW
    not_due = review(scheduler, graduated, 4, NOW)
    cards = [
        QueueCard("new-b", 5, None),
        QueueCard("new-a", 4, None),
        QueueCard("rev", 2, graduated),
        QueueCard("learn", 3, learning),
        QueueCard("later", 1, not_due),
    ]
    queue = build_queue(cards, NOW, new_limit=10, introduced_today=0)
    assert queue.ordered == ("learn", "rev", "new-a", "new-b")


def test_learning_cards_due_soon_are_shown_early_only_when_nothing_else_is_left() -> None:
    scheduler = make_scheduler(SchedulerConfig())
    soon = review(scheduler, None, 3, NOW)  # due in 10 minutes
    cards = [QueueCard("soon", 0, soon), QueueCard("new", 1, None)]
    assert build_queue(cards, NOW, new_limit=10, introduced_today=0).ordered == ("new",)
    only_soon = build_queue(cards[:1], NOW, new_limit=10, introduced_today=0)
    assert only_soon.ordered == ("soon",)
    assert build_queue(cards[:1], NOW - timedelta(hours=1), new_limit=10,
                       introduced_today=0).ordered == ()


def test_a_bare_date_in_studyapp_now_means_noon_of_that_study_day() -> None:
    from studyapp.clock import parse_instant

    instant = parse_instant("2026-12-05T00:00+01:00")
    assert study_day(instant, 4, BERLIN) == datetime(2026, 12, 4).date()  # midnight: day before
    noon = parse_instant("2026-12-05")
    assert noon.astimezone().hour == 12
    assert study_day(noon, 4) == datetime(2026, 12, 5).date()
