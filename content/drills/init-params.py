"""Reference, property check and known mistakes for the ``init-params`` drill.

The result is random by design, so ``check`` tests properties and the mistakes are
recognised by ``detect`` predicates on the learner's tensor.
"""

from __future__ import annotations

import math

import torch

from studyapp.drills import Case, Drill, Mistake, Rule
from studyapp.sandbox.wire import grad_fn_name

#: Sample statistics are checked from this many elements on.
STATS_FROM = 10_000


def reference(size: tuple[int, ...], std: float = 1.0) -> torch.Tensor:
    return (torch.randn(size) * std).requires_grad_()


def _std_of(case: Case) -> float:
    return float(case.args[1]) if len(case.args) > 1 else 1.0


def check(case: Case, t: object) -> str | None:
    """Shape, dtype, leaf, requires_grad; mean and std within ~6 standard errors."""
    size, std = tuple(case.args[0]), _std_of(case)
    if not isinstance(t, torch.Tensor):
        return f"result is {type(t).__name__}, but a tensor is expected"
    if tuple(t.shape) != size:
        return f"result has shape {tuple(t.shape)}, expected {size}"
    if t.dtype != torch.float32:
        return f"result has dtype {t.dtype}, expected torch.float32"
    if grad_fn_name(t) is not None:
        return (f"result is not a leaf (grad_fn={grad_fn_name(t)}): it was computed from a "
                "tensor that requires grad, so backward() would leave its .grad empty")
    if not t.requires_grad:
        return "result does not require grad: autograd would not compute its gradient"
    n = t.numel()
    if n >= STATS_FROM:
        values = t.detach().double()
        mean, sample_std = values.mean().item(), values.std().item()
        if abs(mean) > 6 * std / math.sqrt(n):
            return f"sample mean is {mean:.4g}; for a normal with mean 0 and std {std:g} " \
                   f"over {n} values it should be within {6 * std / math.sqrt(n):.2g} of 0"
        if abs(sample_std - std) > 0.05 * std:
            return f"sample std is {sample_std:.4g}, expected about {std:g} (within 5%)"
    return None


def _big(t: object) -> bool:
    return isinstance(t, torch.Tensor) and t.numel() >= STATS_FROM


def _example(body: str) -> str:
    return f"def init_params(size, std=1.0):\n    return {body}\n"


DRILL = Drill(
    reference=reference,
    check=check,
    cases=[
        Case.of("weights (784, 1), default std", (784, 1)),
        Case.of("bias (1,)", (1,), 1.0),
        Case.of("(200, 100) with std 0.01", (200, 100), 0.01),
        Case.of("(30000,) with std 3", (30000,), 3.0),
        Case.of("(100, 100) with std 1", (100, 100), 1.0),
    ],
    rule=Rule(),
    mistakes=[
        Mistake(
            "not-a-leaf",
            "torch.randn(size).requires_grad_() * std multiplies after switching on "
            "requires_grad, so autograd records the multiplication and you return its "
            "result, which is not a leaf: its .grad stays None after backward(). Scale "
            "first, then call requires_grad_(): (torch.randn(size) * std).requires_grad_().",
            detect=lambda case, t: isinstance(t, torch.Tensor) and grad_fn_name(t) is not None,
            example=_example("torch.randn(size).requires_grad_() * std"),
        ),
        Mistake(
            "no-requires-grad",
            "The numbers are fine, but the tensor does not require grad, so autograd will "
            "never compute a gradient for it and training cannot change it. End with "
            ".requires_grad_().",
            detect=lambda case, t: isinstance(t, torch.Tensor) and not t.requires_grad,
            example=_example("torch.randn(size) * std"),
        ),
        Mistake(
            "uniform",
            "torch.rand draws uniformly from [0, 1): every value is positive and the mean is "
            "0.5, not 0. Use torch.randn for a normal distribution.",
            detect=lambda case, t: _big(t) and bool((t.detach() >= 0).all()),
            example=_example("(torch.rand(size) * std).requires_grad_()"),
        ),
        Mistake(
            "std-ignored",
            "Your values have std 1 whatever std is asked for. Multiply the standard normal "
            "draws by std.",
            detect=lambda case, t: _big(t) and abs(t.detach().double().std().item() - 1) < 0.05,
            example=_example("torch.randn(size).requires_grad_()"),
        ),
    ],
)
