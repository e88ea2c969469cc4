"""``studyapp cards``: list the questionnaire cards, for scripts and for picking a CARD_ID."""

from __future__ import annotations

import argparse

from studyapp.cli.common import add_global_options, deck_from_args, print_json

PROMPT_WIDTH = 72


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``cards`` subcommand."""
    parser = sub.add_parser("cards", help="list the questionnaire cards")
    add_global_options(parser, suppress=True)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print every card's id, topic and prompt, as a table or as JSON."""
    deck = deck_from_args(args)
    rows = [{"id": c.id, "topic": c.topic, "prompt": c.prompt} for c in deck.cards]
    if args.json:
        print_json(rows)
        return 0
    id_width = max([len("ID"), *(len(r["id"]) for r in rows)])
    topic_width = max([len("TOPIC"), *(len(r["topic"]) for r in rows)])
    print(f"{'ID':<{id_width}}  {'TOPIC':<{topic_width}}  PROMPT")
    for row in rows:
        prompt = row["prompt"]
        if len(prompt) > PROMPT_WIDTH:
            prompt = prompt[: PROMPT_WIDTH - 1] + "\u2026"
        print(f"{row['id']:<{id_width}}  {row['topic']:<{topic_width}}  {prompt}")
    print(f"{len(rows)} cards")
    return 0
