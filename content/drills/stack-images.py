"""Reference, cases and known mistakes for the ``stack-images`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Mistake, Rule


def reference(images: list[torch.Tensor]) -> torch.Tensor:
    return torch.stack(images).float() / 255


def _image(g: torch.Generator) -> torch.Tensor:
    return torch.randint(0, 256, (28, 28), generator=g, dtype=torch.uint8)


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of("random list of 5", [_image(g) for _ in range(5)]),
        Case.of("random list of 12", [_image(g) for _ in range(12)]),
    ]


def _fixed() -> list[Case]:
    black = torch.zeros(28, 28, dtype=torch.uint8)
    white = torch.full((28, 28), 255, dtype=torch.uint8)
    stripe = black.clone()
    stripe[:, 10:18] = 128
    return [
        Case.of("a list of one image", [stripe]),
        Case.of("extremes: black, white, striped", [black, white, stripe]),
        Case.of("two images in a given order", [white, black]),
    ]


DRILL = Drill(
    reference=reference,
    cases=_fixed(),
    random_cases=random_cases,
    rule=Rule(atol=1e-6, rtol=1e-6, dtype="exact"),
    mistakes=[
        Mistake(
            "cat-not-stack",
            "torch.cat joins the images along their existing first axis, giving one tall "
            "(N*28, 28) picture. torch.stack adds a new leading axis: (N, 28, 28).",
            variant=lambda images: torch.cat(images).float() / 255,
        ),
        Mistake(
            "not-scaled",
            "The shape and dtype are right, but the pixels still run from 0 to 255. Divide "
            "by 255 so they lie between 0 and 1.",
            variant=lambda images: torch.stack(images).float(),
        ),
        Mistake(
            "still-uint8",
            "Your result is still uint8, holding 0 to 255. Convert to float (.float()) and "
            "divide by 255; uint8 cannot even hold the fractions.",
            variant=lambda images: torch.stack(images),
        ),
        Mistake(
            "integer-division",
            "Floor division (//) by 255 keeps only 0 or 1, and the result stays uint8. Use "
            "true division on floats: .float() / 255.",
            variant=lambda images: torch.stack(images) // 255,
        ),
    ],
)
