"""Reference, cases and known mistakes for the ``mnist-loss`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Mistake, Rule

T = torch.Tensor


def reference(predictions: T, targets: T) -> T:
    p = predictions.sigmoid()
    return torch.where(targets == 1, 1 - p, p).mean()


def _targets(*values: int) -> T:
    return torch.tensor(values)[:, None]


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of("random batch of 12", torch.randn(12, 1, generator=g) * 3,
                torch.randint(0, 2, (12, 1), generator=g)),
        Case.of("random batch of 64", torch.randn(64, 1, generator=g),
                torch.randint(0, 2, (64, 1), generator=g)),
    ]


def _fixed() -> list[Case]:
    return [
        Case.of("the chapter's three predictions", torch.tensor([[0.9], [0.4], [-0.2]]),
                _targets(1, 0, 1)),
        Case.of("batch of one", torch.tensor([[2.0]]), _targets(0)),
        Case.of("extremes: confident and right, confident and wrong",
                torch.tensor([[1000.0], [-1000.0], [100.0], [-100.0]]), _targets(1, 0, 0, 1)),
        Case.of("raw outputs between 0 and 1", torch.tensor([[0.3], [0.7], [0.0]]),
                _targets(1, 1, 0)),
    ]


def _squeezed(predictions: T, targets: T) -> T:
    p = predictions.sigmoid().squeeze()
    return torch.where(targets == 1, 1 - p, p).mean()


def _overflow(predictions: T, targets: T) -> T:
    e = predictions.exp()
    p = e / (1 + e)
    return torch.where(targets == 1, 1 - p, p).mean()


DRILL = Drill(
    reference=reference,
    cases=_fixed(),
    random_cases=random_cases,
    rule=Rule(atol=1e-6, rtol=1e-5, dtype="exact"),
    mistakes=[
        Mistake(
            "no-sigmoid",
            "You used the raw predictions as if they were probabilities. They can be any "
            "size, so 1 - prediction can be huge or negative. Squash them first with "
            ".sigmoid().",
            variant=lambda pr, tg: torch.where(tg == 1, 1 - pr, pr).mean(),
        ),
        Mistake(
            "swapped-branches",
            "Your where() branches are swapped: where the target is 1 the loss should be "
            "1 - p (small when p is near 1), and p where the target is 0.",
            variant=lambda pr, tg: torch.where(tg == 1, pr.sigmoid(), 1 - pr.sigmoid()).mean(),
        ),
        Mistake(
            "squeezed-broadcast",
            "Your probabilities have shape (N,) while the targets are (N, 1): torch.where "
            "broadcasts them into an (N, N) table pairing every prediction with every target, "
            "and the mean is silently wrong. Keep both (N, 1): don't squeeze or flatten.",
            variant=_squeezed,
        ),
        Mistake(
            "sigmoid-overflow",
            "Your sigmoid overflows: for a prediction of 1000, exp(1000) is inf and "
            "inf / (1 + inf) is NaN. Use torch.sigmoid, or 1 / (1 + exp(-x)).",
            variant=_overflow,
        ),
        Mistake(
            "sum-not-mean",
            "You summed the per-item losses, so the loss grows with the batch size. Take the "
            "mean.",
            variant=lambda pr, tg: torch.where(tg == 1, 1 - pr.sigmoid(), pr.sigmoid()).sum(),
        ),
    ],
)
