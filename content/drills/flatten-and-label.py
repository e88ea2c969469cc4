"""Reference, cases and known mistakes for the ``flatten-and-label`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Mistake, Rule

T = torch.Tensor


def reference(threes: T, sevens: T) -> tuple[T, T]:
    x = torch.cat([threes, sevens]).view(-1, 28 * 28)
    y = torch.tensor([1] * len(threes) + [0] * len(sevens)).unsqueeze(1)
    return x, y


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of("random: 6 threes, 4 sevens",
                torch.rand(6, 28, 28, generator=g), torch.rand(4, 28, 28, generator=g)),
        Case.of("random: 5 threes, 5 sevens",
                torch.rand(5, 28, 28, generator=g), torch.rand(5, 28, 28, generator=g)),
    ]


def _fixed() -> list[Case]:
    pixels = torch.arange(28 * 28, dtype=torch.float32).view(28, 28) / 784
    return [
        Case.of("one of each (pixel order matters)", pixels[None].clone(), 1 - pixels[None]),
        Case.of("no sevens: an empty (0, 28, 28) tensor", torch.ones(2, 28, 28),
                torch.zeros(0, 28, 28)),
        Case.of("extremes: 3 white threes, 1 black seven", torch.ones(3, 28, 28),
                torch.zeros(1, 28, 28)),
    ]


def _flat_labels(threes: T, sevens: T) -> tuple[T, T]:
    x, y = reference(threes, sevens)
    return x, y.squeeze(1)


def _stacked(threes: T, sevens: T) -> tuple[T, T]:
    x = torch.stack([threes, sevens]).view(-1, 28 * 28)
    return x, reference(threes, sevens)[1]


def _swapped(threes: T, sevens: T) -> tuple[T, T]:
    x, y = reference(threes, sevens)
    return x, 1 - y


def _float_labels(threes: T, sevens: T) -> tuple[T, T]:
    x, y = reference(threes, sevens)
    return x, y.float()


DRILL = Drill(
    reference=reference,
    cases=_fixed(),
    random_cases=random_cases,
    rule=Rule(atol=0.0, rtol=0.0, dtype="exact"),
    mistakes=[
        Mistake(
            "labels-flat",
            "Your labels have shape (N,). Predictions are (N, 1), and (N, 1) against (N,) "
            "silently broadcasts to an (N, N) table, so the loss would compare every "
            "prediction with every label. Add the axis: .unsqueeze(1) or .view(-1, 1).",
            variant=_flat_labels,
        ),
        Mistake(
            "stack-not-cat",
            "torch.stack([threes, sevens]) needs both sets to have the same size (and adds an "
            "axis); it fails as soon as N3 != N7. Join the sets along their existing first "
            "axis with torch.cat.",
            variant=_stacked,
        ),
        Mistake(
            "labels-swapped",
            "Your labels are the wrong way round: a 3 must be labelled 1 and a 7 labelled 0.",
            variant=_swapped,
        ),
        Mistake(
            "float-labels",
            "The labels are right but float32; the prompt asks for int64 (what torch.tensor "
            "makes of Python ints, and what integer class labels usually are). Drop the "
            ".float(), or use .long().",
            variant=_float_labels,
        ),
    ],
)
