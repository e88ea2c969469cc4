"""The revealed side of a questionnaire card: reference answer and key-point feedback."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static

from studyapp.deck import Card
from studyapp.grading import Feedback, explain


def render_feedback(card: Card, feedback: Feedback) -> str:
    """Console markup: each key point covered (✔) or missing (✘), then the reference answer.

    Key points come first so the verdict is visible without scrolling at 80x24.
    """
    lines = [f"[b]Key points[/b]: you covered {feedback.covered} of {len(feedback.points)}, "
             f"suggested [b]{feedback.suggested.capitalize()}[/b]"]
    for point in feedback.points:
        if point.covered:
            lines.append(f"[green]✔ {escape(point.text)}[/green]")
        else:
            mark = "[red]✘" if point.contradicted else "[yellow]✘"
            closing = "[/red]" if point.contradicted else "[/yellow]"
            lines.append(f"{mark} {escape(point.text)}{closing}")
        lines.append(f"   [dim]{escape(point.reason)}[/dim]")
    lines += ["", "[b]Reference answer[/b]", escape(card.answer)]
    return "\n".join(lines)


class ReferencePanel(Static):
    """Shows the reference answer and, for each key point, whether the learner covered it."""

    DEFAULT_CSS = """
    ReferencePanel {
        height: auto;
    }
    """

    feedback: Feedback | None = None

    def show_feedback(self, card: Card, learner_text: str) -> int:
        """Render the answer and key-point feedback for ``learner_text``.

        Returns:
            The suggested rating (1-4) from key-point coverage.
        """
        self.feedback = explain(card, learner_text)
        self.update(render_feedback(card, self.feedback))
        return self.feedback.suggested_value
