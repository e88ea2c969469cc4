"""``studyapp feedback CARD_ID FILE``: key-point feedback on an answer written elsewhere.

For learners who draft explanations in their own editor: the same checks the
review screen runs after ``ctrl+s``, with the reason for every verdict.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studyapp.cli.common import add_global_options, deck_from_args, print_json
from studyapp.deck import Card
from studyapp.errors import StudyappError
from studyapp.grading import explain


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``feedback`` subcommand."""
    parser = sub.add_parser(
        "feedback", help="check a written answer against a card's key points"
    )
    add_global_options(parser, suppress=True)
    parser.add_argument("card_id", metavar="CARD_ID", help="card id, e.g. ch4-q10")
    parser.add_argument("file", metavar="FILE", help="text file with the answer ('-' for stdin)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def _read_answer(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise StudyappError(f"answer file not found: {path}") from exc
    except IsADirectoryError as exc:
        raise StudyappError(f"answer file is a directory: {path}") from exc
    except UnicodeDecodeError as exc:
        raise StudyappError(f"answer file is not UTF-8 text: {path}") from exc
    except OSError as exc:
        raise StudyappError(f"cannot read answer file {path}: {exc.strerror}") from exc


def run(args: argparse.Namespace) -> int:
    """Print each key point as covered or missing, with why, and the suggested rating."""
    deck = deck_from_args(args)
    card = deck.get(args.card_id)
    if not isinstance(card, Card):
        kind = "a drill, not a questionnaire card" if card is not None else "not in the deck"
        raise StudyappError(
            f"card {args.card_id!r} is {kind}; 'studyapp cards' lists the card ids"
        )
    feedback = explain(card, _read_answer(args.file))
    if args.json:
        print_json(feedback.to_dict())
        return 0
    print(f"{card.id}: {card.prompt}")
    for point in feedback.points:
        mark = "covered" if point.covered else (
            "contradicted" if point.contradicted else "missing")
        print(f"  [{mark}] {point.text}")
        print(f"      {point.reason}")
    print(
        f"{feedback.covered}/{len(feedback.points)} key points covered; "
        f"suggested rating: {feedback.suggested} ({feedback.suggested_value})"
    )
    return 0
