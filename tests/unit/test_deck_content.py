"""The questionnaire deck: ids in order, valid topics, answers that state every key point,
phrasings the prompt alone cannot satisfy, and the PyTorch facts the answers rely on."""

from __future__ import annotations

import re

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset, TensorDataset

from studyapp.config import bundled_content_dir
from studyapp.deck import TOPICS, Card, load_deck
from studyapp.grading import explain

QUESTION_IDS = [f"ch4-q{n:02d}" for n in range(1, 38)]


@pytest.fixture(scope="module")
def cards() -> list[Card]:
    return list(load_deck(bundled_content_dir()).cards)


def test_the_37_questions_come_first_in_order_then_research_cards(cards: list[Card]) -> None:
    ids = [c.id for c in cards]
    assert ids[:37] == QUESTION_IDS
    research = ids[37:]
    assert len(research) >= 2
    assert research == [f"ch4-r{n:02d}" for n in range(1, len(research) + 1)]


def test_fields_are_within_the_house_rules(cards: list[Card]) -> None:
    for c in cards:
        assert c.topic in TOPICS, c.id
        assert 2 <= len(c.key_points) <= 5, c.id
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])", c.answer) if s]
        assert 1 <= len(sentences) <= 5, (c.id, len(sentences))
        assert len(c.answer) <= 600, c.id


def test_every_reference_answer_covers_all_its_key_points(cards: list[Card]) -> None:
    for c in cards:
        fb = explain(c, c.answer)
        missing = [p.text for p in fb.points if not p.covered]
        assert not missing, (c.id, missing)
        assert fb.suggested == "good", c.id


def test_no_phrasing_matches_the_prompt_itself(cards: list[Card]) -> None:
    for c in cards:
        fb = explain(c, c.prompt, mask_prompt=False)
        hits = [p.reason for p in fb.points if p.covered or p.contradicted]
        assert not hits, (c.id, hits)


def test_no_phrasing_matches_empty_text(cards: list[Card]) -> None:
    for c in cards:
        for point in c.key_points:
            for phrasing in (*point.phrasings, *point.contradictions):
                assert not re.search(phrasing, "", re.IGNORECASE), (c.id, phrasing)


def test_no_contradiction_fires_on_the_reference_answer(cards: list[Card]) -> None:
    for c in cards:
        fb = explain(c, c.answer)
        assert not [p.reason for p in fb.points if p.contradicted], c.id


def test_role_swap_cards_carry_contradictions(cards: list[Card]) -> None:
    by_id = {c.id: c for c in cards}
    for card_id in ("ch4-q04", "ch4-q06", "ch4-q19", "ch4-q22", "ch4-q34"):
        assert any(p.contradictions for p in by_id[card_id].key_points), card_id


# --- the facts the answers state, checked against the installed PyTorch -------------


def test_slicing_exercise_ch4_q09() -> None:
    t = torch.arange(1, 10).reshape(3, 3)
    part = t[1:, :2]
    assert part.tolist() == [[4, 5], [7, 8]] and part.shape == (2, 2)
    part[0, 0] = 40  # a view: writing into it changes t
    assert t[1, 0] == 40


def test_mse_loss_is_mean_squared_error_not_rmse_ch4_q07() -> None:
    a, b = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([2.0, 2.0, 5.0])
    assert torch.isclose(F.mse_loss(a, b), ((a - b) ** 2).mean())
    assert not torch.isclose(F.mse_loss(a, b), ((a - b) ** 2).mean().sqrt())
    assert torch.isclose(F.l1_loss(a, b), (a - b).abs().mean())


def test_broadcasting_rules_and_no_copy_ch4_q10() -> None:
    assert (torch.zeros(4, 3) + torch.ones(3)).shape == (4, 3)
    assert (torch.zeros(4, 1) + torch.ones(3)).shape == (4, 3)
    with pytest.raises(RuntimeError):
        torch.zeros(4, 3) + torch.ones(4)  # trailing axes 3 vs 4 do not fit
    v = torch.ones(3)
    expanded = v.expand(4, 3)
    assert expanded.stride() == (0, 1) and expanded.data_ptr() == v.data_ptr()


def test_view_minus_one_ch4_q27() -> None:
    t = torch.zeros(5, 28, 28)
    flat = t.view(-1, 28 * 28)
    assert flat.shape == (5, 784) and flat.data_ptr() == t.data_ptr()


def test_view_needs_compatible_strides_not_contiguity_ch4_q27() -> None:
    t = torch.arange(24.0).reshape(2, 3, 4).transpose(0, 1)  # shape (3, 2, 4)
    assert not t.is_contiguous()
    split = t.view(3, 2, 2, 2)  # splitting the last axis fits the strides: no copy
    assert split.data_ptr() == t.data_ptr()
    with pytest.raises(RuntimeError):
        t.view(-1)  # merging the transposed axes does not fit
    flat = t.reshape(-1)  # reshape copies when it must
    assert flat.data_ptr() != t.data_ptr() and torch.equal(flat, t.contiguous().view(-1))


