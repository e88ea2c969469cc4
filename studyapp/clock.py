"""One source of "now" for the whole app, so the schedule can be previewed.

``STUDYAPP_NOW`` (ISO 8601) freezes the clock; tests inject a callable instead.
All instants are timezone-aware; naive input is read as the local zone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studyapp.errors import ConfigError

Clock = Callable[[], datetime]

NOW_ENV = "STUDYAPP_NOW"


def parse_instant(text: str, *, source: str = NOW_ENV) -> datetime:
    """Parse an ISO 8601 timestamp; a value without offset is local time.

    A bare date (``2026-12-05``) means noon that day, so it lands on that study
    day whatever the rollover hour (midnight would belong to the day before).

    Raises:
        ConfigError: naming ``source`` when the text is not a date.
    """
    raw = text.strip()
    if len(raw) == 10 and raw[4:5] == "-" and raw[7:8] == "-":
        raw += "T12:00"
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ConfigError(
            f"{source}={text!r} is not an ISO 8601 date/time (e.g. 2026-12-05T09:00)"
        ) from None
    if value.tzinfo is None:
        value = value.astimezone()  # interpret as the machine's local zone
    return value


def system_clock() -> datetime:
    """The real current time, aware, in UTC."""
    return datetime.now(UTC)


def clock_from_env(environ: dict[str, str] | None = None) -> Clock:
    """A clock honouring ``STUDYAPP_NOW`` (fixed instant) or the system clock."""
    env = os.environ if environ is None else environ
    raw = env.get(NOW_ENV)
    if not raw:
        return system_clock
    fixed = parse_instant(raw).astimezone(UTC)
    return lambda: fixed


def zone_named(name: str, *, source: str = "timezone") -> tzinfo:
    """The IANA zone ``name`` (e.g. ``Europe/Berlin``), DST rules included.

    Raises:
        ConfigError: naming ``source`` when the zone is unknown.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{source}={name!r} is not a known time zone (use an IANA name like Europe/Berlin)"
        ) from None


def study_day(instant: datetime, rollover_hour: int, zone: tzinfo | None = None) -> date:
    """The learner's study day for an instant: local date, shifted by the rollover hour.

    A review at 02:30 local time with a 4 am rollover belongs to the previous day.
    ``zone`` defaults to the instant's local zone at that moment (DST-aware).
    """
    local = instant.astimezone(zone) if zone is not None else instant.astimezone()
    return (local - timedelta(hours=rollover_hour)).date()


def day_start(day: date, rollover_hour: int, zone: tzinfo | None = None) -> datetime:
    """The aware UTC instant at which study day ``day`` begins."""
    naive = datetime(day.year, day.month, day.day, rollover_hour)
    local = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
    return local.astimezone(UTC)
