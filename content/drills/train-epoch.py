"""Reference, cases and known mistakes for the ``train-epoch`` drill (a side-effect drill:
checked on the parameters left after the epoch; gradient handling shows in them, since
each batch's step depends on what .grad held)."""

from __future__ import annotations

from collections.abc import Callable

import torch

from studyapp.drills import Case, Drill, Mistake, Rule

T = torch.Tensor
Model = Callable[[T], T]


def mnist_loss(predictions: T, targets: T) -> T:
    p = predictions.sigmoid()
    return torch.where(targets == 1, 1 - p, p).mean()


def calc_grad(xb: T, yb: T, model: Model) -> None:
    loss = mnist_loss(model(xb), yb)
    loss.backward()


def reference(model: Model, params: list[T], batches: list[tuple[T, T]], lr: float) -> None:
    for xb, yb in batches:
        calc_grad(xb, yb, model)
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad.zero_()


def harness(train_epoch, w, b, x, y, bs, lr):  # shipped as source: no annotations
    """A linear model on leaf params w, b; batches cut from x, y; report the state."""
    batches = [(x[i : i + bs], y[i : i + bs]) for i in range(0, len(x), bs)]

    def model(xb):
        return xb @ w + b

    returned = train_epoch(model, [w, b], batches, lr)
    # Final .grad is not compared: resetting before calc_grad (the PyTorch idiom) leaves
    # the last batch's gradient, resetting after the update leaves none; both are right.
    return {
        "returned value": returned,
        "w after the epoch": w.detach().clone(),
        "b after the epoch": b.detach().clone(),
        "w is still a leaf that requires grad": bool(w.is_leaf and w.requires_grad),
    }


def _case(name: str, g: torch.Generator, n: int, bs: int, lr: float = 1.0) -> Case:
    w = (torch.randn(784, 1, generator=g) * 0.05).requires_grad_()
    b = torch.zeros(1).requires_grad_()
    x, y = torch.rand(n, 784, generator=g), torch.randint(0, 2, (n, 1), generator=g)
    return Case.of(name, w, b, x, y, bs, lr)


def random_cases(g: torch.Generator) -> list[Case]:
    return [_case("random: 40 items, bs 16, lr 1", g, 40, 16),
            _case("random: 9 items, bs 2, lr 0.5", g, 9, 2, 0.5)]


def _fixed() -> list[Case]:
    g = torch.Generator().manual_seed(9)
    return [
        _case("one batch of one item", g, 1, 1),
        _case("10 items, bs 4: three batches, the last of 2", g, 10, 4),
        _case("12 items in one batch", g, 12, 12),
        _case("lr 0: parameters stay", g, 6, 3, 0.0),
    ]


def _epoch(model: Model, params: list[T], batches: list[tuple[T, T]], lr: float, *,
           order: str = "step-zero", sign: float = -1.0, first_only: bool = False) -> None:
    """The reference with switches for the known mistakes."""
    for xb, yb in batches:
        calc_grad(xb, yb, model)
        with torch.no_grad():
            for p in params:
                if order == "zero-step":
                    p.grad.zero_()
                p += sign * lr * p.grad
                if order == "step-zero":
                    p.grad.zero_()
        if first_only:
            return


def _tracked(model: Model, params: list[T], batches: list[tuple[T, T]], lr: float) -> None:
    for xb, yb in batches:
        calc_grad(xb, yb, model)
        for p in params:
            p -= lr * p.grad
            p.grad = None


DRILL = Drill(
    reference=reference,
    harness=harness,
    cases=_fixed(),
    random_cases=random_cases,
    rule=Rule(atol=1e-5, rtol=1e-4, dtype="exact"),
    inputs_may_change=True,
    mistakes=[
        Mistake(
            "forgot-zero",
            "You never reset the gradients, so backward() keeps adding to them: the second "
            "batch steps by the sum of two batches' gradients, the third by three. Reset each "
            "gradient right after using it (p.grad = None or p.grad.zero_()).",
            variant=lambda m, ps, bt, lr: _epoch(m, ps, bt, lr, order="never"),
        ),
        Mistake(
            "zero-before-step",
            "You reset the gradients between computing them and using them, so every update "
            "subtracts lr * 0 and nothing learns. Order per batch: calc_grad, update, reset "
            "(or reset first, before calc_grad).",
            variant=lambda m, ps, bt, lr: _epoch(m, ps, bt, lr, order="zero-step"),
        ),
        Mistake(
            "adds-gradient",
            "You added the gradient, which increases the loss. Step against it: "
            "p -= lr * p.grad.",
            variant=lambda m, ps, bt, lr: _epoch(m, ps, bt, lr, sign=1.0),
        ),
        Mistake(
            "return-inside-loop",
            "Only the first batch was used: a return (or break) inside the loop ends the "
            "epoch early. Check the indentation: the loop must visit every batch.",
            variant=lambda m, ps, bt, lr: _epoch(m, ps, bt, lr, first_only=True),
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
