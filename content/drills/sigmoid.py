"""Reference, cases and known mistakes for the ``sigmoid`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Forbid, Mistake, Rule


def reference(x: torch.Tensor) -> torch.Tensor:
    # Safe in torch: exp(-x) may overflow to inf, and 1 / inf is 0, never NaN.
    # (Agrees with torch.sigmoid to within the tolerance below.)
    return 1 / (1 + torch.exp(-x))


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of("random (4, 5)", torch.randn(4, 5, generator=g)),
        Case.of("random (3, 3) * 50", torch.randn(3, 3, generator=g) * 50),
    ]


DRILL = Drill(
    reference=reference,
    cases=[
        Case.of("around zero", torch.tensor([-2.0, -1.0, 0.0, 1.0, 2.0])),
        Case.of("extremes", torch.tensor([-1000.0, -100.0, -20.0, 20.0, 100.0, 1000.0])),
        Case.of("0-dim zero", torch.tensor(0.0)),
        Case.of("predictions (3, 1)", torch.tensor([[-3.0], [0.5], [4.0]])),
        Case.of("float64 keeps its dtype", torch.tensor([-800.0, 0.0, 800.0], dtype=torch.float64)),
    ],
    random_cases=random_cases,
    # A correct formula may give 1e-44 where torch.sigmoid gives 0: atol absorbs that.
    rule=Rule(atol=1e-6, rtol=1e-5, dtype="exact"),
    forbid=[
        Forbid(
            "write the formula yourself: the built-in sigmoid is off limits here",
            names=("sigmoid", "sigmoid_", "expit"),
        )
    ],
    mistakes=[
        Mistake(
            "exp-over-one-plus-exp",
            "e^x / (1 + e^x) is the same function on paper, but for large x both exp(x) and "
            "1 + exp(x) overflow to inf, and inf / inf is NaN. Use 1 / (1 + exp(-x)), which "
            "only ever computes 1 / inf = 0.",
            variant=lambda x: torch.exp(x) / (1 + torch.exp(x)),
        ),
        Mistake(
            "sign-flipped",
            "You computed 1 / (1 + e^x), which is sigmoid(-x): large inputs go to 0 instead "
            "of 1. The exponent needs the minus sign: e^(-x).",
            variant=lambda x: 1 / (1 + torch.exp(x)),
        ),
        Mistake(
            "precedence",
            "1/1 + torch.exp(-x) divides 1 by 1 first, so you return 1 + e^(-x). Put the "
            "whole denominator in parentheses: 1 / (1 + torch.exp(-x)).",
            variant=lambda x: 1 / 1 + torch.exp(-x),
        ),
    ],
)
