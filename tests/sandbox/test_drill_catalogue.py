"""Every drill through the real sandbox: the reference passes, each known mistake (as a
learner would write it) fails with its own explanation, and a differently written
correct solution passes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from drill_solutions import ALTERNATIVES as PIPELINE_ALTERNATIVES
from drill_solutions import MISTAKES as PIPELINE_MISTAKES

from studyapp.deck.models import Deck, DrillMeta
from studyapp.drills.prepare import load_drill

HEAD = "import torch\nimport torch.nn.functional as F\n\n"

#: drill id -> correct solutions written differently from the reference.
ALTERNATIVES: dict[str, list[str]] = {
    "relu": [
        "def relu(x):\n    return torch.where(x > 0, x, torch.zeros_like(x))\n",
        "def relu(x):\n    return x * (x > 0)\n",
        "def relu(x):\n    return torch.maximum(x, torch.tensor(0, dtype=x.dtype))\n",
    ],
    "mnist-distance": [
        "def mnist_distance(a, b):\n    return (a - b).abs().mean(-1).mean(-1)\n",
        "def mnist_distance(a, b):\n    d = (a - b).abs()\n"
        "    return d.flatten(-2).sum(-1) / (28 * 28)\n",
    ],
    "broadcast-outer": [
        "def outer_sum(a, b):\n    return a.unsqueeze(1) + b\n",
        "def outer_sum(a, b):\n    return a.view(-1, 1) + b.view(1, -1)\n",
    ],
    "sigmoid": [
        "def sigmoid(x):\n    pos = 1 / (1 + torch.exp(-x.clamp(min=0)))\n"
        "    e = torch.exp(x.clamp(max=0))\n    return torch.where(x >= 0, pos, e / (1 + e))\n",
        "def sigmoid(x):\n    return (torch.tanh(x / 2) + 1) / 2\n",
        "def sigmoid(x):\n    return torch.exp(-F.softplus(-x))\n",
    ],
    "l1-rmse": [
        "def l1_rmse(a, b):\n    return F.l1_loss(a, b), F.mse_loss(a, b).sqrt()\n",
        "def l1_rmse(a, b):\n    d = (a - b).flatten()\n"
        "    return d.abs().sum() / d.numel(), torch.sqrt((d * d).mean())\n",
    ],
    **PIPELINE_ALTERNATIVES,
}

#: (drill id, mistake id) -> the mistake as a learner would type it.
MISTAKES: dict[tuple[str, str], str] = {
    ("relu", "max-over-axis"): "def relu(x):\n    return torch.max(x, 0)[0]\n",
    ("relu", "in-place"): "def relu(x):\n    x[x < 0] = 0\n    return x\n",
    ("relu", "clamp-max"): "def relu(x):\n    return torch.clamp(x, max=0)\n",
    (
        "mnist-distance",
        "mean-of-everything",
    ): "def mnist_distance(a, b):\n    return torch.abs(a - b).mean()\n",
    (
        "mnist-distance",
        "abs-of-mean",
    ): "def mnist_distance(a, b):\n    return (a - b).mean(dim=(-1, -2)).abs()\n",
    (
        "mnist-distance",
        "positive-axes",
    ): "def mnist_distance(a, b):\n    return (a - b).abs().mean(dim=[1, 2])\n",
    (
        "mnist-distance",
        "squared-error",
    ): "def mnist_distance(a, b):\n    return ((a - b) * (a - b)).mean((-1, -2))\n",
    ("broadcast-outer", "transposed"): "def outer_sum(a, b):\n    return a + b.unsqueeze(1)\n",
    ("broadcast-outer", "no-new-axis"): "def outer_sum(a, b):\n    return a + b\n",
    (
        "broadcast-outer",
        "outer-product",
    ): "def outer_sum(a, b):\n    return a[:, None] * b[None, :]\n",
    (
        "sigmoid",
        "exp-over-one-plus-exp",
    ): "def sigmoid(x):\n    e = torch.exp(x)\n    return e / (e + 1)\n",
    ("sigmoid", "sign-flipped"): "def sigmoid(x):\n    return 1 / (1 + x.exp())\n",
    ("sigmoid", "precedence"): "def sigmoid(x):\n    return 1/1 + torch.exp(-x)\n",
    (
        "l1-rmse",
        "no-square-root",
    ): "def l1_rmse(a, b):\n    return (a - b).abs().mean(), ((a - b) ** 2).mean()\n",
    (
        "l1-rmse",
        "abs-of-mean",
    ): "def l1_rmse(a, b):\n    d = a - b\n    return d.mean().abs(), (d ** 2).mean().sqrt()\n",
    (
        "l1-rmse",
        "sum-not-mean",
    ): "def l1_rmse(a, b):\n    d = a - b\n    return d.abs().sum(), (d ** 2).sum().sqrt()\n",
    ("l1-rmse", "swapped-order"): (
        "def l1_rmse(a, b):\n    d = a - b\n    return d.pow(2).mean().sqrt(), d.abs().mean()\n"
    ),
    ("l1-rmse", "python-floats"): "def l1_rmse(a, b):\n    d = a - b\n"
    "    return d.abs().mean().item(), float((d ** 2).mean().sqrt())\n",
    **PIPELINE_MISTAKES,
}


def _drill(deck: Deck, drill_id: str) -> DrillMeta:
    item = deck.get(drill_id)
    assert isinstance(item, DrillMeta)
    return item


def reference_code(drill: DrillMeta) -> str:
    """The starter (with any provided helpers), then the drill file's reference renamed
    to the entry, as a learner's file."""
    path = Path(drill.module_path)
    tree = ast.parse(path.read_text())
    node = next(n for n in tree.body if getattr(n, "name", None) == "reference")
    source = ast.get_source_segment(path.read_text(), node)
    return f"{HEAD}{drill.starter}\n\n{source}\n{drill.entry} = reference\n"


