"""A drill in the real review screen: fail, pass, rate; attempts and review are stored."""

from __future__ import annotations

import shutil
from pathlib import Path

from deckkit import settle
from textual.widgets import TextArea

from studyapp.config import Settings
from studyapp.service import StudyService
from studyapp.store.repository import Store
from studyapp.tui.app import make_app
from studyapp.tui.screens.review import ReviewScreen
from studyapp.tui.widgets.drill_panel import DrillPanel

CONTENT = Path(__file__).resolve().parents[2] / "content"


def store_reviews(settings: Settings) -> list[object]:
    store = Store.open(settings.db)
    try:
        return store.reviews()
    finally:
        store.close()


async def test_solve_a_drill_wrongly_then_rightly_and_rate_it(
    settings: Settings, tmp_path: Path
) -> None:
    deck = tmp_path / "deck"
    (deck / "drills").mkdir(parents=True)
    for name in ("relu.toml", "relu.py"):
        shutil.copy(CONTENT / "drills" / name, deck / "drills" / name)
    service = StudyService.open(settings.with_(content_dir=deck))
    app = make_app(service)
    assert app.sandbox is not None
    async with app.run_test(size=(110, 48)) as pilot:
        await settle(app, pilot, rounds=3)
        await pilot.press("r")
        await settle(app, pilot, rounds=3)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.shown is not None
        assert screen.shown.item.id == "relu"
        editor = screen.query_one("#drill-editor", TextArea)
        assert editor.has_focus

        editor.text = "def relu(x):\n    return x.max(0).values\n"
        await pilot.press("ctrl+r")
        await settle(app, pilot, rounds=3)
        assert screen.revealed and screen.shown.suggested == 1
        assert "Known mistake" in str(screen.query_one("#drill-result").render())
        assert editor.has_focus  # after a failing check, digits type code, they don't rate
        await pilot.press("1")
        await settle(app, pilot, rounds=3)
        assert store_reviews(settings) == [] and editor.text.startswith("1def")

        editor.text = "import torch\n\ndef relu(x):\n    return torch.where(x > 0, x, 0.0)\n"
        await pilot.press("ctrl+s")  # ctrl+s checks too, on a drill card
        await settle(app, pilot, rounds=3)
        assert screen.shown.suggested == 2  # passed, but after a failed check: Hard
        assert not editor.has_focus  # a passing check moves focus off the editor
        await pilot.click("#drill-editor")
        await pilot.press("escape")  # leaves the editor, does not end the session
        assert isinstance(app.screen, ReviewScreen)
        assert screen.query_one(DrillPanel).has_focus
        await pilot.press("3")
        await settle(app, pilot, rounds=3)
    service.close()

    store = Store.open(settings.db)
    attempts = store.attempts("relu")
    assert [a["passed"] for a in attempts] == [False, True]
    assert attempts[0]["verdict"]["mistake"]["id"] == "max-over-axis"
    assert "torch.where" in attempts[1]["code"]
    [review] = store.reviews()
    assert (review.card_id, review.rating, review.suggested_rating) == ("relu", 3, 2)
    assert "torch.where" in review.answer
    store.close()
