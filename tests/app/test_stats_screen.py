"""The statistics screen on a simulated history, driven through the real app with Pilot."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from deckkit import settle
from rich.console import Console
from textual.widgets import TabbedContent

from benchmarks.simulate import SimConfig, SimResult, simulate
from studyapp.config import Settings
from studyapp.service import StudyService
from studyapp.tui.app import StudyApp, make_app
from studyapp.tui.screens.dashboard import DashboardScreen
from studyapp.tui.screens.stats import StatsScreen
from studyapp.tui.widgets.bar_chart import BarChart, bar_rows
from studyapp.tui.widgets.calendar_heatmap import shade_levels

SNAPSHOTS = Path(__file__).parent / "__snapshots__"
UPDATE = os.environ.get("STUDYAPP_UPDATE_SNAPSHOTS") == "1"


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> SimResult:
    return simulate(tmp_path_factory.mktemp("sim"), SimConfig(days=56, questions=48, seed=11))


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pin the machine zone so today, the forecast and the snapshot are reproducible."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def open_sim(sim: SimResult) -> StudyService:
    return StudyService.open(Settings(db=str(sim.db), content_dir=sim.content_dir,
                                      clock=lambda: sim.end, start_sandbox=False))


def screen_text(app: StudyApp) -> str:
    """The screen as plain text (what a text snapshot compares)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text()


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path} differs (set " \
        "STUDYAPP_UPDATE_SNAPSHOTS=1 to accept a deliberate change)"


async def test_stats_screen_shows_every_plot(sim: SimResult, berlin: None) -> None:
    service = open_sim(sim)
    dashboard = service.dashboard()
    app = make_app(service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        report = screen.report
        assert report is not None
        assert sum(report.heatmap.counts) == dashboard.reviews_total
        assert report.heatmap.current_streak == dashboard.streak_days
        summary = str(screen.query_one("#stats-summary").render())
        assert f"Streak {dashboard.streak_days} d" in summary
        check_snapshot("stats_calendar_80x24", screen_text(app))
        for key, tab in zip("12345", ("calendar", "retention", "forecast", "topics", "time"),
                            strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert screen.query_one(TabbedContent).active == tab
            assert screen.query_one(f"#{tab}").display
        assert screen.query_one("#forecast-chart", BarChart).values == report.forecast.counts
        assert screen.query_one("#time-chart", BarChart).values == report.time.minutes
        assert len(screen.query_one("#retention-chart", BarChart).values) == 26
        await pilot.press("4")
        await pilot.pause()
        check_snapshot("stats_topics_80x24", screen_text(app))
        mastery = str(screen.query_one("#mastery").render())
        for topic in report.mastery:
            assert topic.topic in mastery
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    service.close()


async def test_stats_screen_on_a_fresh_collection(settings: Settings) -> None:
    service = StudyService.open(settings.with_(start_sandbox=False))
    app = make_app(service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.report is not None
        assert sum(screen.report.forecast.counts) == 0
        assert "retention –" in str(screen.query_one("#stats-summary").render())
    service.close()


def test_bar_rows_scale_to_the_tallest_bar() -> None:
    rows = bar_rows([0, 4, 8], height=2)
    assert rows == ["  █", " ██"]
    assert bar_rows([0, 1, 100], height=1)[0][1] == "▁"  # small but visible
    assert bar_rows([0.5], height=1, top=1.0) == ["▄"]


def test_shade_levels_by_quartile() -> None:
    assert shade_levels([0, 0]) == [0, 0]
    levels = shade_levels([0, 1, 2, 3, 4, 5, 6, 7, 8])
    assert levels[0] == 0 and levels[1] == 1 and levels[-1] == 4
    assert levels == sorted(levels)
