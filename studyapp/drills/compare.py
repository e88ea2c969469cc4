"""Compare a learner's output with the expected one and say precisely what differs.

Every function returns ``None`` when the values agree under the rule, else one
sentence a learner can act on. Runs in the trusted server only (needs torch).
"""

from __future__ import annotations

from typing import Any

import torch

from studyapp.drills.api import Rule
from studyapp.sandbox.wire import Foreign, grad_fn_name


def describe_type(value: Any) -> str:
    """A short learner-facing name for a value's kind."""
    if isinstance(value, Foreign):
        return "a NumPy array" if value.kind == "ndarray" else f"a {value.type_name} object"
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    if value is None:
        return "None"
    return {
        bool: "a bool",
        int: "a Python int",
        float: "a Python float",
        list: "a list",
        tuple: "a tuple",
        dict: "a dict",
        str: "a string",
    }.get(type(value), type(value).__name__)


def compare(expected: Any, actual: Any, rule: Rule, path: str = "result") -> str | None:
    """Diagnose ``actual`` against ``expected``; ``path`` names the value in messages."""
    if isinstance(expected, torch.Tensor):
        return _compare_tensor_slot(expected, actual, rule, path)
    if expected is None:
        if actual is None:
            return None
        return f"{path} should be None, got {describe_type(actual)}"
    if isinstance(expected, bool | int | float):
        return _compare_number(expected, actual, rule, path)
    if isinstance(expected, tuple | list):
        return _compare_sequence(expected, actual, rule, path)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{path} should be a dict, got {describe_type(actual)}"
        for key, value in expected.items():
            if key not in actual:
                return f"{path} is missing {key!r}"
            problem = compare(value, actual[key], rule, str(key))
            if problem:
                return problem
        return None
    if isinstance(expected, str):
        return None if expected == actual else f"{path} should be {expected!r}, got {actual!r}"
    raise TypeError(f"cannot compare expected value of type {type(expected).__name__}")


def _compare_tensor_slot(expected: torch.Tensor, actual: Any, rule: Rule, path: str) -> str | None:
    if isinstance(actual, torch.Tensor):
        return compare_tensors(expected, actual, rule, path)
    if isinstance(actual, Foreign) and actual.kind == "ndarray":
        return (
            f"{path} is a NumPy array, but a torch tensor is expected: stay in torch "
            "(no .numpy()), or convert with torch.from_numpy"
        )
    if actual is None:
        return f"{path} is None: did you forget to return it?"
    if isinstance(actual, bool | int | float):
        if rule.scalar_tensor_ok and expected.dim() == 0:
            return _compare_number(expected.item(), actual, rule, path)
        return (
            f"{path} is {describe_type(actual)}, but a 0-dim tensor is expected "
            "(do not call .item() or float())"
        )
    if isinstance(actual, list | tuple):
        return (
            f"{path} is {describe_type(actual)} of {len(actual)} items, but a tensor of shape "
            f"{tuple(expected.shape)} is expected (torch.stack or torch.tensor builds one)"
        )
    return f"{path} is {describe_type(actual)}, but a tensor is expected"


def _compare_number(expected: float, actual: Any, rule: Rule, path: str) -> str | None:
    if isinstance(actual, torch.Tensor):
        if not (rule.scalar_tensor_ok and actual.dim() == 0):
            return (
                f"{path} is {describe_type(actual)}, but a Python number is expected (use .item())"
            )
        actual = actual.item()
    if not isinstance(actual, bool | int | float):
        return f"{path} is {describe_type(actual)}, but a number is expected"
    if isinstance(expected, bool) or isinstance(actual, bool):
        ok = bool(expected) == bool(actual) and type(expected) is type(actual)
    else:
        ok = abs(actual - expected) <= rule.atol + rule.rtol * abs(expected)
    return None if ok else f"{path} is {actual!r}, expected {expected!r}"


def _compare_sequence(expected: tuple | list, actual: Any, rule: Rule, path: str) -> str | None:
    if not isinstance(actual, tuple | list) or (
        not rule.sequence_type_ok and type(actual) is not type(expected)
    ):
        return (
            f"{path} should be {describe_type(expected)} of {len(expected)} items, "
            f"got {describe_type(actual)}"
        )
    if len(actual) != len(expected):
        return f"{path} has {len(actual)} items, expected {len(expected)}"
    for index, (exp, act) in enumerate(zip(expected, actual, strict=True)):
        problem = compare(exp, act, rule, f"{path}[{index}]")
        if problem:
            return problem
    return None


def compare_tensors(
    expected: torch.Tensor, actual: torch.Tensor, rule: Rule, path: str = "result"
) -> str | None:
    """Shape, dtype, graph attachment, non-finite values, then values."""
    problem = shape_problem(tuple(expected.shape), tuple(actual.shape), path)
    if problem:
        return problem
    problem = _dtype_problem(expected.dtype, actual.dtype, rule, path)
    if problem:
        return problem
    if rule.detached and (grad_fn_name(actual) or actual.requires_grad):
        attached = grad_fn_name(actual) or "requires_grad=True"
        return (
            f"{path} is still attached to the autograd graph ({attached}); "
            "return it detached (.detach(), or compute it under torch.no_grad())"
        )
    return values_problem(expected, actual, rule, path)


