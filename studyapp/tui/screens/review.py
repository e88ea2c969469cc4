"""The review screen: show a card, take the learner's explanation, reveal, rate.

Flow per card: the prompt and an editor → ``ctrl+s`` reveals the reference
answer with key-point feedback and, for each rating, when the card would come
back → ``1``–``4`` (or Enter for the suggested rating) records the review in a
worker and the next card appears, its editor focused. Escape leaves an editor;
outside one, ``u`` undoes the last rating and Escape ends the session.
Drill cards mount a :class:`DrillPanel` instead of the explanation editor.
"""

from __future__ import annotations

import time
from datetime import datetime

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static, TextArea

from studyapp.deck import Card, DrillMeta
from studyapp.service import Rated, StudyService
from studyapp.srs.scheduler import RATING_LABELS, STATE_NAMES, preview
from studyapp.tui.format import until
from studyapp.tui.screens.session import SessionTally, Shown
from studyapp.tui.widgets.drill_panel import DrillPanel
from studyapp.tui.widgets.reference_panel import ReferencePanel


def present(service: StudyService, card_id: str, now: datetime, remaining: int,
            **carried: object) -> Shown:
    """A card as it is shown: its state read once, and each rating's next due date."""
    state = service.state(card_id)
    return Shown(item=service.item(card_id), state=state,
                 preview=preview(service.scheduler, state, now), now=now,
                 remaining=remaining, **carried)  # type: ignore[arg-type]


