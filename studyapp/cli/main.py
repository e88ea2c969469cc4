"""Entry point: global options, subcommand dispatch, and one-line error reporting.

Each ``cmd_*`` module listed in :data:`COMMAND_MODULES` exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a callable
``(args) -> int``. With no subcommand the TUI opens.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from studyapp import __version__
from studyapp.cli.common import add_global_options
from studyapp.errors import StudyappError

#: Subcommand modules, in the order their help is listed.
COMMAND_MODULES: tuple[str, ...] = (
    "studyapp.cli.cmd_stats",
    "studyapp.cli.cmd_optimize",
    "studyapp.cli.cmd_content",
    "studyapp.cli.cmd_drills",
    "studyapp.cli.cmd_export",
    "studyapp.cli.cmd_import",
    "studyapp.cli.cmd_cards",
    "studyapp.cli.cmd_feedback",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="studyapp",
        description="Spaced-repetition study of the 'digit classifier from scratch' chapter.",
    )
    add_global_options(parser)
    parser.add_argument("--version", action="version", version=f"studyapp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from studyapp.cli.cmd_tui import run_tui

            return run_tui(args)
        return int(args.func(args) or 0)
    except StudyappError as exc:
        print(f"studyapp: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `studyapp stats | head`): stop quietly, like cat.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    raise SystemExit(main())
