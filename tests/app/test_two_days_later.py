"""A learner's first session, then the schedule seen by the CLI now and two days later."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler

from studyapp.config import Settings
from studyapp.service import StudyService
from studyapp.store.repository import Store
from studyapp.tui.app import make_app
from studyapp.tui.screens.review import ReviewScreen

START = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def cli_stats(db: str, now: datetime) -> dict[str, int]:
    env = {**os.environ, "STUDYAPP_NOW": now.isoformat()}
    result = subprocess.run([sys.executable, "-m", "studyapp", "stats", "--json", "--db", db],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


async def test_good_and_again_cards_come_back_as_fsrs_says(
    question_settings: Settings, clock  # noqa: ANN001
) -> None:
    settings = question_settings
    clock.now = START
    service = StudyService.open(settings)
    app = make_app(service)
    rated: list[tuple[str, int, datetime]] = []
    async with app.run_test(size=(100, 34)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("r")
        for rating in ("3", "1", "3"):
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen) and screen.shown is not None
            await pilot.press(*"a tensor of pixel values")
            await pilot.press("ctrl+s")
            await pilot.pause()
            rated.append((screen.shown.item.id, int(rating), clock.now))
            await pilot.press(rating)
            await app.workers.wait_for_complete()
            await pilot.pause()
            clock.advance(seconds=30)
        await pilot.press("ctrl+q")
    service.close()

    assert len({card_id for card_id, _, _ in rated}) == 3  # three different new cards
    assert cli_stats(settings.db, clock.now)["reviews_today"] == 3

    fsrs = Scheduler(desired_retention=0.9, enable_fuzzing=False)
    store = Store.open(settings.db)
    for card_id, rating, when in rated:
        expected, _ = fsrs.review_card(Card(due=when), Rating(rating), when)
        stored = store.card(card_id).state
        assert stored is not None
        assert stored.due == expected.due
        assert stored.stability == expected.stability
    store.close()

    later = cli_stats(settings.db, START + timedelta(days=2))
    assert later["reviews_today"] == 0
    assert later["due_now"] == 3  # both learning-step cards and the Again card are due
    assert later["reviews_total"] == 3

    service = StudyService.open(settings.with_(clock=lambda: START + timedelta(days=2)))
    queue = service.queue()
    again_card = rated[1][0]
    assert again_card in queue.due
    service.close()


def test_reviews_after_the_injected_now_are_not_counted_as_today(
    question_settings: Settings,
) -> None:
    service = StudyService.open(question_settings.with_(clock=lambda: START))
    card_id = service.queue().next_id
    assert card_id is not None
    assert service.rate(card_id, 3, shown=None).recorded
    service.close()
    assert cli_stats(question_settings.db, START)["reviews_today"] == 1
    earlier = cli_stats(question_settings.db, START - timedelta(days=30))
    assert earlier["reviews_today"] == 0
    assert earlier["reviews_total"] == 1
