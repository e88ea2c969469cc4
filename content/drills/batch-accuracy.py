"""Reference, cases and known mistakes for the ``batch-accuracy`` drill.

Outputs very close to 0 (other than 0 itself) are avoided on purpose: at e.g.
x = 1e-8, sigmoid(x) rounds to exactly 0.5 in float32, so ``sigmoid(x) > 0.5``
and the equivalent ``x > 0`` disagree, and both are fair answers.
"""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Mistake, Rule

T = torch.Tensor


def reference(xb: T, yb: T) -> T:
    preds = xb.sigmoid() > 0.5
    return (preds == yb).float().mean()


def _col(*values: float) -> T:
    return torch.tensor(values)[:, None]


def _targets(*values: int) -> T:
    return torch.tensor(values)[:, None]


def random_cases(g: torch.Generator) -> list[Case]:
    def batch(n: int, scale: float) -> tuple[T, T]:
        x = torch.randn(n, 1, generator=g) * scale
        x = torch.where(x.abs() < 1e-3, torch.full_like(x, 0.25), x)
        return x, torch.randint(0, 2, (n, 1), generator=g)

    return [
        Case.of("random batch of 20", *batch(20, 1.0)),
        Case.of("random batch of 50, outputs * 0.4", *batch(50, 0.4)),
    ]


DRILL = Drill(
    reference=reference,
    cases=[
        Case.of("batch of one, right", _col(3.0), _targets(1)),
        Case.of("outputs between 0 and 0.5 predict 1",
                _col(0.2, 0.45, 0.1, -0.3), _targets(1, 1, 0, 0)),
        Case.of("an output of exactly 0 predicts 0", _col(0.0, 0.0), _targets(0, 1)),
        Case.of("extremes", _col(1000.0, -1000.0, 50.0, -50.0), _targets(1, 1, 0, 0)),
        Case.of("all wrong", _col(-2.0, 2.0, 0.6), _targets(1, 0, 0)),
    ],
    random_cases=random_cases,
    rule=Rule(atol=1e-6, rtol=1e-6, dtype="exact"),
    mistakes=[
        Mistake(
            "threshold-raw",
            "You compared the raw outputs with 0.5. They are not probabilities yet: an output "
            "of 0.2 has sigmoid 0.55 and predicts a 3. Apply .sigmoid() first (or, "
            "equivalently, compare the raw output with 0).",
            variant=lambda xb, yb: ((xb > 0.5) == yb).float().mean(),
        ),
        Mistake(
            "mean-of-bool",
            "mean() refuses bool tensors (it cannot pick a result dtype). Convert the "
            "matches with .float() before averaging.",
            variant=lambda xb, yb: ((xb.sigmoid() > 0.5) == yb).mean(),
        ),
        Mistake(
            "squeezed-broadcast",
            "Your predictions have shape (N,) while the targets are (N, 1): == broadcasts "
            "them into an (N, N) table comparing every prediction with every target, and the "
            "mean is silently wrong. Keep both (N, 1).",
            variant=lambda xb, yb: ((xb.sigmoid() > 0.5).squeeze() == yb).float().mean(),
        ),
        Mistake(
            "python-float",
            "The number is right, but .item() (or float()) made it a Python float. Return "
            "the 0-dim tensor.",
            variant=lambda xb, yb: reference(xb, yb).item(),
        ),
    ],
)
