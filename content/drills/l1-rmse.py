"""Reference, cases and known mistakes for the ``l1-rmse`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Mistake, Rule


def reference(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    diff = a - b
    return diff.abs().mean(), diff.pow(2).mean().sqrt()


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of(
            "random images (28, 28)",
            torch.rand(28, 28, generator=g),
            torch.rand(28, 28, generator=g),
        ),
        Case.of(
            "random batch (3, 28, 28) vs itself shifted",
            *(lambda x: (x, x + 0.25))(torch.rand(3, 28, 28, generator=g)),
        ),
    ]


DRILL = Drill(
    reference=reference,
    cases=[
        Case.of("three numbers", torch.tensor([1.0, 2.0, 3.0]), torch.tensor([2.0, 2.0, 6.0])),
        Case.of(
            "errors that cancel in a plain mean",
            torch.tensor([1.0, -1.0]),
            torch.tensor([0.0, 0.0]),
        ),
        Case.of("identical images", torch.ones(28, 28), torch.ones(28, 28)),
        Case.of("0-dim inputs", torch.tensor(0.25), torch.tensor(1.0)),
    ],
    random_cases=random_cases,
    rule=Rule(atol=1e-6, rtol=1e-5, dtype="exact", sequence_type_ok=True),
    mistakes=[
        Mistake(
            "no-square-root",
            "Your second value is the mean squared error: RMSE still needs the square root "
            "at the end (.sqrt()).",
            variant=lambda a, b: ((a - b).abs().mean(), ((a - b) ** 2).mean()),
        ),
        Mistake(
            "abs-of-mean",
            "For L1 you took the mean first and the absolute value after, so positive and "
            "negative differences cancel. Take |a - b| first, then the mean.",
            variant=lambda a, b: ((a - b).mean().abs(), ((a - b) ** 2).mean().sqrt()),
        ),
        Mistake(
            "sum-not-mean",
            "You summed instead of averaging: the chapter's distances are means, so they "
            "don't grow with the number of pixels. Use .mean().",
            variant=lambda a, b: ((a - b).abs().sum(), ((a - b) ** 2).sum().sqrt()),
        ),
        Mistake(
            "swapped-order",
            "Both numbers are right but in the wrong order: the drill asks for (L1, RMSE), "
            "so the mean absolute difference comes first and the root of the mean squared "
            "difference second.",
            variant=lambda a, b: (((a - b) ** 2).mean().sqrt(), (a - b).abs().mean()),
        ),
        Mistake(
            "python-floats",
            "The numbers are right, but .item() (or float()) turned them into Python floats. "
            "Return 0-dim tensors so they can stay in a computation.",
            variant=lambda a, b: ((a - b).abs().mean().item(), ((a - b) ** 2).mean().sqrt().item()),
        ),
    ],
)
