"""A coding drill in the review screen: prompt, Python editor, hints and the verdict.

The check runs in a thread worker through :class:`~studyapp.sandbox.client.SandboxClient`
(the UI stays live and never imports torch). Each finished check posts
:class:`DrillPanel.Checked` with a suggested rating; the screen that mounts the
panel confirms it with 1-4 once the editor has lost focus (the panel focuses
itself after every check, and Escape leaves the editor).
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static, TextArea

from studyapp.deck.models import DrillMeta
from studyapp.sandbox.client import SandboxClient

AGAIN, HARD, GOOD = 1, 2, 3


def suggested_rating(passed: bool, hints_used: int, failed_checks: int = 0) -> int:
    """Good for a first-time pass without hints; Hard after hints or failed checks; else Again."""
    if not passed:
        return AGAIN
    return GOOD if hints_used == 0 and failed_checks == 0 else HARD


class DrillPanel(Vertical, can_focus=True):
    """Prompt, code editor, hints and per-case results for one drill.

    Three stacked areas so the editor never scrolls out of view: the prompt and
    the output (hints + verdict) scroll on their own and are capped in height;
    the editor takes the rest (at least 5 lines, even at 80x24).
    """

    DEFAULT_CSS = """
    DrillPanel { height: 1fr; }
    DrillPanel > #drill-prompt-box { height: auto; max-height: 35%; }
    DrillPanel > #drill-editor { height: 1fr; min-height: 5; }
    DrillPanel > #drill-output { height: auto; max-height: 40%; }
    DrillPanel #drill-hints { color: $warning; }
    """

    BINDINGS = [
        Binding(
            "ctrl+r",
            "check",
            "Check code",
            id="drill.check",
            tooltip="Run your code against the drill's cases in the sandbox",
        ),
        # The code editor leaves these keys alone, so they need no priority; priority
        # bindings would overtake keystrokes still queued for the editor.
        Binding("f5", "check", "Check code", show=False, id="drill.check_f5"),
        Binding("ctrl+s", "check", "Check code", show=False, id="drill.check_s"),
        Binding("h", "hint", "Hint", id="drill.hint", tooltip="Reveal the next hint"),
        Binding("f2", "hint", "Hint", show=False, id="drill.hint_f2"),
        Binding(
            "escape",
            "leave_editor",
            "Leave editor",
            priority=True,
            id="drill.leave",
            tooltip="Move focus out of the editor (then 1-4 rate the card)",
        ),
    ]

    class Checked(Message):
        """A check finished. ``suggested`` is an FSRS rating: 1 Again, 2 Hard, 3 Good."""

        def __init__(
            self,
            panel: DrillPanel,
            drill_id: str,
            code: str,
            verdict: dict[str, Any],
            hints_used: int,
            suggested: int,
        ) -> None:
            super().__init__()
            self.panel = panel
            self.drill_id = drill_id
            self.code = code
            self.verdict = verdict
            self.hints_used = hints_used
            self.suggested = suggested

        @property
        def control(self) -> DrillPanel:
            return self.panel

    def __init__(
        self,
        drill: DrillMeta,
        client: SandboxClient,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.drill = drill
        self.client = client
        self.hints_used = 0
        self.failed_checks = 0
        self.checking = False
        self.last_verdict: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        title = (
            f"[b]{escape(self.drill.title)}[/b]  [dim]{escape(self.drill.id)} · "
            f"{escape(self.drill.topic)}[/dim]"
        )
        with VerticalScroll(id="drill-prompt-box"):
            yield Static(f"{title}\n\n{escape(self.drill.prompt)}", id="drill-prompt")
        yield TextArea.code_editor(self.drill.starter + "\n", language="python", id="drill-editor")
        with VerticalScroll(id="drill-output"):
            yield Static("", id="drill-hints")
            yield Static(
                "[dim]ctrl+r checks your code · Escape leaves the editor · h (outside it) "
                "or F2 shows a hint[/dim]",
                id="drill-result",
            )

    @property
    def editor(self) -> TextArea:
        return self.query_one("#drill-editor", TextArea)

    def on_mount(self) -> None:
        self.client.start()  # normally already warm; harmless if so
        self.editor.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_editor":
            return self.editor.has_focus  # otherwise Escape goes to the screen
        return True

    def action_leave_editor(self) -> None:
        self.focus()

    def action_hint(self) -> None:
        """Reveal the next hint (hints count against the suggested rating)."""
        hints = self.drill.hints
        if self.hints_used >= len(hints):
            self.notify("No more hints for this drill.")
            return
        self.hints_used += 1
        lines = [f"Hint {i + 1}: {escape(h)}" for i, h in enumerate(hints[: self.hints_used])]
        self.query_one("#drill-hints", Static).update("\n".join(lines))
        self._show_output_top()

    def action_check(self) -> None:
        """Run the editor's code through the sandbox in a worker."""
        if self.checking:
            return
        self.checking = True
        self.query_one("#drill-result", Static).update("[b]Checking…[/b]")
        self._show_output_top()
        self._run_check(self.editor.text)

    def _show_output_top(self) -> None:
        """Scroll the output area to its first line once the new text is laid out."""
        output = self.query_one("#drill-output", VerticalScroll)
        self.call_after_refresh(output.scroll_home, animate=False)

    @work(thread=True, exclusive=True, group="drill", exit_on_error=False)
    def _run_check(self, code: str) -> None:
        try:
            verdict = self.client.check(self.drill, code)
        finally:
            self.app.call_from_thread(setattr, self, "checking", False)
        self.app.call_from_thread(self._finish, code, verdict)

    def _finish(self, code: str, verdict: dict[str, Any]) -> None:
        self.last_verdict = verdict
        self.query_one("#drill-result", Static).update(render_verdict(verdict))
        self._show_output_top()
        passed = bool(verdict.get("passed"))
        suggested = suggested_rating(passed, self.hints_used, self.failed_checks)
        self.failed_checks += not passed
        self.focus()  # leave the editor so 1-4 reach the screen
        self.post_message(
            self.Checked(self, self.drill.id, code, verdict, self.hints_used, suggested)
        )

    def on_worker_state_changed(self, event: Any) -> None:
        from textual.worker import WorkerState

        if event.worker.group == "drill" and event.state == WorkerState.ERROR:
            self.checking = False
            self.notify(f"Check failed: {event.worker.error}", severity="error")


def render_verdict(verdict: dict[str, Any]) -> str:
    """Rich markup: status line, the explanation, then one line per case."""
    passed = bool(verdict.get("passed"))
    colour = "green" if passed else "red"
    status = escape(str(verdict.get("status", "?")).upper())
    lines = [f"[b {colour}]{status}[/]  [dim]{verdict.get('elapsed_ms', 0):.0f} ms[/dim]"]
    mistake = verdict.get("mistake")
    if mistake:
        lines.append(f"[b]Known mistake:[/b] {escape(mistake['explanation'])}")
    elif not passed or not verdict.get("cases"):
        lines.append(escape(str(verdict.get("message", ""))))
    previous = None
    for case in verdict.get("cases") or []:
        mark = "[green]✓[/]" if case["passed"] else "[red]✗[/]"
        text = f"{mark} {escape(case['name'])}"
        diagnosis = case.get("diagnosis")
        if diagnosis and diagnosis == previous:
            text += ": [dim](same as above)[/dim]"
        elif diagnosis:
            text += f": {escape(diagnosis)}"
        previous = diagnosis
        lines.append(text)
    if verdict.get("stdout"):
        lines.append("[dim]printed:[/dim] " + escape(verdict["stdout"].rstrip()[:500]))
    return "\n".join(lines)
