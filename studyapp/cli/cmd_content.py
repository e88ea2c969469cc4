"""``studyapp content check``: validate the deck, naming file and field for each problem."""

from __future__ import annotations

import argparse

from studyapp.cli.common import print_json, settings_from_args
from studyapp.deck import DeckError, load_deck


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``content`` with its ``check`` action."""
    from studyapp.cli.main import add_global_options

    parser = sub.add_parser("content", help="work with the deck files")
    actions = parser.add_subparsers(dest="content_action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="validate every card and drill")
    add_global_options(check, suppress=True)
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
    """Exit 0 if the deck is valid; else print each problem and exit 1."""
    settings = settings_from_args(args)
    try:
        deck = load_deck(settings.content_dir)
    except DeckError as exc:
        if args.json:
            print_json(
                {
                    "ok": False,
                    "problems": [
                        {"file": p.file, "field": p.field, "message": p.message}
                        for p in exc.problems
                    ],
                }
            )
        else:
            for problem in exc.problems:
                print(f"error: {problem}")
            print(f"{len(exc.problems)} problem(s) in {settings.content_dir}")
        return 1
    if args.json:
        print_json({"ok": True, "cards": len(deck.cards), "drills": len(deck.drills)})
    else:
        print(f"ok: {len(deck.cards)} cards, {len(deck.drills)} drills in {settings.content_dir}")
    return 0
