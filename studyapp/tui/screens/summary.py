"""The end-of-session summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from studyapp.srs.scheduler import RATING_LABELS

if TYPE_CHECKING:
    from studyapp.tui.screens.session import SessionTally


class SummaryScreen(Screen[None]):
    """How many cards were reviewed and how they were rated."""

    BINDINGS = [
        Binding("escape", "close", "Dashboard", id="close", tooltip="Back to the dashboard"),
        Binding("enter", "close", "Dashboard", show=False),
    ]

    def __init__(self, tally: SessionTally) -> None:
        super().__init__()
        self.tally = tally

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="session-summary"):
            yield Static(self._text(), id="summary-text")
        yield Footer()

    def _text(self) -> str:
        tally = self.tally
        if tally.reviewed == 0:
            return "Session ended. No cards were rated.\n\nEnter or Escape: back to the dashboard."
        counts = "  ".join(f"{RATING_LABELS[r]} {n}" for r, n in tally.ratings.items())
        minutes = tally.seconds / 60
        reviews = f"{tally.reviewed} review{'s' if tally.reviewed != 1 else ''}"
        cards = len(tally.card_ids)
        if cards != tally.reviewed:
            reviews += f" of {cards} card{'s' if cards != 1 else ''}"
        return (
            f"[b]Session done[/b]: {reviews} in {minutes:.1f} min\n\n{counts}\n\n"
            "Enter or Escape: back to the dashboard."
        )

    def action_close(self) -> None:
        self.app.pop_screen()
