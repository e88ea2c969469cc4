"""Reference, cases and known mistakes for the ``simple-net`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Mistake, Rule

T = torch.Tensor


def reference(xb: T, w1: T, b1: T, w2: T, b2: T) -> T:
    res = xb @ w1 + b1
    res = res.clamp(min=0)
    return res @ w2 + b2


def _net(g: torch.Generator, hidden: int) -> tuple[T, T, T, T]:
    return (torch.randn(784, hidden, generator=g) * 0.05, torch.randn(hidden, generator=g),
            torch.randn(hidden, 1, generator=g), torch.randn(1, generator=g))


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of("random: batch of 16, H = 30", torch.rand(16, 784, generator=g), *_net(g, 30)),
        Case.of("random: batch of 5, H = 8", torch.rand(5, 784, generator=g), *_net(g, 8)),
    ]


def _fixed() -> list[Case]:
    g = torch.Generator().manual_seed(12)
    w1, b1, w2, b2 = _net(g, 6)
    dead = torch.full((6,), -100.0)
    return [
        Case.of("batch of one", torch.rand(1, 784, generator=g), w1, b1, w2, b2),
        Case.of("batch of four", torch.rand(4, 784, generator=g), w1, b1, w2, b2),
        Case.of("extremes: every hidden unit negative, the output is b2", torch.rand(
            3, 784, generator=g), w1, dead, w2, b2),
        Case.of("one hidden unit (H = 1)", torch.rand(3, 784, generator=g), *_net(g, 1)),
        Case.of("negative outputs stay negative", torch.rand(4, 784, generator=g), w1,
                b1.abs(), -w2.abs(), torch.tensor([-1.0])),
    ]


DRILL = Drill(
    reference=reference,
    cases=_fixed(),
    random_cases=random_cases,
    # Two float32 matrix products: allow summation-order differences.
    rule=Rule(atol=1e-4, rtol=1e-4, dtype="exact"),
    mistakes=[
        Mistake(
            "max-over-batch",
            ".max(0) is a reduction: it takes the largest activation of each unit over the "
            "batch (and its index), so the batch axis disappears. ReLU compares every value "
            "with 0 instead: res.clamp(min=0) or res.max(torch.tensor(0.0)).",
            variant=lambda xb, w1, b1, w2, b2: (xb @ w1 + b1).max(0).values @ w2 + b2,
        ),
        Mistake(
            "no-relu",
            "Without the non-linearity in the middle, two linear layers collapse into one "
            "linear layer. Replace the negatives of the first layer's output by 0 before the "
            "second layer.",
            variant=lambda xb, w1, b1, w2, b2: (xb @ w1 + b1) @ w2 + b2,
        ),
        Mistake(
            "relu-on-output",
            "You applied ReLU after the last layer too, so the network can never output a "
            "negative number. ReLU goes only between the two layers; the output stays raw.",
            variant=lambda xb, w1, b1, w2, b2: reference(xb, w1, b1, w2, b2).clamp(min=0),
        ),
        Mistake(
            "relu-clamps-above",
            "clamp(max=0) keeps the negatives and turns the positives into 0: the mirror "
            "image of ReLU. ReLU needs a floor: clamp(min=0).",
            variant=lambda xb, w1, b1, w2, b2: (xb @ w1 + b1).clamp(max=0) @ w2 + b2,
        ),
    ],
)
