"""The labelled answers: feedback must agree with the tutor's ratings within the targets."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from studyapp.config import bundled_content_dir
from studyapp.deck import load_deck
from studyapp.grading.agreement import KINDS, load_labelled, measure

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = ["labelled_answers.toml", "labelled_answers_heldout.toml"]


@pytest.fixture(scope="module")
def deck():
    return load_deck(bundled_content_dir())


def test_every_card_has_four_kinds_of_labelled_answer(deck) -> None:
    kinds: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for item in load_labelled(DATA / "labelled_answers.toml"):
        kinds[item.card].add(item.kind)
        counts[item.card] += 1
    for card in deck.cards:
        assert counts[card.id] >= 4, card.id
        assert kinds[card.id] == set(KINDS), card.id


def test_labels_refer_to_real_key_points(deck) -> None:
    points = {c.id: len(c.key_points) for c in deck.cards}
    for name in SETS:
        for item in load_labelled(DATA / name):
            assert item.card in points, item.card
            assert all(0 <= i < points[item.card] for i in item.covers), item


@pytest.mark.parametrize("name", SETS)
def test_agreement_meets_the_targets(deck, name: str) -> None:
    result = measure(deck, load_labelled(DATA / name))
    assert result.within_one_rate >= 0.90, result.disagreements
    assert result.exact_rate >= 0.80, result.disagreements
    assert not result.overrated, result.overrated
    assert result.precision >= 0.90 and result.recall >= 0.90, result.disagreements
    assert result.ms_per_answer < 5.0
