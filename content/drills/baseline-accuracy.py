"""Reference, cases and known mistakes for the ``baseline-accuracy`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Mistake, Rule


def mnist_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (a - b).abs().mean((-2, -1))


def is_three(x: torch.Tensor, mean3: torch.Tensor, mean7: torch.Tensor) -> torch.Tensor:
    return mnist_distance(x, mean3) < mnist_distance(x, mean7)


T = torch.Tensor


def reference(valid3: T, valid7: T, mean3: T, mean7: T) -> T:
    acc3 = is_three(valid3, mean3, mean7).float().mean()
    acc7 = (~is_three(valid7, mean3, mean7)).float().mean()
    return (acc3 + acc7) / 2


def _means() -> tuple[torch.Tensor, torch.Tensor]:
    left, right = torch.zeros(28, 28), torch.zeros(28, 28)
    left[:, :14] = 1.0
    right[:, 14:] = 1.0
    return left, right


def _noisy(g: torch.Generator, ideal: torch.Tensor, n: int, noise: float) -> torch.Tensor:
    return (ideal + noise * torch.randn(n, 28, 28, generator=g)).clamp(0, 1)


def random_cases(g: torch.Generator) -> list[Case]:
    m3, m7 = _means()
    return [
        Case.of("random: 30 threes, 10 sevens, heavy noise",
                _noisy(g, m3, 30, 2.0), _noisy(g, m7, 10, 2.0), m3, m7),
        Case.of("random: 7 threes, 21 sevens, heavy noise",
                _noisy(g, m3, 7, 2.0), _noisy(g, m7, 21, 2.0), m3, m7),
    ]


def _fixed() -> list[Case]:
    m3, m7 = _means()
    return [
        Case.of("one of each, both right", m3[None].clone(), m7[None].clone(), m3, m7),
        Case.of("one of each, both wrong", m7[None].clone(), m3[None].clone(), m3, m7),
        Case.of("all threes right, sevens all wrong (3 vs 1 images)",
                torch.stack([m3, m3, m3]), m3[None].clone(), m3, m7),
        Case.of("threes all wrong, sevens right (1 vs 3 images)",
                m7[None].clone(), torch.stack([m7, m7, 0.5 * m7]), m3, m7),
        Case.of("2 of 4 threes right, 1 of 2 sevens right",
                torch.stack([m3, m7, m3, m7]), torch.stack([m3, m7]), m3, m7),
    ]


def _pooled(valid3: T, valid7: T, mean3: T, mean7: T) -> T:
    right = torch.cat([is_three(valid3, mean3, mean7), ~is_three(valid7, mean3, mean7)])
    return right.float().mean()


DRILL = Drill(
    reference=reference,
    cases=_fixed(),
    random_cases=random_cases,
    rule=Rule(atol=1e-6, rtol=1e-5, dtype="exact"),
    mistakes=[
        Mistake(
            "sevens-not-inverted",
            "For the 7s you counted how many were classified as 3. A 7 is right when "
            "is_three is False: use 1 - is_three(...).float() (or ~is_three(...)).",
            variant=lambda v3, v7, m3, m7: (is_three(v3, m3, m7).float().mean()
                                            + is_three(v7, m3, m7).float().mean()) / 2,
        ),
        Mistake(
            "pooled",
            "You pooled all images into one accuracy. The chapter's overall figure is the "
            "mean of the accuracy on 3s and the accuracy on 7s, which differs when the two "
            "sets have different sizes: (acc3 + acc7) / 2.",
            variant=_pooled,
        ),
        Mistake(
            "mean-of-bool",
            "mean() refuses bool tensors (it cannot pick a result dtype). Convert the "
            "decisions first: is_three(...).float().mean().",
            variant=lambda v3, v7, m3, m7: (is_three(v3, m3, m7).mean()
                                            + (~is_three(v7, m3, m7)).mean()) / 2,
        ),
        Mistake(
            "python-float",
            "The number is right, but .item() (or float()) made it a Python float. Return "
            "the 0-dim tensor.",
            variant=lambda v3, v7, m3, m7: reference(v3, v7, m3, m7).item(),
        ),
        Mistake(
            "only-threes",
            "That is the accuracy on the 3s only. Average it with the accuracy on the 7s.",
            variant=lambda v3, v7, m3, m7: is_three(v3, m3, m7).float().mean(),
        ),
    ],
)