def test_every_drill_has_alternatives_and_wrong_solutions(deck: Deck) -> None:
    for drill in deck.drills:
        assert ALTERNATIVES.get(drill.id), f"{drill.id}: add an alternative correct solution"
        for mistake in load_drill(drill.module_path).mistakes:
            assert (drill.id, mistake.id) in MISTAKES, f"{drill.id}: add code for {mistake.id}"


@pytest.mark.parametrize("drill_id", sorted(ALTERNATIVES))
def test_reference_passes(sandbox, deck, drill_id) -> None:
    drill = _drill(deck, drill_id)
    verdict = sandbox.check(drill, reference_code(drill))
    assert verdict["status"] == "passed", verdict["message"]
    assert all(case["passed"] for case in verdict["cases"])


@pytest.mark.parametrize(
    "drill_id, index", [(d, i) for d, codes in ALTERNATIVES.items() for i in range(len(codes))]
)
def test_alternative_correct_solution_passes(sandbox, deck, drill_id, index) -> None:
    verdict = sandbox.check(_drill(deck, drill_id), HEAD + ALTERNATIVES[drill_id][index])
    assert verdict["status"] == "passed", verdict["message"]


@pytest.mark.parametrize("drill_id, mistake_id", sorted(MISTAKES))
def test_known_mistake_fails_with_its_own_explanation(sandbox, deck, drill_id, mistake_id) -> None:
    drill = _drill(deck, drill_id)
    verdict = sandbox.check(drill, HEAD + MISTAKES[drill_id, mistake_id])
    assert not verdict["passed"]
    assert verdict["mistake"] is not None, verdict["message"]
    assert verdict["mistake"]["id"] == mistake_id
    explanation = verdict["mistake"]["explanation"]
    assert explanation in verdict["message"]
    assert any(not case["passed"] and case["diagnosis"] for case in verdict["cases"])


def test_starter_code_does_not_pass(sandbox, deck) -> None:
    for drill in deck.drills:
        verdict = sandbox.check(drill, drill.starter)
        assert not verdict["passed"], drill.id
        assert verdict["status"] in {"failed", "error"}, (drill.id, verdict["message"])


def test_forbidden_constructs(sandbox, deck) -> None:
    loop = "def outer_sum(a, b):\n    return torch.stack([a[i] + b for i in range(len(a))])\n"
    verdict = sandbox.check(_drill(deck, "broadcast-outer"), HEAD + loop)
    assert verdict["status"] == "forbidden"
    assert "line 5" in verdict["message"]
    builtin = "def sigmoid(x):\n    return torch.sigmoid(x)\n"
    assert sandbox.check(_drill(deck, "sigmoid"), HEAD + builtin)["status"] == "forbidden"
