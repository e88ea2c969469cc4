"""Reference, cases and known mistakes for the ``broadcast-outer`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Forbid, Mistake, Rule


def reference(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return a[:, None] + b[None, :]


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of("random m=6, n=4", torch.randn(6, generator=g), torch.randn(4, generator=g)),
        Case.of("random square 5x5", torch.randn(5, generator=g), torch.randn(5, generator=g)),
    ]


DRILL = Drill(
    reference=reference,
    cases=[
        Case.of("m=3, n=4", torch.tensor([0.0, 10.0, 20.0]), torch.tensor([1.0, 2.0, 3.0, 4.0])),
        Case.of(
            "m=n=2 (a transposed table has the right shape)",
            torch.tensor([1.0, 2.0]),
            torch.tensor([10.0, 20.0]),
        ),
        Case.of("one element each", torch.tensor([5.0]), torch.tensor([-5.0])),
        Case.of("int64 inputs stay int64", torch.tensor([1, 2, 3]), torch.tensor([100, 200])),
    ],
    random_cases=random_cases,
    rule=Rule(atol=1e-6, rtol=1e-6, dtype="exact"),
    forbid=[
        Forbid(
            "build the table with broadcasting, not a Python loop",
            nodes=("For", "While", "ListComp", "GeneratorExp", "DictComp"),
        )
    ],
    mistakes=[
        Mistake(
            "transposed",
            "Your table is transposed: you made b the column and a the row, so "
            "result[i, j] is a[j] + b[i]. The column (size-1 second axis) must be a: "
            "a[:, None] + b[None, :].",
            variant=lambda a, b: a[None, :] + b[:, None],
        ),
        Mistake(
            "no-new-axis",
            "Two 1-D tensors add elementwise (or fail when their lengths differ); "
            "broadcasting only builds a table when one operand has a size-1 axis. Give a "
            "an axis: a[:, None] + b.",
            variant=lambda a, b: a + b,
        ),
        Mistake(
            "outer-product",
            "torch.outer multiplies, it does not add. Build the sums with broadcasting: "
            "a[:, None] + b[None, :].",
            variant=lambda a, b: torch.outer(a, b),
        ),
    ],
)
