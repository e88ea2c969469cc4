"""The revealed side of a questionnaire card: reference answer and key-point feedback."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static

from studyapp.deck import Card


class ReferencePanel(Static):
    """Shows the reference answer and, for each key point, whether the learner covered it."""

    DEFAULT_CSS = """
    ReferencePanel {
        height: auto;
    }
    """

    def show_feedback(self, card: Card, learner_text: str) -> int | None:
        """Render the answer and key points for ``learner_text``; return a suggested rating."""
        lines = ["[b]Reference answer[/b]", escape(card.answer), "", "[b]Key points[/b]"]
        lines += [f"• {escape(point.text)}" for point in card.key_points]
        self.update("\n".join(lines))
        return None
