"""Explanation feedback: synonyms, symbols, typos, negation, prompt echo, speed, purity."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from studyapp.config import bundled_content_dir
from studyapp.deck import Card, KeyPoint, load_deck
from studyapp.deck.loader import DeckError
from studyapp.grading import RATING_NAMES, explain, rating_value, suggest_rating


@pytest.fixture(scope="module")
def deck():
    return load_deck(bundled_content_dir())


def card(deck, card_id: str) -> Card:
    found = deck.get(card_id)
    assert isinstance(found, Card)
    return found


def covered(deck, card_id: str, text: str) -> list[bool]:
    return [p.covered for p in explain(card(deck, card_id), text).points]


def test_opposite_statement_is_not_credited(deck) -> None:
    no_copy = 2  # ch4-q10: "No memory copy: the expansion is virtual"
    assert covered(deck, "ch4-q10", "Broadcasting does not copy memory.")[no_copy]
    assert covered(deck, "ch4-q10", "Broadcasting doesn't copy the data.")[no_copy]
    assert not covered(deck, "ch4-q10", "Broadcasting copies memory.")[no_copy]
    assert not covered(deck, "ch4-q10", "It copies the smaller tensor in memory.")[no_copy]


def test_negated_positive_phrasing_is_refused_with_a_reason(deck) -> None:
    fb = explain(card(deck, "ch4-q10"), "It is not virtual; the data is duplicated.")
    point = fb.points[2]
    assert not point.covered and point.contradicted
    assert "negated" in point.reason and "'not'" in point.reason


def test_negation_does_not_leak_across_clauses(deck) -> None:
    # "not" belongs to the first clause; "accumulate" is asserted positively.
    assert covered(deck, "ch4-q31", "If you don't zero them, gradients accumulate.")[0]
    assert covered(deck, "ch4-q31", "It is not reset but accumulates in .grad")[0]


def test_backward_does_not_update_weights_needs_the_negation(deck) -> None:
    unchanged = 2
    assert covered(deck, "ch4-q30", "backward never changes the weights")[unchanged]
    assert not covered(deck, "ch4-q30", "backward changes the weights")[unchanged]


def test_symbols_and_code_count(deck) -> None:
    text = "no, autograd. requires_grad_() tracks w; backward -> w.grad"
    fb = explain(card(deck, "ch4-q19"), text)
    assert [p.covered for p in fb.points] == [True, True, True]
    assert fb.suggested == "good"


def test_no_grad_identifier_is_not_a_negation(deck) -> None:
    assert covered(deck, "ch4-q23", "with torch.no_grad(): w -= lr * w.grad")[2]


def test_misspellings_are_recognised(deck) -> None:
    text = "Broadcastng streches the smaler tensor virtualy, from the trailling axis."
    fb = explain(card(deck, "ch4-q10"), text)
    assert fb.points[0].covered and fb.points[2].covered
    assert fb.points[0].matched == "streches"  # quoted as the learner wrote it


def test_inflections_and_synonyms(deck) -> None:
    assert covered(deck, "ch4-q31", "the grads keep piling up")[0]
    assert covered(deck, "ch4-q31", "values accumulated from earlier batches")[0:2] == [True, True]
    assert covered(deck, "ch4-q29", "it's a matmul")[0]
    assert covered(deck, "ch4-q29", "matrix product")[0]


def test_repeating_the_question_earns_nothing(deck) -> None:
    for c in deck.cards:
        fb = explain(c, c.prompt)
        assert fb.suggested == "again", (c.id, [p.reason for p in fb.points])
        echoed = explain(c, f"{c.prompt} {c.prompt}")
        assert echoed.covered == 0, c.id


def test_shuffled_question_words_do_not_reach_good(deck) -> None:
    for c in deck.cards:
        shuffled = " ".join(reversed(c.prompt.split()))
        assert explain(c, shuffled).suggested == "again", c.id


def test_excerpt_and_span_point_into_the_original_text(deck) -> None:
    text = "Well… it DOESN’T copy memory at all."
    point = explain(card(deck, "ch4-q10"), text).points[2]
    assert point.covered and point.span is not None
    start, end = point.span
    assert text[start:end] == point.matched == "DOESN’T copy"


def test_empty_and_whitespace_answers(deck) -> None:
    for text in ("", "   \n", "???"):
        fb = explain(card(deck, "ch4-q01"), text)
        assert fb.covered == 0 and fb.suggested == "again"
        assert all(p.reason == "no phrasing of this point found" for p in fb.points)


def test_suggest_rating_thresholds() -> None:
    assert suggest_rating(1.0) == "good"
    assert suggest_rating(0.75) == "hard"
    assert suggest_rating(0.5) == "hard"
    assert suggest_rating(0.49) == "again"
    assert suggest_rating(0.0) == "again"
    assert suggest_rating(1.0, contradicted=1) == "hard"
    # Each contradicted point cancels a covered one before the thresholds apply.
    assert suggest_rating(3 / 4, contradicted=1, total=4) == "hard"
    assert suggest_rating(2 / 3, contradicted=1, total=3) == "again"
    assert suggest_rating(1 / 2, contradicted=1, total=2) == "again"
    assert suggest_rating(0.0, contradicted=2, total=3) == "again"
    assert [rating_value(n) for n in RATING_NAMES] == [1, 2, 3, 4]


def test_feedback_json_shape(deck) -> None:
    data = explain(card(deck, "ch4-q12"), "minimise the loss with random mini-batches").to_dict()
    assert data["card_id"] == "ch4-q12"
    assert data["suggested"] in RATING_NAMES
    assert data["suggested_value"] == rating_value(data["suggested"])
    assert {"text", "covered", "matched", "reason"} <= set(data["key_points"][0])


def test_works_on_a_card_built_in_code() -> None:
    c = Card(
        id="t-1", topic="python", prompt="Say something", answer="alpha and beta",
        key_points=(KeyPoint("alpha", (r"\balpha\b",)), KeyPoint("beta", (r"\bbeta\b",))),
    )
    assert explain(c, "alpha only").suggested == "hard"
    assert explain(c, "not alpha, not beta").suggested == "again"


def test_feedback_is_fast(deck) -> None:
    long_answer = " ".join(c.answer for c in deck.cards)[:3000]
    for c in deck.cards:
        explain(c, long_answer)  # warm the per-card cache
    start = time.perf_counter()
    for c in deck.cards:
        explain(c, long_answer)
    per_answer_ms = 1000 * (time.perf_counter() - start) / len(deck.cards)
    assert per_answer_ms < 5.0


def test_grading_imports_no_ui_torch_or_database() -> None:
    code = (
        "import sys, studyapp.grading, studyapp.grading.agreement\n"
        "print('\\n'.join(sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    for banned in ("textual", "torch", "sqlalchemy", "numpy"):
        assert not any(m == banned or m.startswith(banned + ".") for m in loaded), banned


# --- facts swapped or denied -------------------------------------------------------

SWAPPED_OR_DENIED = [
    ("ch4-q06", "The rank lists the size of each axis, the shape is the number of axes."),
    ("ch4-q06", "Shape gives how many dims there are; the rank is the length of each axis."),
    ("ch4-q22", "A loss is for people, a metric gives the optimiser gradients."),
    ("ch4-q22", "The loss is the number we report, and accuracy is what the optimizer minimises."),
    ("ch4-q34", "ReLU replaces positive values with 0 and keeps negatives."),
    ("ch4-q34", "negative inputs stay unchanged and positive ones become zero"),
    ("ch4-q04",
     "It's a one-line loop that runs in parallel on the GPU: [n for n in nums if n % 2 == 0]"),
    ("ch4-q04", "A new list in one expression, run on the GPU: [n for n in nums if n % 2 == 1]"),
    ("ch4-q19", "Autograd does not exist, so you have to work out every derivative yourself."),
    ("ch4-q19", "There is no autograd; you must compute the gradients manually."),
]


@pytest.mark.parametrize(("card_id", "text"), SWAPPED_OR_DENIED)
def test_swapped_or_denied_facts_earn_nothing(deck, card_id: str, text: str) -> None:
    fb = explain(card(deck, card_id), text)
    assert fb.suggested == "again", [(p.covered, p.reason) for p in fb.points]
    assert fb.contradicted >= 1


RIGHT_WAY_ROUND = [
    ("ch4-q06", "The shape is the size of each axis; the rank is the number of axes, t.ndim."),
    ("ch4-q22", "A metric like accuracy is for people; a loss gives the optimiser gradients."),
    ("ch4-q34", "ReLU keeps positives and replaces negatives with 0: flat, then a straight line."),
    ("ch4-q04", "It builds a new list in one expression; the if filters: "
                "[2 * n for n in nums if n % 2 == 1]"),
    ("ch4-q19", "No: autograd exists for that. requires_grad_() tracks w, backward fills w.grad."),
    ("ch4-q35", "A composition of linear functions is linear, so two linear layers equal one."),
]


@pytest.mark.parametrize(("card_id", "text"), RIGHT_WAY_ROUND)
def test_the_right_way_round_is_credited(deck, card_id: str, text: str) -> None:
    fb = explain(card(deck, card_id), text)
    assert fb.suggested == "good", [(p.covered, p.reason) for p in fb.points]
    assert fb.contradicted == 0


def test_contradiction_wins_and_quotes_the_wrong_words(deck) -> None:
    text = "The shape lists the size of each axis. Also the shape is the number of axes."
    point = explain(card(deck, "ch4-q06"), text).points[0]
    assert not point.covered and point.contradicted
    assert point.matched == "shape is the number of axes"
    assert point.reason.startswith("contradicted:")
    assert point.span is not None and text[point.span[0] : point.span[1]] == point.matched


def test_a_negated_contradiction_contradicts_nothing(deck) -> None:
    text = "The rank is not the size of each axis: it is the number of axes."
    point = explain(card(deck, "ch4-q06"), text).points[1]
    assert point.covered and not point.contradicted


def test_denial_after_the_match_negates_it(deck) -> None:
    point = explain(card(deck, "ch4-q19"), "Autograd does not exist.").points[0]
    assert not point.covered and point.contradicted
    assert "does not exist" in point.reason
    assert explain(card(deck, "ch4-q19"), "Autograd isn't real.").points[0].contradicted
    # The denial must follow in the same clause.
    assert covered(deck, "ch4-q19", "Autograd does it, so manual work is not needed.")[0]
    assert covered(deck, "ch4-q19", "Autograd exists to do exactly this.")[0]


def test_trailing_axis_alone_is_not_the_compatibility_rule(deck) -> None:
    rule = 1  # ch4-q10: sizes must be equal or 1
    assert not covered(deck, "ch4-q10", "Shapes are compared from the last axis.")[rule]
    assert not covered(deck, "ch4-q10", "It starts at the trailing dimension.")[rule]
    assert covered(deck, "ch4-q10", "From the last axis, sizes must be equal or 1.")[rule]
    assert covered(deck, "ch4-q10", "a size-1 axis gets stretched to fit")[rule]


def test_contradictions_on_a_card_built_in_code() -> None:
    c = Card(
        id="t-2", topic="python", prompt="Which is which?", answer="a is up, b is down",
        key_points=(
            KeyPoint("a is up", (r"\ba is up\b",), contradictions=(r"\ba is down\b",)),
            KeyPoint("b is down", (r"\bb is down\b",)),
        ),
    )
    assert explain(c, "a is up, b is down").suggested == "good"
    swapped = explain(c, "a is down, b is down")
    assert [p.contradicted for p in swapped.points] == [True, False]
    assert swapped.suggested == "again"
    assert explain(c, "a is up and b is down; a is not down").suggested == "good"


def _write_card(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "cards.toml").write_text(
        '[[card]]\nid = "t-1"\ntopic = "python"\nprompt = "P?"\nanswer = "A."\n'
        '[[card.key_points]]\ntext = "one"\nphrasings = ["one"]\n' + extra +
        '[[card.key_points]]\ntext = "two"\nphrasings = ["two"]\n',
        encoding="utf-8",
    )
    return tmp_path


def test_loader_reads_optional_contradictions(tmp_path: Path) -> None:
    deck_ = load_deck(_write_card(tmp_path, "contradictions = ['\\bnone\\b']\n"))
    first, second = deck_.cards[0].key_points
    assert first.contradictions == (r"\bnone\b",) and second.contradictions == ()


def test_loader_names_file_and_field_of_a_bad_contradiction(tmp_path: Path) -> None:
    with pytest.raises(DeckError) as info:
        load_deck(_write_card(tmp_path, "contradictions = ['ok', '(unclosed']\n"))
    [problem] = info.value.problems
    assert problem.file.endswith("cards.toml")
    assert problem.field == "card[0] (t-1).key_points[0].contradictions[1]"
    assert "does not compile" in problem.message
    with pytest.raises(DeckError) as info:
        load_deck(_write_card(tmp_path, "contradictions = 'not a list'\n"))
    assert info.value.problems[0].field.endswith("key_points[0].contradictions")


def test_rank_and_shape_swapped_is_contradicted_on_the_rank_3_card_too() -> None:
    from pathlib import Path

    from studyapp.deck import load_deck
    from studyapp.grading import explain

    card = load_deck(Path(__file__).resolve().parents[2] / "content").get("ch4-q05")
    feedback = explain(card, "The rank is the size of each axis and the shape is the "
                             "number of axes, like a stack of images.")
    assert feedback.points[0].contradicted and not feedback.points[0].covered
    assert feedback.suggested == "again"
