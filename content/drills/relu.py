"""Reference, cases and known mistakes for the ``relu`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Forbid, Mistake, Rule


def reference(x: torch.Tensor) -> torch.Tensor:
    return x.clamp(min=0.0)


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of("random (5, 7)", torch.randn(5, 7, generator=g)),
        Case.of("random batch (2, 3, 4) * 100", torch.randn(2, 3, 4, generator=g) * 100),
    ]


def _max_over_axis(x: torch.Tensor) -> torch.Tensor:
    return x.max(0).values if x.dim() else x.max()


def _in_place(x: torch.Tensor) -> torch.Tensor:
    return x.clamp_(min=0.0)


DRILL = Drill(
    reference=reference,
    cases=[
        Case.of("mixed signs", torch.tensor([-2.0, -0.5, 0.0, 0.5, 3.0])),
        Case.of("matrix (3, 2)", torch.tensor([[-1.0, 2.0], [3.0, -4.0], [0.0, -0.0]])),
        Case.of("all negative", torch.tensor([-1e30, -3.0, -1e-30])),
        Case.of("0-dim", torch.tensor(-7.5)),
        Case.of("float64 input keeps its dtype", torch.tensor([-1.0, 1.0], dtype=torch.float64)),
        Case.of("empty", torch.zeros(0, 3)),
    ],
    random_cases=random_cases,
    rule=Rule(atol=0.0, rtol=0.0, dtype="exact"),
    forbid=[
        Forbid(
            "write ReLU yourself: torch.relu / F.relu are off limits here", names=("relu", "relu_")
        )
    ],
    mistakes=[
        Mistake(
            "max-over-axis",
            "x.max(0) is a reduction: it finds the largest value along axis 0 (and its index), "
            "it does not compare each element with 0. Compare elementwise instead: "
            "x.clamp(min=0) or torch.maximum(x, torch.zeros_like(x)).",
            variant=_max_over_axis,
        ),
        Mistake(
            "in-place",
            "The values are right, but you changed the caller's tensor in place (clamp_, "
            "x[x < 0] = 0, ...). In a model that would silently overwrite activations autograd "
            "still needs. Return a new tensor: x.clamp(min=0).",
            variant=_in_place,
        ),
        Mistake(
            "clamp-max",
            "clamp(max=0) caps values from above, so it keeps the negatives and turns the "
            "positives into 0: the mirror image of ReLU. ReLU needs a floor: clamp(min=0).",
            variant=lambda x: x.clamp(max=0.0),
        ),
    ],
)
