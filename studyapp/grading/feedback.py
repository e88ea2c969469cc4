"""Feedback on a written explanation: which key points it covers, and a suggested rating.

This is what the learner sees after submitting an answer, so every verdict carries
a reason in plain words. The suggested rating only pre-selects a button; the
learner may choose any rating, and both are stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studyapp.deck.models import Card
from studyapp.grading.matcher import compile_card, match_point, prepare

#: Rating names in FSRS order: index + 1 is the rating value (Again=1 ... Easy=4).
RATING_NAMES: tuple[str, ...] = ("again", "hard", "good", "easy")

#: Coverage at or above this (with nothing contradicted) suggests Good.
GOOD_AT = 1.0
#: Coverage at or above this suggests Hard; below it, Again.
HARD_AT = 0.5


def rating_value(name: str) -> int:
    """The 1-4 value of a rating name (``"again"`` -> 1 ... ``"easy"`` -> 4).

    Raises:
        ValueError: for an unknown name.
    """
    return RATING_NAMES.index(name) + 1


def suggest_rating(coverage: float, contradicted: int = 0, total: int = 0) -> str:
    """Suggest a rating name from key-point coverage.

    All points covered suggests ``"good"``; at least half suggests ``"hard"``;
    less than half suggests ``"again"``. A wrong statement weighs against a right
    one: each contradicted key point (stated wrongly, or found only negated) takes
    one point off the covered count before the thresholds apply, and any
    contradiction caps the suggestion at ``"hard"``. ``"easy"`` is never suggested:
    coverage says what the learner wrote, not how effortlessly they recalled it, so
    that call is theirs.

    Args:
        coverage: fraction of key points covered, 0.0 to 1.0.
        contradicted: how many key points were contradicted.
        total: how many key points the card has (0: contradictions only cap).
    """
    net = coverage - (contradicted / total if total else 0.0)
    if net >= GOOD_AT and contradicted == 0:
        return "good"
    if net >= HARD_AT:
        return "hard"
    return "again"


@dataclass(frozen=True)
class PointResult:
    """The verdict on one key point.

    Attributes:
        text: the key point as the learner sees it.
        covered: whether the answer states it.
        matched: the learner's words that decided it ("" when nothing matched).
        span: ``(start, end)`` of ``matched`` in the learner's text, or ``None``.
        reason: why it was or was not counted.
        contradicted: stated wrongly (a contradiction pattern matched) or found only
            in a negated form.
    """

    text: str
    covered: bool
    matched: str
    span: tuple[int, int] | None
    reason: str
    contradicted: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "text": self.text,
            "covered": self.covered,
            "matched": self.matched or None,
            "span": list(self.span) if self.span else None,
            "reason": self.reason,
            "contradicted": self.contradicted,
        }


@dataclass(frozen=True)
class Feedback:
    """Key-point coverage of one answer to one card, and the rating it suggests."""

    card_id: str
    points: tuple[PointResult, ...]

    @property
    def covered(self) -> int:
        """How many key points are covered."""
        return sum(p.covered for p in self.points)

    @property
    def coverage(self) -> float:
        """Fraction of key points covered (0.0 for a card without key points)."""
        return self.covered / len(self.points) if self.points else 0.0

    @property
    def contradicted(self) -> int:
        """How many key points were contradicted (stated wrongly or found only negated)."""
        return sum(p.contradicted and not p.covered for p in self.points)

    @property
    def suggested(self) -> str:
        """Suggested rating name: ``again``, ``hard`` or ``good`` (see :func:`suggest_rating`)."""
        return suggest_rating(self.coverage, self.contradicted, len(self.points))

    @property
    def suggested_value(self) -> int:
        """Suggested rating as 1-4, the value FSRS uses."""
        return rating_value(self.suggested)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``studyapp feedback --json`` payload)."""
        return {
            "card_id": self.card_id,
            "suggested": self.suggested,
            "suggested_value": self.suggested_value,
            "coverage": round(self.coverage, 3),
            "contradicted": self.contradicted,
            "key_points": [p.to_dict() for p in self.points],
        }


def explain(card: Card, text: str, *, mask_prompt: bool = True) -> Feedback:
    """Check which of ``card``'s key points the learner's ``text`` states.

    Args:
        card: the card answered.
        text: the learner's explanation, as typed.
        mask_prompt: ignore runs of five or more words copied from the prompt, so
            repeating the question earns nothing. Deck tests turn it off to check
            that no phrasing matches the prompt itself.

    Returns:
        Per-key-point verdicts with the matched excerpt and reason, and the
        suggested rating.
    """
    compiled = compile_card(card)
    norm = prepare(card, text, mask_prompt=mask_prompt)
    results = []
    for point, (patterns, contradictions) in zip(card.key_points, compiled.points, strict=True):
        m = match_point(patterns, norm, contradictions)
        results.append(
            PointResult(
                text=point.text,
                covered=m.covered,
                matched=m.matched,
                span=(m.start, m.end) if m.start >= 0 else None,
                reason=m.reason,
                contradicted=m.contradicted,
            )
        )
    return Feedback(card_id=card.id, points=tuple(results))