def test_sigmoid_of_zero_is_one_half_ch4_q21() -> None:
    assert torch.sigmoid(torch.tensor(0.0)) == 0.5
    x = torch.randn(100)
    assert torch.equal(x > 0, torch.sigmoid(x) > 0.5)


def test_backward_fills_grad_of_leaf_tensors_only_ch4_q30() -> None:
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    hidden, kept = w * 2, w * 3
    kept.retain_grad()
    (hidden.sum() + kept.sum()).backward()
    assert w.is_leaf and w.grad.tolist() == [5.0, 5.0]
    assert not hidden.is_leaf
    with pytest.warns(UserWarning):
        assert hidden.grad is None  # non-leaf: no .grad without retain_grad()
    assert kept.grad.tolist() == [1.0, 1.0]


def test_autograd_facts_ch4_q19_q30_q31() -> None:
    w = torch.tensor([1.0, 2.0]).requires_grad_()
    assert w.grad is None  # requires_grad_ only switches tracking on
    (w * 3).sum().backward()
    assert w.grad.tolist() == [3.0, 3.0]
    assert w.tolist() == [1.0, 2.0]  # backward leaves the weights alone
    (w * 3).sum().backward()
    assert w.grad.tolist() == [6.0, 6.0]  # gradients accumulate


def test_relu_facts_ch4_q34_q36() -> None:
    x = torch.tensor([-2.0, 0.0, 3.0])
    assert F.relu(x).tolist() == [0.0, 0.0, 3.0]
    assert torch.equal(F.relu(x), x.clamp(min=0))
    layer = nn.ReLU()
    assert isinstance(layer, nn.Module) and not list(layer.parameters())
    assert torch.equal(layer(x), F.relu(x))


def test_matmul_shapes_ch4_q29() -> None:
    assert (torch.ones(2, 3) @ torch.ones(3, 4)).shape == (2, 4)
    with pytest.raises(RuntimeError):
        torch.ones(2, 3) @ torch.ones(2, 3)


def test_softmax_keeps_the_argmax_ch4_r03() -> None:
    z = torch.randn(50, 10)
    assert torch.equal(z.argmax(dim=1), z.softmax(dim=1).argmax(dim=1))


def test_zip_pairs_and_stops_at_the_shorter_ch4_q26() -> None:
    assert list(zip([1, 2, 3], "ab", strict=False)) == [(1, "a"), (2, "b")]


def test_tensor_dataset_items_are_pairs_but_datasets_need_not_be_ch4_q26() -> None:
    xs, ys = torch.randn(4, 784), torch.tensor([0, 1, 1, 0])
    item = TensorDataset(xs, ys)[2]
    assert isinstance(item, tuple) and len(item) == 2
    assert torch.equal(item[0], xs[2]) and item[1] == ys[2]

    class Named(Dataset):  # any item type is allowed, e.g. a dict
        def __len__(self) -> int:
            return 3

        def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
            return {"x": torch.tensor(float(i))}

    assert next(iter(DataLoader(Named(), batch_size=2)))["x"].tolist() == [0.0, 1.0]


def test_dataloader_batches_are_pairs_of_tensors_ch4_q24() -> None:
    data = [(torch.full((28, 28), float(i)), i) for i in range(10)]
    batches = list(DataLoader(data, batch_size=4))
    first = batches[0]
    assert isinstance(first, list) and len(first) == 2  # default collate: a list, not a tuple
    xb, yb = first  # unpacks like a tuple
    assert xb.shape == (4, 28, 28) and yb.tolist() == [0, 1, 2, 3]
    assert [len(yb) for _, yb in batches] == [4, 4, 2]  # the last batch can be smaller


def test_cross_entropy_takes_logits_ch4_r02() -> None:
    logits, target = torch.randn(6, 10), torch.tensor([0, 3, 9, 2, 2, 7])
    expected = -F.log_softmax(logits, dim=1)[torch.arange(6), target].mean()
    assert torch.isclose(F.cross_entropy(logits, target), expected)
    assert torch.isclose(F.cross_entropy(logits, target), F.nll_loss(logits.log_softmax(1), target))
    # Applying softmax first gives a different (wrong) loss.
    assert not torch.isclose(F.cross_entropy(logits.softmax(1), target), expected)


def test_list_comprehension_example_ch4_q04() -> None:
    nums = [1, 2, 3, -5, 8]
    assert [2 * n for n in nums if n % 2 == 1] == [2, 6, -10]
