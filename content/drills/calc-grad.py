"""Reference, cases and known mistakes for the ``calc-grad`` drill (a side-effect drill:
checked on the ``.grad`` it leaves on the model's parameters)."""

from __future__ import annotations

from collections.abc import Callable

import torch

from studyapp.drills import Case, Drill, Mistake, Rule

T = torch.Tensor
Model = Callable[[T], T]


def mnist_loss(predictions: T, targets: T) -> T:
    p = predictions.sigmoid()
    return torch.where(targets == 1, 1 - p, p).mean()


def reference(xb: T, yb: T, model: Model) -> None:
    loss = mnist_loss(model(xb), yb)
    loss.backward()


def harness(calc_grad, xb, yb, w, b, w_grad, b_grad):  # shipped as source: no annotations
    """A linear model on leaf params w, b (.grad preset when given); report the state."""
    if w_grad is not None:
        w.grad, b.grad = w_grad.clone(), b_grad.clone()

    def model(x):
        return x @ w + b

    returned = calc_grad(xb, yb, model)
    return {
        "returned value": returned,
        "w.grad (zeros if None)": w.grad if w.grad is not None else torch.zeros_like(w),
        "b.grad (zeros if None)": b.grad if b.grad is not None else torch.zeros_like(b),
    }


def _case(name: str, g: torch.Generator, n: int, *, scale: float = 0.05,
          preset: bool = False) -> Case:
    w = (torch.randn(784, 1, generator=g) * scale).requires_grad_()
    b = torch.zeros(1).requires_grad_()
    grads = (torch.randn(784, 1, generator=g), torch.randn(1, generator=g)) if preset else (
        None, None)
    return Case.of(name, torch.rand(n, 784, generator=g),
                   torch.randint(0, 2, (n, 1), generator=g), w, b, *grads)


def random_cases(g: torch.Generator) -> list[Case]:
    return [_case("random batch of 16", g, 16), _case("random batch of 7, preset .grad", g, 7,
                                                      preset=True)]


def _fixed() -> list[Case]:
    g = torch.Generator().manual_seed(5)
    return [
        _case("batch of one", g, 1),
        _case("batch of five", g, 5),
        _case("gradients add to what .grad already holds", g, 4, preset=True),
        _case("extremes: huge weights saturate the sigmoid, gradients vanish", g, 3,
              scale=100.0),
    ]


def _no_backward(xb: T, yb: T, model: Model) -> None:
    mnist_loss(model(xb), yb)


def _returns_loss(xb: T, yb: T, model: Model) -> T:
    loss = mnist_loss(model(xb), yb)
    loss.backward()
    return loss


def _squeezed(xb: T, yb: T, model: Model) -> None:
    mnist_loss(model(xb).squeeze(), yb).backward()


def _no_grad(xb: T, yb: T, model: Model) -> None:
    with torch.no_grad():
        loss = mnist_loss(model(xb), yb)
    loss.backward()


DRILL = Drill(
    reference=reference,
    harness=harness,
    cases=_fixed(),
    random_cases=random_cases,
    rule=Rule(atol=1e-6, rtol=1e-4, dtype="exact"),
    mistakes=[
        Mistake(
            "no-backward",
            "You computed the loss but never called backward(), so no gradient reaches the "
            "parameters. Finish with loss.backward().",
            variant=_no_backward,
        ),
        Mistake(
            "returns-loss",
            "The gradients are right, but calc_grad should return None: its job is the side "
            "effect on .grad. Drop the return (log the loss elsewhere if you need it).",
            variant=_returns_loss,
        ),
        Mistake(
            "squeezed-predictions",
            "You squeezed the predictions to (B,) while the targets are (B, 1): inside the "
            "loss they broadcast into a (B, B) table, so the loss and its gradients are "
            "silently wrong. Pass model(xb) as it is.",
            variant=_squeezed,
        ),
        Mistake(
            "no-grad",
            "Under torch.no_grad() autograd records nothing, so the loss has no graph and "
            "backward() fails. Compute the loss normally; no_grad is for the update step.",
            variant=_no_grad,
        ),
    ],
)
