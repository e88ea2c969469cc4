"""Comparison diagnostics, the wire format and mistake matching, without the sandbox."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from studyapp.deck.loader import load_deck
from studyapp.drills import Rule
from studyapp.drills.compare import broadcast_shape, compare, inputs_changed
from studyapp.drills.judge import judge
from studyapp.drills.prepare import prepare
from studyapp.sandbox import wire

CONTENT = Path(__file__).resolve().parents[2] / "content"
RULE = Rule()


def test_shape_mismatch_that_would_broadcast_is_called_out() -> None:
    message = compare(torch.zeros(4), torch.zeros(4, 1), RULE)
    assert message is not None
    assert "(4, 1)" in message and "silently broadcast to (4, 4)" in message


def test_missing_size_one_axis() -> None:
    message = compare(torch.zeros(3, 1), torch.zeros(3), RULE)
    assert message is not None and "silently broadcast to (3, 3)" in message
    message = compare(torch.zeros(1), torch.zeros(()), RULE)
    assert message is not None and "axis of size 1" in message


def test_wrong_dtype_named() -> None:
    message = compare(torch.zeros(3), torch.zeros(3, dtype=torch.float64), RULE)
    assert message is not None and "torch.float64" in message and "float32" in message
    assert compare(torch.zeros(3), torch.zeros(3, dtype=torch.float64), Rule(dtype="float")) is None
    message = compare(torch.zeros(3), torch.zeros(3, dtype=torch.int64), Rule(dtype="float"))
    assert message is not None and "int64" in message


def test_values_off_reports_index_errors_and_tolerance() -> None:
    expected = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    actual = expected.clone()
    actual[1, 0] = 3.5
    message = compare(expected, actual, Rule(atol=1e-3, rtol=0.0))
    assert message is not None
    for part in (
        "1 of 4 values differ",
        "(1, 0)",
        "got 3.5",
        "expected 3",
        "max abs error 0.5",
        "atol=0.001",
    ):
        assert part in message
    assert compare(expected, expected + 1e-7, RULE) is None


def test_nan_and_inf_are_named() -> None:
    message = compare(torch.tensor([1.0, 0.5]), torch.tensor([float("nan"), 0.5]), RULE)
    assert message is not None and "NaN at index (0,)" in message
    message = compare(torch.tensor([1.0]), torch.tensor([float("inf")]), RULE)
    assert message is not None and "inf" in message


@pytest.mark.parametrize(
    "actual, words",
    [
        (wire.roundtrip(np.zeros(3, dtype=np.float32)), "NumPy array"),
        ([0.0, 0.0, 0.0], "list of 3 items"),
        (None, "forget to return"),
        (wire.roundtrip(lambda: 0), "function"),
    ],
)
def test_wrong_type(actual, words) -> None:
    message = compare(torch.zeros(3), actual, RULE)
    assert message is not None and words in message


def test_python_float_versus_zero_dim_tensor() -> None:
    message = compare(torch.tensor(1.0), 1.0, RULE)
    assert message is not None and ".item()" in message
    assert compare(torch.tensor(1.0), 1.0, Rule(scalar_tensor_ok=True)) is None
    assert compare(1.0, torch.tensor(1.0), Rule(scalar_tensor_ok=True)) is None


def test_attached_to_graph() -> None:
    w = torch.ones(2, requires_grad=True)
    attached = wire.roundtrip(w * 2)
    message = compare(torch.full((2,), 2.0), attached, Rule(detached=True))
    assert message is not None and "MulBackward0" in message
    assert compare(torch.full((2,), 2.0), attached, RULE) is None


def test_sequences_and_dicts_name_the_part() -> None:
    expected = (torch.tensor(1.0), torch.tensor(2.0))
    message = compare(expected, (torch.tensor(1.0), torch.tensor(3.0)), RULE)
    assert message is not None and message.startswith("result[1]")
    assert compare(expected, [torch.tensor(1.0), torch.tensor(2.0)], RULE) is None
    message = compare({"w.grad": torch.zeros(2)}, {"w.grad": torch.ones(2)}, RULE)
    assert message is not None and message.startswith("w.grad")


def test_inputs_changed_in_place() -> None:
    before = torch.tensor([1.0, float("nan")])
    assert inputs_changed(before, before.clone(), "x") is None
    message = inputs_changed(before, torch.tensor([0.0, float("nan")]), "x")
    assert message is not None and "modified in place" in message


def test_broadcast_shape() -> None:
    assert broadcast_shape((3, 1), (4,)) == (3, 4)
    assert broadcast_shape((3,), (4,)) is None
    assert broadcast_shape((), (2, 2)) == (2, 2)


def test_wire_keeps_autograd_facts_and_refuses_code() -> None:
    w = torch.ones(3, requires_grad=True)
    (w * 3).sum().backward()
    blob = wire.dumps(wire.encode({"w": w, "pair": (1, [2.5, None]), "gen": (i for i in [])}))
    back = wire.decode(wire.loads(blob))
    assert back["w"].requires_grad and torch.equal(back["w"].grad, torch.full((3,), 3.0))
    assert back["pair"] == (1, [2.5, None])
    assert isinstance(back["gen"], wire.Foreign) and back["gen"].type_name == "generator"
    with pytest.raises(wire.ResultTooLarge):
        wire.encode(torch.zeros(wire.MAX_RESULT_BYTES // 4 + 1))


def test_a_pickle_that_runs_code_is_refused() -> None:
    import pickle

    class Evil:
        def __reduce__(self):
            return (print, ("owned",))

    with pytest.raises(pickle.UnpicklingError):
        wire.loads(pickle.dumps(Evil(), protocol=2))


@pytest.mark.parametrize("drill", load_deck(CONTENT).drills, ids=lambda d: d.id)
def test_each_mistake_variant_is_matched_by_its_own_id(drill) -> None:
    prep = prepare(drill.module_path)
    assert judge(prep, prep.expected)["passed"]
    assert prep.mistakes, f"{drill.id} has no known mistakes"
    for mistake, outcomes in prep.mistakes:
        if mistake.detect is not None:  # no variant to run: see tests/sandbox/drill_solutions.py
            assert mistake.example, f"{drill.id}: detect mistake {mistake.id} needs an example"
            continue
        assert outcomes is not None
        verdict = judge(prep, outcomes)
        assert not verdict["passed"], f"{drill.id}: mistake {mistake.id} passes"
        assert verdict["mistake"]["id"] == mistake.id


def test_relative_error_is_left_out_where_expected_values_are_zero() -> None:
    from studyapp.drills.compare import Rule, values_problem

    only_zeros = values_problem(torch.zeros(3), torch.tensor([0.0, 2.0, 0.0]), Rule())
    assert only_zeros is not None
    assert "max abs error 2" in only_zeros and "rel error" not in only_zeros
    mixed = values_problem(torch.tensor([0.0, 4.0]), torch.tensor([1.0, 5.0]), Rule())
    assert mixed is not None and "max rel error 0.25" in mixed
