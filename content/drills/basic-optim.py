"""Reference, cases and known mistakes for the ``basic-optim`` drill (a side-effect drill:
checked on the parameters and gradients after each round of step and zero_grad)."""

from __future__ import annotations

from collections.abc import Iterable

import torch

from studyapp.drills import Case, Drill, Mistake, Rule

T = torch.Tensor


class reference:  # the drill API names the model solution "reference"
    def __init__(self, params: Iterable[T], lr: float) -> None:
        self.params, self.lr = list(params), lr

    def step(self) -> None:
        with torch.no_grad():
            for p in self.params:
                p -= self.lr * p.grad

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None


def harness(BasicOptim, w, b, x, y, lr):  # shipped as source: no annotations
    """Three rounds of backward, step, zero_grad on a linear model; params as a generator."""
    opt = BasicOptim((p for p in (w, b)), lr)
    state = {}
    for round_ in (1, 2, 3):
        ((x @ w + b - y) ** 2).mean().backward()
        opt.step()
        state[f"w after step {round_}"] = w.detach().clone()
        state[f"b after step {round_}"] = b.detach().clone()
        opt.zero_grad()
        state[f"w.grad after zero_grad {round_} (zeros if None)"] = (
            w.grad if w.grad is not None else torch.zeros_like(w))
    state["w is still a leaf that requires grad"] = bool(w.is_leaf and w.requires_grad)
    return state


def _case(name: str, g: torch.Generator, n: int, features: int, lr: float) -> Case:
    return Case.of(name, torch.randn(features, 1, generator=g).requires_grad_(),
                   torch.randn(1, generator=g).requires_grad_(),
                   torch.randn(n, features, generator=g), torch.randn(n, 1, generator=g), lr)


def random_cases(g: torch.Generator) -> list[Case]:
    return [_case("random: 20 items, 784 features, lr 0.001", g, 20, 784, 0.001),
            _case("random: 8 items, 3 features, lr 0.3", g, 8, 3, 0.3)]


def _fixed() -> list[Case]:
    g = torch.Generator().manual_seed(3)
    return [
        _case("batch of one, 4 features, lr 0.1", g, 1, 4, 0.1),
        _case("5 items, 2 features, lr 0.05", g, 5, 2, 0.05),
        _case("lr 0: parameters stay, gradients are reset", g, 3, 2, 0.0),
    ]


class _KeepsGenerator(reference):
    def __init__(self, params: Iterable[T], lr: float) -> None:
        self.params, self.lr = params, lr


class _Adds(reference):
    def step(self) -> None:
        with torch.no_grad():
            for p in self.params:
                p += self.lr * p.grad


class _NoopZero(reference):
    def zero_grad(self) -> None:
        for p in self.params:
            p.grad.zero_  # noqa: B018 - the mistake being modelled: never called


class _Tracked(reference):
    def step(self) -> None:
        for p in self.params:
            p -= self.lr * p.grad


DRILL = Drill(
    reference=reference,
    harness=harness,
    cases=_fixed(),
    random_cases=random_cases,
    rule=Rule(atol=1e-5, rtol=1e-4, dtype="exact"),
    inputs_may_change=True,
    mistakes=[
        Mistake(
            "generator-runs-out",
            "You stored params as given. model.parameters() (and the generator the check "
            "passes) can be iterated only once: the first loop over it uses it up and later "
            "calls find no parameters, so nothing is zeroed or updated after that. Store "
            "list(params).",
            variant=_KeepsGenerator,
        ),
        Mistake(
            "adds-gradient",
            "step() adds the gradient, which increases the loss. Step against it: "
            "p -= lr * p.grad.",
            variant=_Adds,
        ),
        Mistake(
            "zero-grad-does-nothing",
            "zero_grad() leaves the gradients in place, so they pile up from one backward() "
            "to the next. Check that you actually call zero_() (with parentheses) or set "
            "p.grad = None on the parameter itself, not on a loop variable copy.",
            variant=_NoopZero,
        ),
        Mistake(
            "update-tracked",
            "An in-place update of a leaf that requires grad is refused by autograd (it "
            "would be recorded in the graph). Update under torch.no_grad() or on p.data.",
            variant=_Tracked,
        ),
    ],
)
