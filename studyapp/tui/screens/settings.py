"""The settings screen: desired retention, new cards per day, rollover hour, fitted parameters.

Values are stored in the database through ``StudyService.update_settings``;
the parameter fit runs ``studyapp.srs.optimize`` (torch in its own process)
from a worker thread, so the UI stays responsive and never imports torch.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static

from studyapp.srs.optimize import Outcome, describe

LIMITS = {
    "desired_retention": (0.70, 0.99),
    "new_per_day": (0, 500),
    "rollover_hour": (0, 23),
}


LABELS = {
    "desired_retention": "Desired retention",
    "new_per_day": "New cards per day",
    "rollover_hour": "Rollover hour",
}


def parse_settings(retention: str, new_per_day: str, rollover: str) -> dict[str, float | int]:
    """Check the three fields; raise ValueError naming the first bad one."""
    values: dict[str, float | int] = {}
    for key, raw, kind in (("desired_retention", retention, float),
                           ("new_per_day", new_per_day, int), ("rollover_hour", rollover, int)):
        low, high = LIMITS[key]
        label = LABELS[key]
        try:
            value = kind(raw.strip())
        except ValueError:
            expected = "a number" if kind is float else "a whole number"
            raise ValueError(f"{label}: {raw!r} is not {expected}") from None
        if not low <= value <= high:
            raise ValueError(f"{label} must be between {low} and {high}")
        values[key] = value
    return values


class SettingsScreen(Screen[None]):
    """Edit study options and fit scheduling parameters to the learner's history."""

    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings-save", tooltip="Store these settings"),
        Binding("ctrl+o", "optimize", "Fit", id="settings-fit",
                tooltip="Fit scheduling parameters to your history"),
        Binding("escape", "close", "Back", id="settings-back", tooltip="Back to the dashboard"),
    ]

    class Saved(Message):
        """Settings stored."""

        def __init__(self, values: dict[str, float | int]) -> None:
            super().__init__()
            self.values = values

    class Optimized(Message):
        """The parameter fit finished."""

        def __init__(self, outcome: Outcome) -> None:
            super().__init__()
            self.outcome = outcome

    def compose(self) -> ComposeResult:
        settings = self.app.service.settings  # type: ignore[attr-defined]
        yield Header()
        with VerticalScroll(id="settings-box"):
            yield Static("Settings", id="settings-title")
            for key, label, value in (
                ("desired_retention", "Desired retention (0.70-0.99)",
                 settings.desired_retention),
                ("new_per_day", "New cards per day", settings.new_per_day),
                ("rollover_hour", "Day starts at hour (0-23)", settings.rollover_hour),
            ):
                with Horizontal(classes="field"):
                    yield Label(label)
                    yield Input(str(value), id=key, type="number", compact=True)
            yield Static("", id="settings-message")
            with Horizontal(id="settings-buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Fit parameters to my history", id="optimize", compact=True)
            yield Static(self._parameters_line(), id="parameters")
            yield Static("", id="optimize-result")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#desired_retention", Input).focus()

    def _parameters_line(self) -> str:
        stored = self.app.service.store.get_settings()  # type: ignore[attr-defined]
        kind = "fitted to your history" if stored.get("fsrs_parameters") else "FSRS defaults"
        return f"Scheduling parameters: {kind}."

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        message = self.query_one("#settings-message", Static)
        try:
            values = parse_settings(*(self.query_one(f"#{k}", Input).value for k in LIMITS))
        except ValueError as error:
            message.update(str(error))
            message.add_class("error")
            return
        message.remove_class("error")
        message.update("saving…")
        self.store_settings(values)

    @work(thread=True, exclusive=True, group="settings-save", exit_on_error=False)
    def store_settings(self, values: dict[str, float | int]) -> None:
        """Write the settings off the UI thread."""
        self.app.service.update_settings(**values)  # type: ignore[attr-defined]
        self.post_message(self.Saved(values))

    def on_settings_screen_saved(self, message: Saved) -> None:
        self.query_one("#settings-message", Static).update("Saved.")
        self.notify("Settings saved.")

    @on(Button.Pressed, "#optimize")
    def action_optimize(self) -> None:
        self.query_one("#optimize", Button).disabled = True
        self.query_one("#optimize-result", Static).update(
            "Fitting in a separate process; this can take a minute…")
        self.fit_parameters()

    @work(thread=True, exclusive=True, group="settings-fit", exit_on_error=False)
    def fit_parameters(self) -> None:
        """Run the fit (a subprocess) off the UI thread."""
        from studyapp.srs.optimize import optimize

        try:
            outcome = optimize(self.app.service)  # type: ignore[attr-defined]
        finally:
            self.app.call_from_thread(self._enable_fit)
        self.post_message(self.Optimized(outcome))

    def _enable_fit(self) -> None:
        self.query_one("#optimize", Button).disabled = False

    def on_settings_screen_optimized(self, message: Optimized) -> None:
        self.outcome = message.outcome
        result = self.query_one("#optimize-result", Static)
        result.update("\n".join(describe(message.outcome)))
        result.scroll_visible()
        self.query_one("#parameters", Static).update(self._parameters_line())

    def action_close(self) -> None:
        self.app.pop_screen()

