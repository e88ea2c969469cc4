"""Open the Textual app (the default when no subcommand is given)."""

from __future__ import annotations

import argparse

from studyapp.cli.common import settings_from_args


def run_tui(args: argparse.Namespace) -> int:
    """Open the learner's collection, then run the app until they quit."""
    from studyapp.service import StudyService
    from studyapp.tui.app import make_app

    service = StudyService.open(settings_from_args(args))
    try:
        make_app(service).run()
    finally:
        service.close()
    return 0
