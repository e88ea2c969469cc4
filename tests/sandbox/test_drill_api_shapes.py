"""The drill API carries issue 5's harder drills: side effects and random-by-design results."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.deck.models import DrillMeta

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HEAD = "import torch\n\n"


def meta(name: str, entry: str) -> DrillMeta:
    return DrillMeta(
        id=name,
        title=name,
        topic="sgd",
        entry=entry,
        prompt="-",
        starter="",
        hints=(),
        module_path=str(FIXTURES / f"{name}.py"),
    )


SGD = meta("sgd_step", "sgd_step")
INIT = meta("init_params", "init_params")


@pytest.mark.parametrize(
    "code",
    [
        "def sgd_step(params, lr):\n    for p in params:\n        p.data -= lr * p.grad.data\n"
        "        p.grad = None\n",
        "def sgd_step(params, lr):\n    with torch.no_grad():\n        for p in params:\n"
        "            p.sub_(lr * p.grad)\n            p.grad.zero_()\n",
    ],
)
def test_side_effect_drill_accepts_zeroed_or_none_grads(sandbox, code) -> None:
    verdict = sandbox.check(SGD, HEAD + code)
    assert verdict["status"] == "passed", verdict["message"]


def test_side_effect_drill_names_the_state_that_is_wrong(sandbox) -> None:
    forgot_zero = (
        "def sgd_step(params, lr):\n    with torch.no_grad():\n"
        "        for p in params:\n            p -= lr * p.grad\n"
    )
    verdict = sandbox.check(SGD, HEAD + forgot_zero)
    assert not verdict["passed"] and verdict["mistake"] is None
    assert verdict["cases"][0]["diagnosis"].startswith("w.grad after the step")
    rebinding = "def sgd_step(params, lr):\n    for p in params:\n        p = p - lr * p.grad\n"
    verdict = sandbox.check(SGD, HEAD + rebinding)
    assert verdict["cases"][0]["diagnosis"].startswith("w after the step")
    adds = (
        "def sgd_step(params, lr):\n    with torch.no_grad():\n        for p in params:\n"
        "            p += lr * p.grad\n            p.grad = None\n"
    )
    assert sandbox.check(SGD, HEAD + adds)["mistake"]["id"] == "adds-gradient"


def test_property_drill_and_detected_mistake(sandbox) -> None:
    good = (
        "def init_params(size, std=1.0):\n    return (torch.randn(size) * std).requires_grad_()\n"
    )
    assert sandbox.check(INIT, HEAD + good)["status"] == "passed"
    bad = "def init_params(size, std=1.0):\n    return torch.randn(size).requires_grad_() * std\n"
    verdict = sandbox.check(INIT, HEAD + bad)
    assert verdict["mistake"]["id"] == "not-a-leaf"
    assert "not a leaf" in verdict["cases"][0]["diagnosis"]
