"""``studyapp import FILE``: merge an export into this database, without duplicates."""

from __future__ import annotations

import argparse
from pathlib import Path

from studyapp.cli.common import add_global_options, open_service, print_json


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``import`` subcommand."""
    parser = sub.add_parser("import", help="merge a studyapp export (JSON or CSV) into the db")
    add_global_options(parser, suppress=True)
    parser.add_argument("file", metavar="FILE", help="a file written by 'studyapp export'")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate the whole file, then merge it in one transaction."""
    from studyapp.transfer import decode, import_file
    from studyapp.transfer.files import read_import

    path = Path(args.file)
    history = decode(read_import(path), str(path))  # a malformed file fails before the db
    service = open_service(args)                     # is even opened
    try:
        report = import_file(service, path, history)
    finally:
        service.close()
    if args.json:
        print_json(report.__dict__)
    else:
        print(
            f"imported {path}: {report.reviews_added} review(s) added, "
            f"{report.reviews_present} already present; {report.attempts_added} attempt(s) "
            f"added; {report.cards_added} card id(s) added"
            + (f"; settings added: {', '.join(report.settings_added)}"
               if report.settings_added else "")
        )
    return 0
