"""Reference, cases and known mistakes for the ``mean-digit`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Mistake, Rule


def reference(stacked: torch.Tensor) -> torch.Tensor:
    return stacked.mean(0)


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of("random stack of 7", torch.rand(7, 28, 28, generator=g)),
        Case.of("random stack of 28", torch.rand(28, 28, 28, generator=g)),
    ]


def _fixed() -> list[Case]:
    black, white = torch.zeros(28, 28), torch.ones(28, 28)
    corner = black.clone()
    corner[:5, :5] = 1.0
    return [
        Case.of("a stack of one", corner[None]),
        Case.of("black and white average to grey", torch.stack([black, white])),
        Case.of("extremes: three black, one white", torch.stack([black, black, black, white])),
        Case.of("ink in one corner", torch.stack([corner, white, corner])),
    ]


DRILL = Drill(
    reference=reference,
    cases=_fixed(),
    random_cases=random_cases,
    rule=Rule(atol=1e-6, rtol=1e-5, dtype="exact"),
    mistakes=[
        Mistake(
            "mean-of-everything",
            ".mean() with no axis averages every pixel of every image into one number. The "
            "ideal digit keeps the image axes and averages only over the images: .mean(0).",
            variant=lambda stacked: stacked.mean(),
        ),
        Mistake(
            "wrong-axis",
            "You averaged over an image axis (rows or columns) instead of over the images, "
            "so the result is (N, 28). The images are counted by axis 0: .mean(0).",
            variant=lambda stacked: stacked.mean(1),
        ),
        Mistake(
            "keepdim",
            "keepdim=True leaves a size-1 image axis in front: (1, 28, 28). The prompt asks "
            "for one (28, 28) image; drop keepdim.",
            variant=lambda stacked: stacked.mean(0, keepdim=True),
        ),
        Mistake(
            "sum-not-mean",
            "You summed the images, so pixels go above 1 and grow with N. Divide by N, or "
            "use .mean(0).",
            variant=lambda stacked: stacked.sum(0),
        ),
    ],
)
