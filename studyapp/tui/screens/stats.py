"""The statistics screen: calendar, true retention, forecast, mastery by topic, time spent.

Figures come from :func:`studyapp.progress.report.report_for` in a worker
thread; the plots are drawn with our own widgets so they read at 80x24.
"""

from __future__ import annotations

from datetime import timedelta

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane, Tabs

from studyapp.progress.report import ProgressReport, report_for
from studyapp.progress.text import percent
from studyapp.tui.widgets.bar_chart import BarChart
from studyapp.tui.widgets.calendar_heatmap import CalendarHeatmap

TABS = ("calendar", "retention", "forecast", "topics", "time")


class StatsScreen(Screen[None]):
    """Progress over weeks, one plot per tab."""

    CSS_PATH = "stats.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="stats-back", tooltip="Back to the dashboard"),
        Binding("q", "close", "Back", show=False),
        *(Binding(str(n), f"show_tab('{tab}')", tab.title(), show=False)
          for n, tab in enumerate(TABS, start=1)),
    ]

    class Loaded(Message):
        """The report, computed in a worker."""

        def __init__(self, report: ProgressReport) -> None:
            super().__init__()
            self.report = report

    def __init__(self, report: ProgressReport | None = None) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("loading…", id="stats-summary")
        with TabbedContent(id="stats-tabs"):
            with TabPane("1 Calendar", id="calendar"), VerticalScroll():
                yield CalendarHeatmap(id="heatmap")
                yield Static(id="streaks", classes="caption")
            with TabPane("2 Retention", id="retention"), VerticalScroll():
                yield BarChart(height=6, id="retention-chart")
                yield Static(id="retention-table", classes="caption")
            with TabPane("3 Forecast", id="forecast"), VerticalScroll():
                yield BarChart(height=8, style="cyan", id="forecast-chart")
                yield Static(id="forecast-caption", classes="caption")
            with TabPane("4 Topics", id="topics"), VerticalScroll():
                yield Static(id="mastery")
            with TabPane("5 Time", id="time"), VerticalScroll():
                yield BarChart(height=8, style="magenta", id="time-chart")
                yield Static(id="time-caption", classes="caption")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Tabs).focus()
        if self.report is None:
            self.load()
        else:
            self.post_message(self.Loaded(self.report))

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def load(self) -> None:
        """Compute the figures off the UI thread."""
        self.post_message(self.Loaded(report_for(self.app.service)))  # type: ignore[attr-defined]

    def on_stats_screen_loaded(self, message: Loaded) -> None:
        self.report = report = message.report
        h, r, t, d = report.heatmap, report.retention, report.time, report.drills
        self.query_one("#stats-summary", Static).update(
            f"Streak {h.current_streak} d (best {h.longest_streak}) · retention "
            f"{percent(r.overall)} · due in 7 d: {sum(report.forecast.counts[:7])} · "
            f"drills 1st try {d.first_try}/{d.attempted}"
        )
        self.query_one(CalendarHeatmap).plot(h.start, h.counts)
        self.query_one("#streaks", Static).update(
            f"{sum(h.counts)} reviews in 26 weeks · current streak {_days(h.current_streak)} · "
            f"longest {_days(h.longest_streak)}")
        self._show_retention(report)
        self._show_forecast(report)
        self._show_mastery(report)
        self.query_one("#time-chart", BarChart).plot(
            t.minutes, [(0, t.start.strftime("%d %b")), (len(t.minutes) - 1, "today")],
            unit="m")
        self.query_one("#time-caption", Static).update(
            f"Minutes per day, last 30 days: {sum(t.minutes):.0f} min. "
            f"All time {t.total_minutes:.0f} min over {_days(t.days_studied)}.\n"
            f"Drills passed on the first try: {d.first_try} of {d.attempted} attempted "
            f"({d.total} drills).")

    def _show_retention(self, report: ProgressReport) -> None:
        weeks = report.retention.weeks
        values = [w.retention or 0.0 for w in weeks]
        first = weeks[0].week_start.strftime("%d %b")
        self.query_one("#retention-chart", BarChart).plot(
            values, [(0, first), (len(values) - 1, "now")], top=1.0, unit="%")
        lines = ["Week of     reviews  passed  retention"]
        for w in [w for w in weeks if w.reviews][-5:]:
            lines.append(f"{w.week_start:%d %b %Y}  {w.reviews:>6}  {w.passed:>6}  "
                         f"{percent(w.retention):>9}")
        r = report.retention
        lines.append(f"All time: {percent(r.overall)} of {r.reviews} reviews of cards in "
                     "review state passed.")
        self.query_one("#retention-table", Static).update("\n".join(lines))

    def _show_forecast(self, report: ProgressReport) -> None:
        f = report.forecast
        labels = [(0, "today"), (7, "+7"), (14, "+14"), (21, "+21"), (len(f.counts) - 1, "+29")]
        self.query_one("#forecast-chart", BarChart).plot(f.counts, labels)
        end = f.start + timedelta(days=len(f.counts) - 1)
        self.query_one("#forecast-caption", Static).update(
            f"Reviews due per day until {end:%d %b}: {sum(f.counts)} in total, "
            f"{f.counts[0]} today, {sum(f.counts[:7])} this week.")

    def _show_mastery(self, report: ProgressReport) -> None:
        lines = ["Topic          seen   recall", ""]
        for m in report.mastery:
            recall = m.mean_recall or 0.0
            bar = "█" * round(recall * 12)
            lines.append(f"{m.topic:<13} {m.seen:>3}/{m.total:<3} {bar:<12} "
                         f"{percent(m.mean_recall):>4}")
            if m.weakest:
                weakest = ", ".join(f"{c.card_id} {percent(c.recall)}" for c in m.weakest)
                lines.append(f"  weakest: {weakest}")
        self.query_one("#mastery", Static).update("\n".join(lines))

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_close(self) -> None:
        self.app.pop_screen()


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"
