"""Measure how well explanation feedback agrees with hand-labelled answers.

The benchmark (``benchmarks/explain_agreement.py``) prints these figures and the
unit tests hold them to the targets, so both read one implementation.
"""

from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from studyapp.deck.models import Card, Deck
from studyapp.grading.feedback import RATING_NAMES, explain, rating_value

KINDS = ("full", "partial", "wrong", "off-topic")


@dataclass(frozen=True)
class Labelled:
    """One learner-style answer with a tutor's labels."""

    card: str
    kind: str
    rating: str
    covers: tuple[int, ...]
    text: str


@dataclass
class Agreement:
    """Agreement figures over a labelled set.

    Attributes:
        total: answers scored.
        exact: suggested rating equal to the label.
        within_one: suggested rating at most one grade from the label.
        tp, fp, fn: key-point verdicts against the ``covers`` labels.
        overrated: answers labelled wrong/off-topic but suggested good or easy.
        wrong: answers labelled wrong.
        flagged: of those, how many had at least one key point marked contradicted.
        seconds: total time spent in :func:`studyapp.grading.explain`.
        disagreements: human-readable lines for answers off by more than one grade
            or with a key-point verdict that differs from its label.
    """

    total: int = 0
    exact: int = 0
    within_one: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    overrated: list[str] = field(default_factory=list)
    wrong: int = 0
    flagged: int = 0
    seconds: float = 0.0
    disagreements: list[str] = field(default_factory=list)

    @property
    def exact_rate(self) -> float:
        """Fraction of answers whose suggestion equals the label."""
        return self.exact / self.total if self.total else 0.0

    @property
    def within_one_rate(self) -> float:
        """Fraction of answers whose suggestion is within one grade of the label."""
        return self.within_one / self.total if self.total else 0.0

    @property
    def precision(self) -> float:
        """Of key points marked covered, the fraction the labels also mark covered."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Of key points the labels mark covered, the fraction marked covered."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def ms_per_answer(self) -> float:
        """Mean feedback time per answer, in milliseconds."""
        return 1000 * self.seconds / self.total if self.total else 0.0


def load_labelled(path: Path) -> list[Labelled]:
    """Read ``[[answer]]`` tables from a TOML file.

    Raises:
        ValueError: when an entry has an unknown kind or rating.
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = []
    for raw in data.get("answer", []):
        item = Labelled(
            card=raw["card"],
            kind=raw["kind"],
            rating=raw["rating"],
            covers=tuple(raw.get("covers", ())),
            text=raw["text"],
        )
        if item.kind not in KINDS or item.rating not in RATING_NAMES:
            raise ValueError(f"{path}: bad kind or rating in {item}")
        items.append(item)
    return items


def measure(deck: Deck, labelled: list[Labelled], *, repeats: int = 1) -> Agreement:
    """Score every labelled answer with :func:`explain` and tally agreement.

    Args:
        deck: the deck the answers refer to.
        labelled: the labelled answers.
        repeats: run ``explain`` this many times per answer for steadier timing
            (after one untimed warm-up call that compiles the card's phrasings).

    Raises:
        KeyError: when an answer names a card not in the deck.
    """
    cards: dict[str, Card] = {c.id: c for c in deck.cards}
    result = Agreement()
    for item in labelled:
        card = cards[item.card]
        explain(card, item.text)
        start = time.perf_counter()
        for _ in range(repeats):
            feedback = explain(card, item.text)
        result.seconds += (time.perf_counter() - start) / repeats
        result.total += 1
        gap = abs(feedback.suggested_value - rating_value(item.rating))
        result.exact += gap == 0
        result.within_one += gap <= 1
        where = f"{item.card} [{item.kind}] {item.text[:50]!r}"
        if gap > 1:
            result.disagreements.append(
                f"{where}: suggested {feedback.suggested}, labelled {item.rating}"
            )
        if item.kind == "wrong":
            result.wrong += 1
            result.flagged += feedback.contradicted > 0
        if item.kind in {"wrong", "off-topic"} and feedback.suggested in {"good", "easy"}:
            result.overrated.append(where)
        for index, point in enumerate(feedback.points):
            expected = index in item.covers
            if point.covered and expected:
                result.tp += 1
            elif point.covered:
                result.fp += 1
                result.disagreements.append(f"{where}: point {index} FP ({point.reason})")
            elif expected:
                result.fn += 1
                result.disagreements.append(f"{where}: point {index} FN ({point.reason})")
    return result
