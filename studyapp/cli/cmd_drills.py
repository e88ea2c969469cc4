"""``studyapp drills`` and ``studyapp drill show|check``: coding drills from the shell.

``drill check`` runs every file through one warm sandbox server, so a teacher
can check a class's submissions in one call. Exit 0 only when all pass.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from studyapp.cli.common import add_global_options, deck_from_args, print_json
from studyapp.deck.models import Deck, DrillMeta
from studyapp.errors import StudyappError

VERDICT_KEYS = ("passed", "status", "message", "cases", "mistake", "elapsed_ms", "stdout")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``drills`` (list) and ``drill`` with its ``show`` and ``check`` actions."""
    listing = sub.add_parser("drills", help="list the coding drills")
    add_global_options(listing, suppress=True)
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=run_list)

    drill = sub.add_parser("drill", help="show a coding drill or check solutions to it")
    actions = drill.add_subparsers(dest="drill_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print a drill's prompt and starter code")
    add_global_options(show, suppress=True)
    show.add_argument("drill_id", metavar="ID")
    show.set_defaults(func=run_show)
    check = actions.add_parser("check", help="check one or more solution files")
    add_global_options(check, suppress=True)
    check.add_argument("drill_id", metavar="ID")
    check.add_argument("files", metavar="FILE", nargs="+", type=Path)
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument("--timeout", type=_positive_seconds, default=None,
                       help="seconds per file (overrides the drill's own limit)")
    check.set_defaults(func=run_check)


def find_drill(deck: Deck, drill_id: str) -> DrillMeta:
    """The drill with this id or alias; raises a one-line error listing the ids."""
    item = deck.get(drill_id)
    if not isinstance(item, DrillMeta):
        known = ", ".join(d.id for d in deck.drills)
        raise StudyappError(f"no drill {drill_id!r}; drills: {known}")
    return item


def run_list(args: argparse.Namespace) -> int:
    """List every drill: id, title, topic and entry function."""
    drills = deck_from_args(args).drills
    if args.json:
        print_json(
            [{"id": d.id, "title": d.title, "topic": d.topic, "entry": d.entry} for d in drills]
        )
        return 0
    width = max((len(d.id) for d in drills), default=0)
    for d in drills:
        print(f"{d.id:<{width}}  {d.topic:<12}  {d.entry:<18}  {d.title}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print the prompt, then the starter code."""
    drill = find_drill(deck_from_args(args), args.drill_id)
    print(f"{drill.title}  [{drill.id}, topic {drill.topic}, entry {drill.entry}]\n")
    print(drill.prompt.strip())
    print("\n# --- starter code ---")
    print(drill.starter.strip() or f"def {drill.entry}(...):\n    ...")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Check each file; exit 0 when all pass, 1 otherwise."""
    from studyapp.sandbox.client import SandboxClient, default_hide

    drill = find_drill(deck_from_args(args), args.drill_id)
    sources = []
    for path in args.files:
        try:
            sources.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise StudyappError(f"cannot read {path}: {exc}") from exc
    results = []
    with SandboxClient(hide=default_hide(db=getattr(args, "db", None))) as client:
        for path, code in zip(args.files, sources, strict=True):
            verdict = client.check(drill, code, timeout_s=args.timeout)
            results.append({"file": str(path), **{k: verdict.get(k) for k in VERDICT_KEYS}})
    if args.json:
        print_json(results[0] if len(results) == 1 else results)
    else:
        for result in results:
            print_verdict(result, with_file=len(results) > 1)
    return 0 if all(r["passed"] for r in results) else 1


def print_verdict(result: dict[str, Any], *, with_file: bool = False) -> None:
    """Readable verdict: status line, the explanation, then one line per case."""
    head = f"{result['file']}: " if with_file else ""
    print(f"{head}{result['status'].upper()} ({result['elapsed_ms']:.0f} ms)")
    if result.get("mistake"):
        print(f"  Known mistake ({result['mistake']['id']}): {result['mistake']['explanation']}")
    elif not result["passed"] or not result["cases"]:
        print(f"  {result['message']}")
    for case in result["cases"] or []:
        mark = "ok  " if case["passed"] else "FAIL"
        line = f"  {mark} {case['name']}"
        if case.get("diagnosis"):
            line += f": {case['diagnosis']}"
        print(line)
    if result.get("stdout"):
        print("  printed:\n    " + result["stdout"].rstrip().replace("\n", "\n    "))


def _positive_seconds(text: str) -> float:
    """argparse type: a number of seconds greater than 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, got {text}")
    return value
