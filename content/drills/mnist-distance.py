"""Reference, cases and known mistakes for the ``mnist-distance`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Forbid, Mistake, Rule


def reference(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (a - b).abs().mean((-2, -1))


def _images(g: torch.Generator, *shape: int) -> torch.Tensor:
    return torch.rand(*shape, 28, 28, generator=g)


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of("random batch of 6", _images(g, 6), _images(g)),
        Case.of("random (2, 3) grid of images", _images(g, 2, 3), _images(g)),
    ]


def _fixed() -> list[Case]:
    g = torch.Generator().manual_seed(7)
    blank, ink = torch.zeros(28, 28), torch.ones(28, 28)
    half = torch.zeros(28, 28)
    half[:, :14] = 1.0
    return [
        Case.of("one image, no batch axis", half, blank),
        Case.of("batch of one", half[None], ink),
        Case.of("batch of three", torch.stack([blank, half, ink]), half),
        Case.of("batch where signs cancel", torch.stack([half, 1 - half]), 0.5 * ink),
        Case.of("random batch of 4", _images(g, 4), _images(g)),
    ]


DRILL = Drill(
    reference=reference,
    cases=_fixed(),
    random_cases=random_cases,
    rule=Rule(atol=1e-6, rtol=1e-5, dtype="exact"),
    forbid=[
        Forbid(
            "use broadcasting instead of a Python loop",
            nodes=("For", "While", "ListComp", "GeneratorExp"),
        )
    ],
    mistakes=[
        Mistake(
            "mean-of-everything",
            "Calling .mean() with no axes averages over the whole batch too, giving one "
            "number for all images. Average only over the last two axes: .mean((-2, -1)).",
            variant=lambda a, b: (a - b).abs().mean(),
        ),
        Mistake(
            "abs-of-mean",
            "You took the mean before the absolute value. Positive and negative differences "
            "then cancel out, so very different images can look close. Take .abs() of the "
            "difference first, then .mean((-2, -1)).",
            variant=lambda a, b: (a - b).mean((-2, -1)).abs(),
        ),
        Mistake(
            "positive-axes",
            "Axes (1, 2) are the image axes only for a 3-D batch. A single image has no axis "
            "2, and with more leading axes you average over the wrong ones. Count from the "
            "end instead: .mean((-2, -1)).",
            variant=lambda a, b: (a - b).abs().mean((1, 2)),
        ),
        Mistake(
            "squared-error",
            "That is the mean squared difference (the L2 flavour), not the mean absolute "
            "difference. Use .abs() rather than squaring.",
            variant=lambda a, b: ((a - b) ** 2).mean((-2, -1)),
        ),
    ],
)
