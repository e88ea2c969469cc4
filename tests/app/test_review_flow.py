"""Drive the real app with Pilot: review cards through the keys and check what was stored."""

from __future__ import annotations

from deckkit import settle

from studyapp.config import Settings
from studyapp.service import StudyService
from studyapp.store.repository import Store
from studyapp.tui.app import make_app
from studyapp.tui.screens.dashboard import DashboardScreen
from studyapp.tui.screens.review import ReviewScreen
from studyapp.tui.screens.summary import SummaryScreen


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
        await pilot.press("escape")  # leaves the next card's editor
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")  # ends the session
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
        await pilot.press("u")  # typed: the next card's editor has focus
        assert screen.query_one("#explanation").text == "u"
        await pilot.press("backspace", "escape", "u")  # Escape leaves the editor, u undoes
        await settle(app, pilot)
        assert screen.shown.item.id == first and screen.shown.state is None
        assert screen.query_one("#explanation").text == "grid of numbers"
        await pilot.press("ctrl+s", "2")
        await settle(app, pilot)
        await pilot.press(*"understood")  # the next answer may start with u
        await settle(app, pilot)
        assert screen.query_one("#explanation").text == "understood"
        await pilot.press("escape", "enter", *" well")  # Enter resumes writing
        assert screen.query_one("#explanation").text == "understood well"
        await pilot.press("escape", "escape")  # out of the editor, then end the session
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
    service.close()
    store = Store.open(settings.db)
    assert [(r.card_id, r.rating) for r in store.reviews()][:1] == [(first, 2)]
    store.close()


async def test_r_with_nothing_due_stays_on_the_dashboard(question_settings: Settings) -> None:
    service = StudyService.open(question_settings.with_(new_per_day=0))
    app = make_app(service)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert any("Nothing is due" in str(n.message) for n in app._notifications)
    service.close()


async def test_summary_and_dashboard_after_a_short_session(question_settings: Settings) -> None:
    service = StudyService.open(question_settings)
    app = make_app(service)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press(*"numbers", "ctrl+s", "3")  # Good: back in 10 minutes
        await settle(app, pilot)
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert "1 review in" in str(summary.query_one("#summary-text").render())
        await pilot.press("enter")
        await settle(app, pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        assert dashboard.figures.learning_soon == 1 and dashboard.figures.due_now == 0
        assert "+1 learning soon" in str(dashboard.query_one("#figures").render())
    service.close()