class ReviewScreen(Screen[None]):
    """One study session over today's queue."""

    BINDINGS = [
        # Not priority: the editor leaves ctrl+s alone, and a priority binding would run
        # ahead of keys still queued for the editor (fast typing, then ctrl+s).
        Binding("ctrl+s", "submit", "Reveal", id="submit", tooltip="Show the reference answer"),
        Binding("1", "rate(1)", "Again", id="rate-again"),
        Binding("2", "rate(2)", "Hard", id="rate-hard"),
        Binding("3", "rate(3)", "Good", id="rate-good"),
        Binding("4", "rate(4)", "Easy", id="rate-easy"),
        Binding("enter", "accept", "Suggested", id="accept", tooltip="Use the suggested rating",
                show=False),
        Binding("u", "undo", "Undo", id="undo", tooltip="Undo the last rating"),
        Binding("escape", "end_session", "End", id="end", tooltip="End the session",
                priority=True),
    ]

    class Next(Message):
        """The next card to show (or ``None`` when the queue is empty)."""

        def __init__(self, shown: Shown | None) -> None:
            super().__init__()
            self.shown = shown

    class Recorded(Message):
        """A rating was written (or refused because the card was already rated)."""

        def __init__(self, rated: Rated, shown: Shown) -> None:
            super().__init__()
            self.rated = rated
            self.shown = shown

    class Undone(Message):
        """The last rating was undone; ``shown`` is the card to show again."""

        def __init__(self, ok: bool, shown: Shown | None) -> None:
            super().__init__()
            self.ok = ok
            self.shown = shown

    def __init__(self) -> None:
        super().__init__()
        self.shown: Shown | None = None
        self.revealed = False
        self.busy = False
        self.tally = SessionTally()
        self.history: list[tuple[int, int, Shown]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="prompt")
        with Horizontal(id="workarea"):
            with Vertical(id="yours"):
                yield Label("Your explanation", id="yours-label")
                yield TextArea(id="explanation", soft_wrap=True, tab_behavior="focus")
            with VerticalScroll(id="reference", can_focus=True):
                yield ReferencePanel(id="reference-panel")
        yield Static("", id="ratings")
        yield Footer()

    def on_mount(self) -> None:
        self.load_next()

    # --- workers ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def load_next(self) -> None:
        """Pick the next card and compute its rating previews."""
        service = self.app.service  # type: ignore[attr-defined]
        now = service.now()
        queue = service.queue(now)
        card_id = queue.next_id
        if card_id is None:
            self.post_message(self.Next(None))
            return
        self.post_message(self.Next(present(service, card_id, now, len(queue.ordered))))

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def record(self, shown: Shown, rating: int) -> None:
        """Write the review (one transaction) off the UI thread."""
        service = self.app.service  # type: ignore[attr-defined]
        rated = service.rate(
            shown.item.id,
            rating,
            shown=shown.state,
            answer=shown.answer,
            duration_ms=int((time.monotonic() - shown.started) * 1000),
            suggested=shown.suggested,
        )
        self.post_message(self.Recorded(rated, shown))

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def undo_last(self, review_id: int, shown: Shown) -> None:
        """Undo a review and re-read the card's restored state."""
        service = self.app.service  # type: ignore[attr-defined]
        ok = service.undo(review_id)
        if not ok:
            self.post_message(self.Undone(False, None))
            return
        again = present(service, shown.item.id, service.now(), shown.remaining,
                        answer=shown.answer, hints_used=shown.hints_used,
                        failed_checks=shown.failed_checks)
        self.post_message(self.Undone(True, again))

    # --- showing -----------------------------------------------------------------

    def on_review_screen_next(self, message: Next) -> None:
        self.busy = False
        if message.shown is None:
            self.finish()
            return
        self.show(message.shown)

    def show(self, shown: Shown) -> None:
        """Put a card on screen: an explanation editor, or a drill panel for drills."""
        self.shown = shown
        self.tally.shown_any = True
        self.revealed = False
        self.remove_class("revealed")
        for old in self.query(DrillPanel):
            old.remove()
        item = shown.item
        if isinstance(item, DrillMeta):
            self._show_drill(shown, item)
            return
        self.remove_class("drill")
        status = "new" if shown.state is None else STATE_NAMES.get(shown.state.state, "review")
        self.query_one("#prompt", Static).update(
            f"[b]{item.id}[/b] · {item.topic} · {status} · {shown.remaining} left\n\n{item.prompt}"
        )
        editor = self.query_one("#explanation", TextArea)
        editor.read_only = False
        editor.text = shown.answer
        editor.focus()
        undo = " · Escape, then u: undo the last rating" if self.history else ""
        self.query_one("#ratings", Static).update(
            f"Write your explanation, then ctrl+s to reveal{undo}"
        )
        self.sub_title = f"{self.tally.reviewed} reviewed · {shown.remaining} left"
        self.refresh_bindings()

    def on_key(self, event: events.Key) -> None:
        """Outside the editor, before revealing: Enter or a printable key resumes writing."""
        if self.focused is not None or self.revealed or self.shown is None:
            return
        if isinstance(self.shown.item, DrillMeta):
            return
        editor = self.query_one("#explanation", TextArea)
        if event.key == "enter":
            editor.focus()
        elif event.is_printable and event.character and event.character != "u":
            editor.focus()
            editor.insert(event.character)
        else:
            return  # `u` (undo) and other keys go to the bindings
        event.stop()
        event.prevent_default()

    def _show_drill(self, shown: Shown, drill: DrillMeta) -> None:
        self.add_class("drill")
        self.query_one("#prompt", Static).update(
            f"[b]{drill.id}[/b] · {drill.topic} · coding drill · {shown.remaining} left"
        )
        sandbox = self.app.sandbox  # type: ignore[attr-defined]
        panel = DrillPanel(drill, sandbox)
        self.query_one("#workarea", Horizontal).mount(panel)
        if shown.answer:  # shown again after an undo: keep the learner's code and hints
            panel.call_after_refresh(self._restore_drill, panel, shown)
        undo = " · Escape, then u: undo the last rating" if self.history else ""
        self.query_one("#ratings", Static).update(
            f"Write the function, then ctrl+r (or ctrl+s) to check it{undo}"
        )
        self.sub_title = f"{self.tally.reviewed} reviewed · {shown.remaining} left"
        self.refresh_bindings()

    @staticmethod
    def _restore_drill(panel: DrillPanel, shown: Shown) -> None:
        panel.editor.text = shown.answer
        panel.failed_checks = shown.failed_checks
        for _ in range(shown.hints_used):
            panel.action_hint()

    def on_drill_panel_checked(self, message: DrillPanel.Checked) -> None:
        """A drill check finished: store the attempt and let the learner rate.

        After a failing check the editor keeps focus (the learner will likely fix
        the code, and digits must not rate the card); after a pass focus leaves
        it so 1-4 rate at once.
        """
        shown = self.shown
        if shown is None or shown.item.id != message.drill_id:
            return
        passed = bool(message.verdict.get("passed"))
        shown.answer = message.code
        shown.hints_used = message.hints_used
        shown.failed_checks = message.panel.failed_checks
        shown.suggested = message.suggested
        self.store_attempt(message.drill_id, message.code, message.verdict, message.hints_used)
        self.revealed = True
        self.add_class("revealed")
        panel = message.panel
        if not passed:
            panel.editor.focus()
        line = self._ratings_line(shown)
        if not passed:
            line += "   (Escape leaves the editor to rate)"
        self.query_one("#ratings", Static).update(line)
        self.refresh_bindings()

    @work(thread=True, group="attempts", exit_on_error=False)
    def store_attempt(self, card_id: str, code: str, verdict: dict[str, object],
                      hints_used: int) -> None:
        """Write the drill attempt (code and verdict) off the UI thread."""
        self.app.service.record_attempt(  # type: ignore[attr-defined]
            card_id, code=code, verdict=verdict, hints_used=hints_used
        )

    def action_submit(self) -> None:
        """Reveal the reference answer and feedback for what the learner wrote."""
        if self.shown is None or self.busy:
            return
        if isinstance(self.shown.item, DrillMeta):
            self.query_one(DrillPanel).action_check()
            return
        if self.revealed:
            return
        shown = self.shown
        editor = self.query_one("#explanation", TextArea)
        shown.answer = editor.text
        assert isinstance(shown.item, Card)
        panel = self.query_one("#reference-panel", ReferencePanel)
        shown.suggested = panel.show_feedback(shown.item, shown.answer)
        editor.read_only = True
        self.revealed = True
        self.add_class("revealed")
        reference = self.query_one("#reference", VerticalScroll)
        reference.scroll_home(animate=False)  # each reveal starts at its key points
        reference.focus()
        self.query_one("#ratings", Static).update(self._ratings_line(shown))
        self.refresh_bindings()

    def _ratings_line(self, shown: Shown) -> str:
        parts = []
        for rating, due in shown.preview.items():
            label = f"{rating} {RATING_LABELS[rating]} {until(due, shown.now)}"
            parts.append(f"[reverse]{label}[/reverse]" if rating == shown.suggested else label)
        hint = "   Enter = suggested" if shown.suggested else ""
        return "   ".join(parts) + hint

    # --- rating ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show each key only when it does something."""
        if action in ("rate", "accept"):
            return self.revealed and not self.busy
        if action == "submit":  # on drills the panel's own ctrl+s / ctrl+r check the code
            drill = self.shown is not None and isinstance(self.shown.item, DrillMeta)
            return self.shown is not None and not drill and not self.revealed
        if action == "undo":
            return bool(self.history) and not self.busy
        return True

    def action_rate(self, rating: int) -> None:
        """Record the learner's rating (once per shown card)."""
        if self.shown is None or not self.revealed or self.busy:
            return
        for panel in self.query(DrillPanel):  # hints taken after the last check count too
            self.shown.hints_used = panel.hints_used
        self.busy = True
        self.refresh_bindings()
        self.record(self.shown, rating)

    def action_accept(self) -> None:
        """Rate with the suggested rating."""
        if self.shown is not None and self.shown.suggested:
            self.action_rate(self.shown.suggested)

    def on_review_screen_recorded(self, message: Recorded) -> None:
        rated, shown = message.rated, message.shown
        if rated.recorded:
            assert rated.review_id is not None
            self.tally.ratings[rated.rating] += 1
            self.tally.card_ids.add(rated.card_id)
            self.tally.seconds += time.monotonic() - shown.started
            self.history.append((rated.review_id, rated.rating, shown))
        else:
            self.notify("This card was already rated (another window?). Moving on.",
                        severity="warning")
        self.load_next()

    def action_undo(self) -> None:
        """Undo the most recent rating of this session and show that card again."""
        if not self.history or self.busy:
            return
        self.busy = True
        review_id, _rating, shown = self.history[-1]
        self.undo_last(review_id, shown)

    def on_review_screen_undone(self, message: Undone) -> None:
        self.busy = False
        if not message.ok or message.shown is None:
            self.notify("Nothing to undo.", severity="warning")
            self.refresh_bindings()
            return
        _review_id, rating, _shown = self.history.pop()
        self.tally.ratings[rating] -= 1
        self.tally.card_ids = {shown.item.id for _id, _rating, shown in self.history}
        self.notify("Last rating undone.")
        self.show(message.shown)

    # --- ending ------------------------------------------------------------------------

    def action_end_session(self) -> None:
        """Escape: leave an editor if one has focus, otherwise end the session."""
        for panel in self.query(DrillPanel):
            if panel.editor.has_focus:
                panel.action_leave_editor()
                return
        editor = self.query_one("#explanation", TextArea)
        if editor.has_focus:
            self.set_focus(None)
            self.refresh_bindings()
            return
        self.finish()

    def finish(self) -> None:
        """Replace this screen with the session summary (or go back if nothing was due)."""
        from studyapp.tui.screens.summary import SummaryScreen

        if not self.tally.shown_any:
            self.notify("Nothing is due right now. Come back later.")
            self.app.pop_screen()
            return
        self.app.switch_screen(SummaryScreen(self.tally))
