"""``studyapp export``: the learner's whole history as JSON or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studyapp.cli.common import add_global_options, settings_from_args
from studyapp.errors import StudyappError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``export`` subcommand."""
    parser = sub.add_parser("export", help="write every review, card id and setting of the "
                            "profile to a file")
    add_global_options(parser, suppress=True)
    parser.add_argument("--format", choices=("json", "csv"), default="json",
                        help="file format (default json)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="where to write (default: standard output)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export; the file appears complete or not at all."""
    from studyapp.store.repository import Store
    from studyapp.transfer import export_text, write_atomically

    settings = settings_from_args(args)
    store = Store.open(settings.db, settings.profile)
    try:
        text = export_text(store, args.format)
    finally:
        store.close()
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output)
    try:
        write_atomically(target, text)
    except OSError as exc:
        raise StudyappError(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"exported to {target}", file=sys.stderr)
    return 0
