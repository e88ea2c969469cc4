"""``studyapp content check``: validate the deck, naming file and field for each problem."""

from __future__ import annotations

import argparse

from studyapp.cli.common import print_json, settings_from_args
from studyapp.deck import Deck, DeckError, load_deck
from studyapp.errors import StudyappError


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
    warnings = deck_warnings(deck, settings.db)
    if args.json:
        print_json({"ok": True, "cards": len(deck.cards), "drills": len(deck.drills),
                    "warnings": warnings})
    else:
        print(f"ok: {len(deck.cards)} cards, {len(deck.drills)} drills in {settings.content_dir}")
        for warning in warnings:
            print(f"warning: {warning}")
    return 0


def deck_warnings(deck: Deck, db: str) -> list[str]:
    """Ids the database last saw that this deck no longer has (and reworded cards).

    Reads the database without changing it; no database yet means no warnings.
    """
    from studyapp.service import wording_digest
    from studyapp.store.peek import last_seen_deck

    try:
        seen = last_seen_deck(db)
    except StudyappError as exc:
        return [f"could not compare with the database: {exc}"]
    if seen is None:
        return []
    names = {name for item in deck.items for name in (item.id, *item.aliases)}
    warnings = []
    for old in sorted(set(seen.cards) - names):
        reviews = seen.reviews.get(seen.cards[old], 0)
        warnings.append(
            f"id {old!r} disappeared since the database {db} last saw the deck "
            f"({reviews} review(s)); it will be retired with its history kept. "
            f"If it was renamed, add aliases = [\"{old}\"] to the new card."
        )
    digests = {item.id: wording_digest(item) for item in deck.items}
    reworded = sorted(i for i, d in seen.digests.items()
                      if d and i in digests and digests[i] != d)
    if reworded:
        warnings.append(f"{len(reworded)} card(s) reworded since last seen (schedules kept): "
                        + ", ".join(reworded))
    return warnings
