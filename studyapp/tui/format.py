"""Small text formatting helpers for the UI (pure functions)."""

from __future__ import annotations

from datetime import datetime, timedelta


def interval(delta: timedelta) -> str:
    """A compact interval: ``<1m``, ``10m``, ``5h``, ``3d``, ``2.5mo``, ``1.2y``."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def until(due: datetime, now: datetime) -> str:
    """How long from ``now`` until ``due``, compactly."""
    return interval(max(due - now, timedelta(0)))
