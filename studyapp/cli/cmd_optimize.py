"""``studyapp optimize``: fit FSRS parameters to the learner's history (torch in a subprocess)."""

from __future__ import annotations

import argparse

from studyapp.cli.common import add_global_options, open_service, print_json


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``optimize`` subcommand."""
    parser = sub.add_parser(
        "optimize", help="fit scheduling parameters to your review history",
        description="Fit FSRS parameters to your own reviews and use them if they predict "
                    "your recall better than the current ones.")
    add_global_options(parser, suppress=True)
    parser.add_argument("--dry-run", action="store_true", help="report, but do not store")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Fit and report; exit 0 also when there is too little history (nothing is wrong)."""
    from studyapp.srs.optimize import describe, optimize

    service = open_service(args)
    try:
        outcome = optimize(service, apply=not args.dry_run)
    finally:
        service.close()
    if args.json:
        print_json(outcome.as_dict())
    else:
        print("\n".join(describe(outcome)))
    return 0
