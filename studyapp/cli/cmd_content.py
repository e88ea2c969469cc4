"""``studyapp content check``: validate the deck, naming file and field for each problem.

Unless ``--no-sandbox``, every drill's reference and known mistakes then run through
one warm sandbox server, as a learner's attempts would: a reference that fails, or
a mistake that passes or is not recognised as itself, fails the check.
"""

from __future__ import annotations

import argparse
from typing import Any

from studyapp.cli.common import add_global_options, print_json, settings_from_args
from studyapp.deck import Deck, DeckError, load_deck
from studyapp.errors import StudyappError


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``content`` with its ``check`` action."""
    parser = sub.add_parser("content", help="work with the deck files")
    actions = parser.add_subparsers(dest="content_action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="validate every card and drill")
    add_global_options(check, suppress=True)
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument(
        "--no-sandbox",
        action="store_true",
        help="skip running each drill's reference and known mistakes in the sandbox",
    )
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
    sandbox = None if args.no_sandbox else sandbox_check(deck, settings.db)
    ok = sandbox is None or not sandbox["problems"]
    if args.json:
        print_json({"ok": ok, "cards": len(deck.cards), "drills": len(deck.drills),
                    "warnings": warnings, "sandbox": sandbox})
        return 0 if ok else 1
    if not ok:
        assert sandbox is not None
        for problem in sandbox["problems"]:
            print(f"error: {problem['file']}: {problem['what']}: {problem['message']}")
        print(f"{len(sandbox['problems'])} problem(s) running drills in the sandbox")
    else:
        print(f"ok: {len(deck.cards)} cards, {len(deck.drills)} drills in {settings.content_dir}")
        if sandbox is not None and deck.drills:
            print(f"sandbox: {sandbox['references']} references pass, "
                  f"{sandbox['mistakes']} known mistakes caught as themselves "
                  f"({sandbox['elapsed_s']:.1f} s)")
    for warning in warnings:
        print(f"warning: {warning}")
    return 0 if ok else 1


def sandbox_check(deck: Deck, db: str | None = None) -> dict[str, Any]:
    """Run every drill's reference and known mistakes through one warm sandbox server.

    Returns counts of what behaved (``references``, ``mistakes``), ``elapsed_s``
    and ``problems`` (``file``, ``drill``, ``what``, ``message``), one per candidate
    that misbehaved. No drills: no server is started.
    """
    import time

    from studyapp.sandbox.client import SandboxClient, default_hide

    report: dict[str, Any] = {"references": 0, "mistakes": 0, "problems": [], "elapsed_s": 0.0}
    if not deck.drills:
        return report
    start = time.perf_counter()
    with SandboxClient(hide=default_hide(db=db)) as client:
        if not client.wait_ready():
            report["problems"].append({
                "file": "-", "drill": None, "what": "sandbox",
                "message": "the sandbox server did not start (use --no-sandbox to skip)",
            })
            return report
        for drill in deck.drills:
            results = client.selfcheck(drill)
            if results is None:
                results = [{"kind": "drill", "id": drill.id, "ok": False, "status": None,
                            "problem": "the sandbox server did not answer"}]
            for result in results:
                if result["ok"]:
                    report["references" if result["kind"] == "reference" else "mistakes"] += 1
                    continue
                what = {"reference": "reference", "mistake": f"mistake {result['id']!r}"}.get(
                    result["kind"], "drill file")
                report["problems"].append({"file": drill.module_path, "drill": drill.id,
                                           "what": what, "message": result["problem"]})
    report["elapsed_s"] = round(time.perf_counter() - start, 2)
    return report


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
