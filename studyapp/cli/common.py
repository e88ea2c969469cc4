"""Helpers shared by subcommands: settings from flags, opening the service, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from typing import Any

from studyapp.config import Settings, load_settings
from studyapp.deck import Deck, load_deck


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings from ``--db``/``--content``/``--profile`` (before or after the subcommand)
    and the environment."""
    return load_settings(db=getattr(args, "db", None), content=getattr(args, "content", None),
                         profile=getattr(args, "profile", None))


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """``--db``, ``--content`` and ``--profile``; subparsers repeat them so they work after
    the command."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=default,
        help="SQLite file or SQLAlchemy URL (default: $STUDYAPP_DB or the user data dir)",
    )
    parser.add_argument(
        "--content",
        metavar="DIR",
        default=default,
        help="deck directory (default: the bundled deck)",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        default=default,
        help="whose reviews and settings (default: $STUDYAPP_PROFILE or your user name)",
    )


def deck_from_args(args: argparse.Namespace) -> Deck:
    """The deck named by ``--content`` (or the bundled one), validated."""
    return load_deck(settings_from_args(args).content_dir)


def open_service(args: argparse.Namespace):  # noqa: ANN201 - avoids importing at CLI start
    """Open the study service for the learner's database."""
    from studyapp.service import StudyService

    return StudyService.open(settings_from_args(args))


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON (datetimes as ISO 8601)."""
    json.dump(data, sys.stdout, indent=2, default=_default, ensure_ascii=False)
    sys.stdout.write("\n")
