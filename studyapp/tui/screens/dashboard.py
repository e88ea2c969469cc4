"""The dashboard: today's figures and the way into a study session."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from studyapp.service import Dashboard


class DashboardScreen(Screen[None]):
    """Due count, new cards available, reviews today, streak."""

    BINDINGS = [
        Binding("r", "start_review", "Review", id="review", tooltip="Start today's session"),
        Binding("enter", "start_review", "Review", show=False),
        Binding("s", "show_stats", "Stats", id="stats", tooltip="Progress over weeks"),
        Binding("o", "show_settings", "Settings", id="settings",
                tooltip="Retention, new cards per day, rollover hour, fitted parameters"),
    ]

    class Loaded(Message):
        """Figures computed in a worker."""

        def __init__(self, figures: Dashboard) -> None:
            super().__init__()
            self.figures = figures

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="dashboard-box"):
            yield Static("Today", id="dashboard-title")
            yield Static("loading…", id="figures")
            yield Static("Press r or Enter to start reviewing, ctrl+q to quit.",
                         id="dashboard-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_figures()

    def on_screen_resume(self) -> None:
        self.refresh_figures()

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def refresh_figures(self) -> None:
        """Compute the figures off the UI thread."""
        self.post_message(self.Loaded(self.app.service.dashboard()))  # type: ignore[attr-defined]

    def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        self.figures = message.figures
        f = message.figures
        lines = [
            f"Due now            {f.due_now}"
            + (f"  (+{f.learning_soon} learning soon)" if f.learning_soon else ""),
            f"New available      {f.new_available}",
            f"Reviewed today     {f.reviews_today}",
            f"Streak             {f.streak_days} day{'s' if f.streak_days != 1 else ''}",
            f"Cards in deck      {f.cards_total}",
        ]
        self.query_one("#figures", Static).update("\n".join(lines))
        hint = self.query_one("#dashboard-hint", Static)
        if f.due_now + f.new_available == 0 and f.learning_soon:
            hint.update("Press r to review the learning cards a little early, ctrl+q to quit.")
        elif f.due_now + f.new_available == 0:
            hint.update("Nothing due. Come back later, or press ctrl+q to quit.")
        else:
            hint.update("Press r or Enter to start reviewing, ctrl+q to quit.")

    def action_start_review(self) -> None:
        from studyapp.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    class StatsReady(Message):
        """Progress figures computed before the statistics screen opens."""

        def __init__(self, report: object) -> None:
            super().__init__()
            self.report = report

    @work(thread=True, exclusive=True, group="stats-open", exit_on_error=False)
    def action_show_stats(self) -> None:
        """Compute the figures first, so the screen opens complete (and faster: the worker
        does not compete with the new screen's layout for the GIL)."""
        from studyapp.progress.report import report_for

        self.post_message(self.StatsReady(report_for(self.app.service)))  # type: ignore[attr-defined]

    def on_dashboard_screen_stats_ready(self, message: StatsReady) -> None:
        from studyapp.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(message.report))  # type: ignore[arg-type]

    def action_show_settings(self) -> None:
        from studyapp.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())
