"""Reference, cases and known mistakes for the ``sgd-step`` drill (a side-effect drill:
checked on the parameters and gradients it leaves behind)."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Mistake, Rule

T = torch.Tensor


def reference(params: list[T], lr: float) -> None:
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad = None


def harness(sgd_step, w, b, w_grad, b_grad, lr):  # shipped as source: no annotations
    """Give the params gradients, call the entry, report the returned value and state."""
    w.grad, b.grad = w_grad.clone(), b_grad.clone()
    returned = sgd_step([w, b], lr)
    return {
        "returned value": returned,
        "w after the step": w.detach().clone(),
        "b after the step": b.detach().clone(),
        "w.grad after the step (zeros if None)":
            w.grad if w.grad is not None else torch.zeros_like(w),
        "b.grad after the step (zeros if None)":
            b.grad if b.grad is not None else torch.zeros_like(b),
        "w is still a leaf that requires grad": bool(w.is_leaf and w.requires_grad),
    }


def _case(name: str, g: torch.Generator, lr: float, rows: int = 4) -> Case:
    w = torch.randn(rows, 1, generator=g).requires_grad_()
    b = torch.randn(1, generator=g).requires_grad_()
    return Case.of(name, w, b, torch.randn(rows, 1, generator=g), torch.randn(1, generator=g),
                   lr)


def random_cases(g: torch.Generator) -> list[Case]:
    return [_case("random, lr 1.0", g, 1.0), _case("random (784, 1), lr 0.01", g, 0.01, 784)]


def _fixed() -> list[Case]:
    g = torch.Generator().manual_seed(2)
    one = torch.tensor([[2.0]]).requires_grad_()
    zero_b = torch.tensor([0.5]).requires_grad_()
    return [
        _case("lr 0.1", g, 0.1),
        Case.of("a (1, 1) weight, lr 0.5: 2 - 0.5 * 4 = 0", one, zero_b,
                torch.tensor([[4.0]]), torch.tensor([-1.0]), 0.5),
        _case("lr 0: only the gradients are reset", g, 0.0),
    ]


def _adds(params: list[T], lr: float) -> None:
    with torch.no_grad():
        for p in params:
            p += lr * p.grad
            p.grad = None


def _rebinding(params: list[T], lr: float) -> None:
    for p in params:
        p = p - lr * p.grad  # the mistake being modelled: rebinds the loop variable


def _no_zero(params: list[T], lr: float) -> None:
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad


def _zero_first(params: list[T], lr: float) -> None:
    with torch.no_grad():
        for p in params:
            p.grad.zero_()
            p -= lr * p.grad


def _tracked(params: list[T], lr: float) -> None:
    for p in params:
        p -= lr * p.grad
        p.grad = None


DRILL = Drill(
    reference=reference,
    harness=harness,
    cases=_fixed(),
    random_cases=random_cases,
    rule=Rule(atol=1e-6, rtol=1e-5, dtype="exact"),
    inputs_may_change=True,
    mistakes=[
        Mistake(
            "adds-gradient",
            "You added the gradient, which moves the parameters uphill and increases the "
            "loss. Step against it: p -= lr * p.grad.",
            variant=_adds,
        ),
        Mistake(
            "rebinding",
            "p = p - lr * p.grad makes a new tensor and rebinds the loop variable to it; the "
            "caller's parameter never changes (and keeps its gradient). Change it in place: "
            "p -= lr * p.grad under torch.no_grad(), or p.data -= lr * p.grad.",
            variant=_rebinding,
        ),
        Mistake(
            "forgot-zero",
            "The parameters moved correctly, but their gradients are still there. backward() "
            "adds to .grad, so the next step would use the sum of old and new gradients. "
            "Reset them: p.grad = None or p.grad.zero_().",
            variant=_no_zero,
        ),
        Mistake(
            "zero-before-step",
            "You reset the gradient before using it, so the step subtracts lr * 0 and the "
            "parameters never move. Update first, then reset.",
            variant=_zero_first,
        ),
        Mistake(
            "update-tracked",
            "An in-place update of a leaf that requires grad is refused by autograd (it "
            "would be recorded in the graph). Do the update under torch.no_grad() or on "
            "p.data.",
            variant=_tracked,
        ),
    ],
)
