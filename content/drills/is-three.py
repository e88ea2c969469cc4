"""Reference, cases and known mistakes for the ``is-three`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Forbid, Mistake, Rule


def mnist_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (a - b).abs().mean((-2, -1))


def reference(x: torch.Tensor, mean3: torch.Tensor, mean7: torch.Tensor) -> torch.Tensor:
    return mnist_distance(x, mean3) < mnist_distance(x, mean7)


def _means() -> tuple[torch.Tensor, torch.Tensor]:
    """Stand-ins for the ideal digits: ink on the left half versus the right half."""
    left, right = torch.zeros(28, 28), torch.zeros(28, 28)
    left[:, :14] = 1.0
    right[:, 14:] = 1.0
    return left, right


def random_cases(g: torch.Generator) -> list[Case]:
    m3, m7 = _means()
    noisy = torch.cat([m3 + 0.8 * torch.randn(5, 28, 28, generator=g),
                       m7 + 0.8 * torch.randn(5, 28, 28, generator=g)])
    return [
        Case.of("random noisy batch of 10", noisy.clamp(0, 1), m3, m7),
        Case.of("random images, random means", torch.rand(8, 28, 28, generator=g),
                torch.rand(28, 28, generator=g), torch.rand(28, 28, generator=g)),
    ]


def _fixed() -> list[Case]:
    m3, m7 = _means()
    grey = torch.full((28, 28), 0.5)
    return [
        Case.of("one image, no batch axis: the ideal 3 itself", m3.clone(), m3, m7),
        Case.of("one image, no batch axis: the ideal 7 itself", m7.clone(), m3, m7),
        Case.of("batch of one", m3[None].clone(), m3, m7),
        Case.of("batch of three", torch.stack([m7, m3, 0.9 * m3]), m3, m7),
        Case.of("a tie is not a 3", torch.stack([grey, m3]), m3, m7),
    ]


DRILL = Drill(
    reference=reference,
    cases=_fixed(),
    random_cases=random_cases,
    rule=Rule(atol=0.0, rtol=0.0, dtype="exact"),
    forbid=[Forbid("use broadcasting instead of a Python loop",
                   nodes=("For", "While", "ListComp", "GeneratorExp"))],
    mistakes=[
        Mistake(
            "reversed-comparison",
            "Your answers are flipped: a small distance means similar, so an image is a 3 "
            "when its distance to mean3 is the smaller one: d3 < d7.",
            variant=lambda x, m3, m7: mnist_distance(x, m3) > mnist_distance(x, m7),
        ),
        Mistake(
            "float-result",
            "The decisions are right but you converted them to float. Return the bool tensor "
            "from the comparison; convert only later, when averaging into an accuracy.",
            variant=lambda x, m3, m7: (mnist_distance(x, m3) < mnist_distance(x, m7)).float(),
        ),
        Mistake(
            "distance-difference",
            "You returned the difference of the distances, not a decision. Compare them "
            "with < to get a bool per image.",
            variant=lambda x, m3, m7: mnist_distance(x, m3) - mnist_distance(x, m7),
        ),
        Mistake(
            "tie-counts-as-three",
            "<= calls an image exactly halfway between the two ideals a 3. The rule is "
            "strictly closer to the 3: use <.",
            variant=lambda x, m3, m7: mnist_distance(x, m3) <= mnist_distance(x, m7),
        ),
        Mistake(
            "distance-over-everything",
            "Your distance averages over the batch axis too (.mean() with no axes), so a "
            "whole batch gets a single answer. Average only over the last two axes: "
            ".mean((-2, -1)).",
            variant=lambda x, m3, m7: (x - m3).abs().mean() < (x - m7).abs().mean(),
        ),
    ],
)