def shape_problem(expected: tuple[int, ...], actual: tuple[int, ...], path: str) -> str | None:
    """Explain a shape mismatch, including when the two would broadcast silently."""
    if expected == actual:
        return None
    message = f"{path} has shape {actual}, expected {expected}"
    combined = broadcast_shape(expected, actual)
    if combined is not None and combined != expected:
        message += (
            f"; careful: combined with a {expected} tensor it would silently broadcast "
            f"to {combined} instead of raising an error"
        )
    elif [d for d in expected if d != 1] == [d for d in actual if d != 1]:
        message += " (same values, but an axis of size 1 is missing or extra: check keepdim, "
        message += "squeeze/unsqueeze or view)"
    return message


def broadcast_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | None:
    """The shape ``a`` and ``b`` broadcast to, or ``None`` (no torch call: its error path
    imports hundreds of modules on first use)."""
    out = []
    for x, y in zip(
        reversed((1,) * (len(b) - len(a)) + a), reversed((1,) * (len(a) - len(b)) + b), strict=True
    ):
        if x != y and 1 not in (x, y):
            return None
        out.append(y if x == 1 else x)
    return tuple(reversed(out))


def _dtype_problem(expected: torch.dtype, actual: torch.dtype, rule: Rule, path: str) -> str | None:
    if rule.dtype == "any" or expected == actual:
        return None
    if rule.dtype == "float" and expected.is_floating_point and actual.is_floating_point:
        return None
    hint = ""
    if expected.is_floating_point and not actual.is_floating_point:
        hint = " (integer or bool results: convert with .float() before averaging or dividing)"
    elif actual == torch.float64 and expected == torch.float32:
        hint = " (float64 usually comes from NumPy or Python floats: keep float32)"
    return f"{path} has dtype {actual}, expected {expected}{hint}"


def values_problem(
    expected: torch.Tensor, actual: torch.Tensor, rule: Rule, path: str = "result"
) -> str | None:
    """Compare same-shape tensors' values; report NaN/inf, error sizes and first index."""
    exp, act = expected.detach(), actual.detach()
    if exp.numel() == 0:
        return None
    floating = exp.is_floating_point() or act.is_floating_point()
    if floating:
        exp64, act64 = exp.double(), act.double()
        for bad, name in ((torch.isnan, "NaN"), (torch.isinf, "inf")):
            wrong = bad(act64) & ~bad(exp64)
            if wrong.any():
                index = _first_index(wrong)
                return (
                    f"{path} contains {name} at index {index} where {exp64[index].item():.6g} "
                    "is expected (an overflow, e.g. exp of a large number, or 0/0?)"
                )
        close = torch.isclose(act64, exp64, rtol=rule.rtol, atol=rule.atol, equal_nan=True)
    else:
        close = act == exp
    if bool(close.all()):
        return None
    index = _first_index(~close)
    bad_count = int((~close).sum())
    message = (
        f"{path}: {bad_count} of {exp.numel()} values differ; first at index {index}: "
        f"got {_fmt(act[index])}, expected {_fmt(exp[index])}"
    )
    if floating:
        finite = torch.isfinite(exp64) & torch.isfinite(act64)
        err = (act64 - exp64).abs().where(finite, torch.zeros_like(exp64))
        message += f"; max abs error {err.max().item():.3g}"
        # A relative error is only meaningful where the expected value is not ~0.
        meaningful = finite & (exp64.abs() > max(rule.atol, 1e-12))
        if bool(meaningful.any()):
            rel = (err / exp64.abs()).where(meaningful, torch.zeros_like(exp64))
            message += f", max rel error {rel.max().item():.3g}"
        message += f" (tolerance atol={rule.atol:g}, rtol={rule.rtol:g})"
    return message


def _first_index(mask: torch.Tensor) -> tuple[int, ...]:
    return tuple(int(i) for i in mask.nonzero()[0]) if mask.dim() else ()


def _fmt(value: torch.Tensor) -> str:
    item = value.item()
    return f"{item:.6g}" if isinstance(item, float) else repr(item)


def inputs_changed(before: Any, after: Any, path: str) -> str | None:
    """Say which input was modified in place (exact comparison, NaN-aware)."""
    if isinstance(before, torch.Tensor):
        if not isinstance(after, torch.Tensor) or after.shape != before.shape:
            return f"input {path} was replaced or resized in place"
        b, a = before.detach(), after.detach()
        same = torch.equal(b, a) or (
            b.is_floating_point() and bool(((b == a) | (b.isnan() & a.isnan())).all())
        )
        return (
            None
            if same
            else (
                f"input {path} was modified in place (an in-place op such as "
                "+=, clamp_ or x[...] = ...); work on a copy or build a new tensor"
            )
        )
    if isinstance(before, tuple | list) and isinstance(after, tuple | list):
        if len(before) != len(after):
            return f"input {path} (a list) changed length"
        for index, (b, a) in enumerate(zip(before, after, strict=True)):
            problem = inputs_changed(b, a, f"{path}[{index}]")
            if problem:
                return problem
    return None
