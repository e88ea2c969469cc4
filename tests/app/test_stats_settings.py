"""The settings screen: values stored through the service, and the parameter fit button."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from deckkit import settle
from textual.widgets import Input

from benchmarks.simulate import SimConfig, SimResult, simulate
from studyapp.config import Settings
from studyapp.service import StudyService
from studyapp.store.repository import Store
from studyapp.tui.app import StudyApp, make_app
from studyapp.tui.screens.settings import SettingsScreen, parse_settings


async def fill(pilot, app: StudyApp, field: str, value: str) -> None:  # noqa: ANN001
    app.screen.query_one(f"#{field}", Input).value = ""
    await pilot.click(f"#{field}")
    await pilot.press(*value)


async def test_settings_are_stored_and_applied(settings: Settings) -> None:
    service = StudyService.open(settings.with_(start_sandbox=False))
    app = make_app(service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, SettingsScreen)
        await fill(pilot, app, "desired_retention", "0.85")
        await fill(pilot, app, "new_per_day", "7")
        await fill(pilot, app, "rollover_hour", "3")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert (service.settings.desired_retention, service.settings.new_per_day,
                service.settings.rollover_hour) == (0.85, 7, 3)
        assert service.scheduler.desired_retention == 0.85
        await fill(pilot, app, "rollover_hour", "30")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        message = str(app.screen.query_one("#settings-message").render())
        assert "Rollover hour must be between 0 and 23" in message
    service.close()
    store = Store.open(settings.db)
    stored = store.get_settings()
    store.close()
    assert (stored["desired_retention"], stored["new_per_day"], stored["rollover_hour"]) == (
        0.85, 7, 3)


def test_parse_settings_rejects_out_of_range_values() -> None:
    assert parse_settings("0.9", "10", "4") == {"desired_retention": 0.9, "new_per_day": 10,
                                                 "rollover_hour": 4}
    with pytest.raises(ValueError, match="Desired retention must be between"):
        parse_settings("1.2", "10", "4")
    with pytest.raises(ValueError, match="New cards per day: 'ten' is not a whole number"):
        parse_settings("0.9", "ten", "4")
    with pytest.raises(ValueError, match="Rollover hour: '2.5' is not a whole number"):
        parse_settings("0.9", "10", "2.5")


async def test_fit_button_on_a_fresh_collection_says_what_is_missing(settings: Settings) -> None:
    service = StudyService.open(settings.with_(start_sandbox=False))
    app = make_app(service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        await pilot.click("#optimize")
        await settle(app, pilot)
        result = str(app.screen.query_one("#optimize-result").render())
        assert "Not enough history yet: 0 of 512" in result
        assert "Review 512 more" in result
    service.close()


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> SimResult:
    return simulate(tmp_path_factory.mktemp("sim"), SimConfig())


async def test_fit_button_fits_and_applies_better_parameters(sim: SimResult,
                                                             tmp_path: Path) -> None:
    db = tmp_path / "copy.sqlite"
    shutil.copy(sim.db, db)
    service = StudyService.open(Settings(db=str(db), content_dir=sim.content_dir,
                                         clock=lambda: sim.end, start_sandbox=False))
    app = make_app(service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        outcome = screen.outcome
        assert outcome.new is not None and outcome.old is not None
        assert outcome.new.log_loss < outcome.old.log_loss and outcome.applied
        assert "now in use" in str(screen.query_one("#optimize-result").render())
        assert "fitted to your history" in str(screen.query_one("#parameters").render())
    assert tuple(service.scheduler.parameters) == pytest.approx(outcome.parameters)
    service.close()


async def test_settings_open_with_the_first_field_focused(settings: Settings) -> None:
    from studyapp.tui.screens.dashboard import DashboardScreen
    from studyapp.tui.screens.settings import SettingsScreen

    service = StudyService.open(settings.with_(start_sandbox=False))
    app = make_app(service)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert isinstance(app.focused, Input) and app.focused.id == "desired_retention"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    service.close()
