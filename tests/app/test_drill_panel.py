"""The drill panel in a tiny app: solve ``relu`` wrongly, take a hint, then solve it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from deckkit import settle
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, TextArea

from studyapp.deck.loader import load_deck
from studyapp.deck.models import DrillMeta
from studyapp.sandbox.client import SandboxClient
from studyapp.tui.widgets.drill_panel import DrillPanel, suggested_rating

CONTENT = Path(__file__).resolve().parents[2] / "content"


class DrillApp(App[None]):
    """Mounts one panel; records Checked messages and 1-4 rating keys."""

    BINDINGS = [Binding(str(n), f"rate({n})", str(n)) for n in range(1, 5)]

    def __init__(self, drill: DrillMeta, client: SandboxClient) -> None:
        super().__init__()
        self.drill, self.client = drill, client
        self.checked: list[DrillPanel.Checked] = []
        self.ratings: list[int] = []

    def compose(self) -> ComposeResult:
        yield DrillPanel(self.drill, self.client)
        yield Footer()

    def on_drill_panel_checked(self, message: DrillPanel.Checked) -> None:
        self.checked.append(message)

    def action_rate(self, rating: int) -> None:
        self.ratings.append(rating)


@pytest.fixture(scope="module")
def client() -> Iterator[SandboxClient]:
    sandbox = SandboxClient(hide=[])
    sandbox.start()
    yield sandbox
    sandbox.close()


async def type_code(pilot, line: str) -> None:  # noqa: ANN001
    await pilot.press("f7")  # select all, so typing replaces the starter
    await pilot.press(*line)


async def test_wrong_then_right_through_the_keys(client: SandboxClient) -> None:
    drill = load_deck(CONTENT).get("relu")
    assert isinstance(drill, DrillMeta)
    app = DrillApp(drill, client)
    async with app.run_test(size=(110, 48)) as pilot:
        panel = app.query_one(DrillPanel)
        editor = app.query_one("#drill-editor", TextArea)
        assert editor.has_focus and "def relu" in editor.text

        await type_code(pilot, "def relu(x): return x.max(0).values")
        await pilot.press("h")  # typed into the editor, not a hint
        assert panel.hints_used == 0 and editor.text.endswith("valuesh")
        await pilot.press("backspace", "ctrl+r")
        await settle(app, pilot)
        wrong = app.checked[-1]
        assert wrong.drill_id == "relu" and wrong.code.startswith("def relu")
        assert wrong.verdict["status"] == "failed" and wrong.suggested == 1
        assert wrong.verdict["mistake"]["id"] == "max-over-axis"
        assert not editor.has_focus
        shown = str(panel.query_one("#drill-result").render())
        assert "Known mistake" in shown and "✗" in shown

        await pilot.press("h")
        assert panel.hints_used == 1
        assert "Hint 1" in str(panel.query_one("#drill-hints").render())
        await pilot.press("1")
        assert app.ratings == [1]

        await pilot.click("#drill-editor")
        assert editor.has_focus
        await type_code(pilot, "def relu(x): return x.clamp(min=0)")
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        right = app.checked[-1]
        assert right.verdict["passed"] and right.hints_used == 1
        assert right.suggested == 2  # passed, but after a hint
        assert "✓" in str(panel.query_one("#drill-result").render())
        await pilot.press("2")
        assert app.ratings == [1, 2]

        await pilot.click("#drill-editor")
        await pilot.press("escape")
        assert not editor.has_focus and panel.has_focus


def test_suggested_rating() -> None:
    assert suggested_rating(True, 0) == 3
    assert suggested_rating(True, 2) == 2
    assert suggested_rating(False, 0) == 1
