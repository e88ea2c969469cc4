"""Reference, cases and known mistakes for the ``grad-of-square-sum`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Mistake, Rule


def reference(x: torch.Tensor) -> torch.Tensor:
    w = x.detach().clone().requires_grad_()
    (w**2).sum().backward()
    return w.grad


def harness(grad_of_square_sum, x):  # shipped to the child as source: no annotations
    """Call the entry, then report the gradient and what became of the caller's x."""
    gradient = grad_of_square_sum(x)
    return {
        "gradient": gradient,
        "x.requires_grad after the call": bool(x.requires_grad),
        "x.grad after the call": x.grad,
    }


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of("random (4, 5)", torch.randn(4, 5, generator=g)),
        Case.of("random (2, 3, 7) * 10", torch.randn(2, 3, 7, generator=g) * 10),
    ]


def _in_place(x: torch.Tensor) -> torch.Tensor:
    x.requires_grad_()
    (x**2).sum().backward()
    return x.grad


def _no_sum(x: torch.Tensor) -> torch.Tensor:
    w = x.detach().clone().requires_grad_()
    (w**2).backward()
    return w.grad


def _wrong_tensor(x: torch.Tensor) -> torch.Tensor | None:
    w = x.detach().clone().requires_grad_()
    (w**2).sum().backward()
    return x.grad


DRILL = Drill(
    reference=reference,
    harness=harness,
    cases=[
        Case.of("vector", torch.tensor([1.0, -2.0, 3.0])),
        Case.of("0-dim", torch.tensor(-1.5)),
        Case.of("matrix with zeros", torch.tensor([[0.0, 0.5], [-0.5, 0.0]])),
        Case.of("extremes: the sum overflows to inf, the gradient does not",
                torch.tensor([1e20, -1e20, 1e-20])),
        Case.of("float64 keeps its dtype", torch.tensor([0.1, -7.0], dtype=torch.float64)),
    ],
    random_cases=random_cases,
    rule=Rule(atol=1e-6, rtol=1e-5, dtype="exact", detached=True),
    mistakes=[
        Mistake(
            "grad-of-wrong-tensor",
            "You returned x.grad, but x never took part in the graph: the gradient lands on "
            "the tensor that requires grad (your copy). Return the copy's .grad.",
            variant=_wrong_tensor,
        ),
        Mistake(
            "mutates-input",
            "The gradient is right, but you switched on requires_grad on the caller's x and "
            "left a .grad on it. Someone else's tensor should not change under them: work "
            "on x.detach().clone().requires_grad_().",
            variant=_in_place,
        ),
        Mistake(
            "no-sum",
            "backward() without arguments only works on a single number, so it fails for "
            "any x with more than one element. Sum first: (w ** 2).sum().backward().",
            variant=_no_sum,
        ),
    ],
)
