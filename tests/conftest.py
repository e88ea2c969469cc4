"""Shared fixtures: every test gets its own data dir and database file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studyapp.config import Settings, bundled_content_dir


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point data dirs at tmp_path and clear clock/db overrides from the environment."""
    monkeypatch.setenv("STUDYAPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("STUDYAPP_DB", raising=False)
    monkeypatch.delenv("STUDYAPP_NOW", raising=False)
    monkeypatch.delenv("STUDYAPP_CONTENT", raising=False)
    monkeypatch.delenv("STUDYAPP_PROFILE", raising=False)
    yield


class FakeClock:
    """A settable clock (test infrastructure, not a stand-in for our code)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        from datetime import timedelta

        self.now = self.now + timedelta(**kwargs)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 12, 3, 15, 0, tzinfo=UTC))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "learner.sqlite"


@pytest.fixture
def settings(db_path: Path, clock: FakeClock) -> Settings:
    return Settings(db=str(db_path), content_dir=bundled_content_dir(), clock=clock)


@pytest.fixture
def question_settings(settings: Settings, tmp_path: Path) -> Settings:
    """Settings on a deck holding only the bundled questionnaire (no drills)."""
    import shutil

    deck = tmp_path / "questions-only"
    deck.mkdir()
    shutil.copy(bundled_content_dir() / "questionnaire.toml", deck / "questionnaire.toml")
    return settings.with_(content_dir=deck)
