"""Settings and paths: where the database and the deck live, and study options.

Nothing is resolved at import time; :func:`load_settings` reads flags and
environment when the CLI or a test asks for it.
"""

from __future__ import annotations

import getpass
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from studyapp.clock import Clock, clock_from_env, system_clock, zone_named
from studyapp.errors import ConfigError

APP_NAME = "studyapp"
DB_ENV = "STUDYAPP_DB"
DATA_DIR_ENV = "STUDYAPP_DATA_DIR"
CONTENT_ENV = "STUDYAPP_CONTENT"
TZ_ENV = "STUDYAPP_TZ"
PROFILE_ENV = "STUDYAPP_PROFILE"
#: Profile names: letters, digits, ``._@-``; 1-64 characters.
PROFILE_PATTERN = re.compile(r"[\w.@-]{1,64}")

DEFAULT_DESIRED_RETENTION = 0.9
DEFAULT_NEW_PER_DAY = 10
DEFAULT_ROLLOVER_HOUR = 4


def data_dir(environ: dict[str, str] | None = None) -> Path:
    """The per-user data directory (``STUDYAPP_DATA_DIR`` overrides platformdirs)."""
    env = os.environ if environ is None else environ
    override = env.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_target(environ: dict[str, str] | None = None) -> str:
    """``STUDYAPP_DB`` if set, else ``studyapp.sqlite`` in the data directory."""
    env = os.environ if environ is None else environ
    return env.get(DB_ENV) or str(data_dir(env) / "studyapp.sqlite")


def default_profile(environ: dict[str, str] | None = None) -> str:
    """``STUDYAPP_PROFILE`` if set, else the OS user name (made a valid name; ``learner``)."""
    env = os.environ if environ is None else environ
    if env.get(PROFILE_ENV):
        return env[PROFILE_ENV]
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        user = ""
    return re.sub(r"[^\w.@-]", "_", user)[:64] or "learner"


def checked_profile(name: str, source: str = "--profile") -> str:
    """``name`` if it is a usable profile name.

    Raises:
        ConfigError: empty, too long, or with characters other than letters,
            digits and ``._@-``.
    """
    if not PROFILE_PATTERN.fullmatch(name):
        raise ConfigError(f"{source} {name!r}: a profile name is 1-64 letters, digits or ._@-")
    return name


def bundled_content_dir() -> Path:
    """The deck shipped with studyapp: the checkout's ``content/`` or the wheel's copy."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_bundled_content", here.parent / "content"):
        if candidate.is_dir():
            return candidate
    return here.parent / "content"


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to open a learner's collection.

    Study options here are defaults; values stored in the database (settings
    screen) take precedence once the store is open.
    """

    db: str
    content_dir: Path
    clock: Clock = field(default=system_clock, compare=False)
    desired_retention: float = DEFAULT_DESIRED_RETENTION
    new_per_day: int = DEFAULT_NEW_PER_DAY
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR
    start_sandbox: bool = True
    #: IANA zone for "today" (e.g. ``America/New_York``); ``None`` = the system's zone.
    timezone: str | None = None
    #: Whose card states, reviews and settings these are; ``None`` = :func:`default_profile`.
    profile: str | None = None

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings(
    db: str | None = None,
    content: str | Path | None = None,
    environ: dict[str, str] | None = None,
    profile: str | None = None,
) -> Settings:
    """Resolve settings from explicit flags first, then environment, then defaults.

    Raises:
        ConfigError: when ``STUDYAPP_NOW`` is not a date, or the profile name is unusable.
    """
    env = dict(os.environ if environ is None else environ)
    clock = clock_from_env(env)
    content_dir = Path(content or env.get(CONTENT_ENV) or bundled_content_dir())
    zone = env.get(TZ_ENV) or None
    if zone:
        zone_named(zone, source=TZ_ENV)
    who = checked_profile(profile) if profile else checked_profile(default_profile(env),
                                                                   PROFILE_ENV)
    return Settings(
        db=db or default_db_target(env), content_dir=content_dir, clock=clock, timezone=zone,
        profile=who,
    )
