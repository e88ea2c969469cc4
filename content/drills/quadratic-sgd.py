"""Reference, cases and known mistakes for the ``quadratic-sgd`` drill."""

from __future__ import annotations

import warnings

import torch

from studyapp.drills import Case, Drill, Mistake, Rule

T = torch.Tensor


def _fit(t: T, speed: T, params: T, lr: float, steps: int, *, sign: float = -1.0,
         zero: bool = True, loss_fn: str = "mean") -> tuple[T, list[float]]:
    """The reference written with switches for the known mistakes."""
    p = params.detach().clone().requires_grad_()
    losses = []
    for _ in range(steps):
        a, b, c = p
        err = (a * t**2 + b * t + c - speed) ** 2
        loss = err.mean() if loss_fn == "mean" else err.sum()
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            p += sign * lr * p.grad
        if zero:
            p.grad = None
    return p.detach(), losses


def reference(t: T, speed: T, params: T, lr: float, steps: int) -> tuple[T, list[float]]:
    params = params.detach().clone().requires_grad_()
    losses = []
    for _ in range(steps):
        a, b, c = params
        loss = ((a * t**2 + b * t + c - speed) ** 2).mean()
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            params -= lr * params.grad
        params.grad = None
    return params.detach(), losses


def _rebinding(t: T, speed: T, params: T, lr: float, steps: int) -> tuple[T, list[float]]:
    params = params.detach().clone().requires_grad_()
    losses = []
    with warnings.catch_warnings():  # torch warns about .grad of a non-leaf, as intended
        warnings.simplefilter("ignore", UserWarning)
        for _ in range(steps):
            a, b, c = params
            loss = ((a * t**2 + b * t + c - speed) ** 2).mean()
            losses.append(loss.item())
            loss.backward()
            params = params - lr * params.grad
    return params.detach(), losses


def _speeds(g: torch.Generator, n: int) -> tuple[T, T]:
    t = torch.arange(0, n).float()
    return t, torch.randn(n, generator=g) * 3 + 0.75 * (t - 9.5) ** 2 + 1


def random_cases(g: torch.Generator) -> list[Case]:
    t, speed = _speeds(g, 20)
    t2, speed2 = _speeds(g, 12)
    return [
        Case.of("random start, 10 steps, lr 1e-5", t, speed, torch.randn(3, generator=g),
                1e-5, 10),
        Case.of("random start, 6 steps, lr 3e-5", t2, speed2, torch.randn(3, generator=g),
                3e-5, 6),
    ]


def _fixed() -> list[Case]:
    g = torch.Generator().manual_seed(4)
    t, speed = _speeds(g, 20)
    start = torch.tensor([0.5, -1.0, 2.0])
    return [
        Case.of("zero steps: start unchanged, no losses", t, speed, start.clone(), 1e-5, 0),
        Case.of("one step", t, speed, start.clone(), 1e-5, 1),
        Case.of("lr 0: the loss never moves", t, speed, start.clone(), 0.0, 3),
        Case.of("one time point", torch.tensor([2.0]), torch.tensor([5.0]), start.clone(),
                0.01, 4),
        Case.of("twenty points, eight steps", t, speed, start.clone(), 1e-5, 8),
    ]


def _tensor_losses(case: Case, out: object) -> bool:
    return (isinstance(out, tuple | list) and len(out) == 2 and isinstance(out[1], list)
            and any(isinstance(v, torch.Tensor) for v in out[1]))


DRILL = Drill(
    reference=reference,
    cases=_fixed(),
    random_cases=random_cases,
    rule=Rule(atol=1e-5, rtol=1e-4, dtype="exact", detached=True),
    inputs_may_change=True,
    mistakes=[
        Mistake(
            "forgot-zero-grad",
            "You never reset the gradient, so each backward() adds to the previous ones and "
            "every step moves by the sum of all gradients so far. After each update set "
            "params.grad = None (or params.grad.zero_()).",
            variant=lambda t, s, p, lr, n: _fit(t, s, p, lr, n, zero=False),
        ),
        Mistake(
            "adds-gradient",
            "You moved the parameters along the gradient, which increases the loss. Step "
            "against it: params -= lr * params.grad.",
            variant=lambda t, s, p, lr, n: _fit(t, s, p, lr, n, sign=1.0),
        ),
        Mistake(
            "sum-not-mean",
            "Your loss is the sum of squared errors, not their mean, so every gradient is n "
            "times too large. The prompt asks for the mean squared error: .mean().",
            variant=lambda t, s, p, lr, n: _fit(t, s, p, lr, n, loss_fn="sum"),
        ),
        Mistake(
            "rebinding",
            "params = params - lr * params.grad builds a new tensor that is not a leaf, so "
            "the next backward() leaves its .grad empty (None). Update the same tensor in "
            "place instead: with torch.no_grad(): params -= lr * params.grad.",
            variant=_rebinding,
        ),
        Mistake(
            "tensor-losses",
            "Your losses list holds tensors (still attached to their graphs, which keeps "
            "every step's graph alive). Record plain numbers: losses.append(loss.item()).",
            detect=_tensor_losses,
            example=(
                "def quadratic_sgd(t, speed, params, lr, steps):\n"
                "    params = params.detach().clone().requires_grad_()\n"
                "    losses = []\n"
                "    for _ in range(steps):\n"
                "        a, b, c = params\n"
                "        loss = ((a * t**2 + b * t + c - speed) ** 2).mean()\n"
                "        losses.append(loss)\n"
                "        loss.backward()\n"
                "        with torch.no_grad():\n"
                "            params -= lr * params.grad\n"
                "        params.grad = None\n"
                "    return params.detach(), losses\n"
            ),
        ),
    ],
)
