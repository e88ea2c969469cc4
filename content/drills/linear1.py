"""Reference, cases and known mistakes for the ``linear1`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Forbid, Mistake, Rule

T = torch.Tensor


def reference(xb: T, weights: T, bias: T) -> T:
    return xb @ weights + bias


def _params(g: torch.Generator) -> tuple[T, T]:
    return torch.randn(784, 1, generator=g), torch.randn(1, generator=g)


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of("random batch of 16", torch.rand(16, 784, generator=g), *_params(g)),
        Case.of("random batch of 5", torch.rand(5, 784, generator=g), *_params(g)),
    ]


def _fixed() -> list[Case]:
    g = torch.Generator().manual_seed(11)
    w, b = _params(g)
    ramp = torch.linspace(-1, 1, 784)[:, None]
    return [
        Case.of("batch of one", torch.rand(1, 784, generator=g), w, b),
        Case.of("extremes: black and white images give bias and sum(w) + bias",
                torch.stack([torch.zeros(784), torch.ones(784)]), w, b),
        Case.of("batch of three, ramp weights, bias 0.5",
                torch.rand(3, 784, generator=g), ramp, torch.tensor([0.5])),
    ]


DRILL = Drill(
    reference=reference,
    cases=_fixed(),
    random_cases=random_cases,
    # 784-term float32 sums: allow summation-order differences.
    rule=Rule(atol=1e-4, rtol=1e-4, dtype="exact"),
    forbid=[Forbid("use a matrix multiply instead of a Python loop",
                   nodes=("For", "While", "ListComp", "GeneratorExp"))],
    mistakes=[
        Mistake(
            "elementwise-mul",
            "xb * weights multiplies elementwise: (B, 784) * (784, 1) broadcasts to a "
            "(784, 784) table for one image and fails for other batch sizes. A weighted sum "
            "is a matrix product: xb @ weights + bias.",
            variant=lambda xb, w, b: xb * w + b,
        ),
        Mistake(
            "flat-weights",
            "You used the weights as a (784,) vector, so the predictions have shape (B,). "
            "Compared with (B, 1) targets they broadcast to a (B, B) table and the loss is "
            "silently wrong. Keep the weights (784, 1): xb @ weights.",
            variant=lambda xb, w, b: xb @ w.flatten() + b,
        ),
        Mistake(
            "no-bias",
            "You left out the bias: without it a black image (all zeros) always predicts 0. "
            "Add bias after the product.",
            variant=lambda xb, w, b: xb @ w,
        ),
    ],
)
