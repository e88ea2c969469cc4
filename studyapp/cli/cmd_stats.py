"""``studyapp stats``: the learner's figures, for people and scripts."""

from __future__ import annotations

import argparse

from studyapp.cli.common import add_global_options, open_service, print_json


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``stats`` subcommand."""
    parser = sub.add_parser("stats", help="show review statistics")
    add_global_options(parser, suppress=True)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the dashboard figures and the progress statistics."""
    from studyapp.progress.report import report_for
    from studyapp.progress.text import summary_lines

    service = open_service(args)
    try:
        now = service.now()  # one instant, so both halves agree on what "today" is
        figures = service.dashboard(now).as_dict()
        report = report_for(service, now)
    finally:
        service.close()
    if args.json:
        print_json({**figures, **report.as_dict()})
    else:
        width = max(len(k) for k in figures)
        for key, value in figures.items():
            print(f"{key.replace('_', ' '):<{width}}  {value}")
        print()
        print("\n".join(summary_lines(report)))
    return 0
