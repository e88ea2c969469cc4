"""Drive the real app with Pilot: review cards through the keys and check what was stored."""

from __future__ import annotations

from studyapp.config import Settings
from studyapp.service import StudyService
from studyapp.store.repository import Store
from studyapp.tui.app import make_app
from studyapp.tui.screens.dashboard import DashboardScreen
from studyapp.tui.screens.review import ReviewScreen
from studyapp.tui.screens.summary import SummaryScreen


async def settle(app, pilot) -> None:  # noqa: ANN001
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_review_three_cards_through_keys(question_settings: Settings) -> None:
    settings = question_settings
    service = StudyService.open(settings)
    app = make_app(service)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        for rating in ("3", "1", "3"):
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            assert screen.shown is not None and not screen.revealed
            await pilot.press(*"pixels")
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert screen.revealed
            await pilot.press(rating)
            await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.tally.reviewed == 3
    service.close()
    store = Store.open(settings.db)
    reviews = store.reviews()
    assert [r.rating for r in reviews] == [3, 1, 3]
    assert all(r.answer == "pixels" for r in reviews)
    store.close()


async def test_reveal_shows_covered_and_missing_key_points(question_settings: Settings) -> None:
    settings = question_settings
    from studyapp.tui.widgets.reference_panel import ReferencePanel

    service = StudyService.open(settings)
    app = make_app(service)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.shown is not None
        card = screen.shown.item
        # A partial answer: the first key point's reference wording only.
        editor = screen.query_one("#explanation")
        editor.text = "each pixel is one number in a 2-D grid"
        await pilot.press("ctrl+s")
        await pilot.pause()
        panel = screen.query_one(ReferencePanel)
        assert panel.feedback is not None
        covered = [p.covered for p in panel.feedback.points]
        assert covered[0] and not all(covered), (card.id, covered)
        rendered = str(panel.render())
        assert "✔" in rendered and "✘" in rendered
        assert screen.shown.suggested == panel.feedback.suggested_value
        await pilot.press("enter")  # accept the suggested rating
        await settle(app, pilot)
    service.close()
    store = Store.open(settings.db)
    [review] = store.reviews()
    assert review.rating == review.suggested_rating == panel.feedback.suggested_value
    assert review.answer == "each pixel is one number in a 2-D grid"
    store.close()


async def test_u_right_after_rating_undoes_and_typing_starts_the_next_answer(
    question_settings: Settings,
) -> None:
    settings = question_settings
    service = StudyService.open(settings)
    app = make_app(service)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.shown is not None
        first = screen.shown.item.id
        await pilot.press(*"grid of numbers", "ctrl+s", "3")
        await settle(app, pilot)
        assert screen.shown.item.id != first
        await pilot.press("u")  # not typed into the next card's editor
        await settle(app, pilot)
        assert screen.shown.item.id == first and screen.shown.state is None
        assert screen.query_one("#explanation").text == "grid of numbers"
        await pilot.press("ctrl+s", "2")
        await settle(app, pilot)
        await pilot.press("enter", *"understood")  # Enter starts an answer beginning with u
        await settle(app, pilot)
        assert screen.query_one("#explanation").text == "understood"
    service.close()
    store = Store.open(settings.db)
    assert [(r.card_id, r.rating) for r in store.reviews()][:1] == [(first, 2)]
    store.close()
