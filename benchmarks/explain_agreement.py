"""How often does explanation feedback agree with a tutor's labels, and how fast is it?

Run from the repository root::

    python benchmarks/explain_agreement.py [--verbose] [--labelled FILE] [--content DIR]

Prints exact and within-one-grade agreement of the suggested rating, per-key-point
precision and recall against the labelled ``covers``, the number of wrong or
off-topic answers suggested Good/Easy (target: none), and time per answer.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studyapp.deck import load_deck  # noqa: E402
from studyapp.grading.agreement import load_labelled, measure  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Print the agreement report; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", type=Path, default=ROOT / "tests/data/labelled_answers.toml")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--repeats", type=int, default=20, help="timing repeats per answer")
    parser.add_argument("--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)

    deck = load_deck(args.content)
    labelled = load_labelled(args.labelled)
    result = measure(deck, labelled, repeats=args.repeats)
    cards = len({item.card for item in labelled})
    print(f"answers: {result.total} over {cards} cards")
    print(f"exact agreement:       {result.exact_rate:6.1%} ({result.exact}/{result.total})")
    print(
        f"within one grade:      {result.within_one_rate:6.1%} "
        f"({result.within_one}/{result.total})   target >= 90%"
    )
    print(f"key-point precision:   {result.precision:6.1%} (tp {result.tp}, fp {result.fp})")
    print(f"key-point recall:      {result.recall:6.1%} (tp {result.tp}, fn {result.fn})")
    print(f"wrong/off-topic -> good/easy: {len(result.overrated)}   target 0")
    print(f"wrong answers with a point marked contradicted: {result.flagged}/{result.wrong}")
    print(f"time per answer:       {result.ms_per_answer:6.3f} ms   target < 5 ms")
    if args.verbose:
        for line in result.disagreements:
            print("  " + line)
    ok = (
        result.within_one_rate >= 0.9
        and not result.overrated
        and result.ms_per_answer < 5.0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
