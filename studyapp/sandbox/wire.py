"""Values crossing the sandbox boundary as data that cannot run code when loaded.

The child encodes whatever the learner returned into tagged dicts of tensors,
numbers and strings, written with ``torch.save``; the server reads it back with
``torch.load(weights_only=True)`` and :func:`decode`. Anything else (functions,
generators, custom objects) becomes a :class:`Foreign` description, so an
unpicklable result is a verdict, not a crash. Autograd facts (``requires_grad``,
``grad_fn``, ``.grad``) travel alongside each tensor.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import torch

#: Largest total tensor payload (bytes) a result may have.
MAX_RESULT_BYTES = 32 * 1024 * 1024
MAX_ITEMS = 100_000
MAX_DEPTH = 32
_TAG = "~"


class ResultTooLarge(Exception):
    """The learner's result exceeds :data:`MAX_RESULT_BYTES` or nesting limits."""


@dataclass(frozen=True)
class Foreign:
    """A returned value that is not plain data; ``kind`` is ``ndarray`` or ``object``."""

    kind: str
    type_name: str
    text: str
    tensor: torch.Tensor | None = None


class _Budget:
    def __init__(self) -> None:
        self.bytes = 0
        self.items = 0

    def spend(self, nbytes: int) -> None:
        self.bytes += nbytes
        self.items += 1
        if self.bytes > MAX_RESULT_BYTES or self.items > MAX_ITEMS:
            raise ResultTooLarge(
                f"the result is too large to check (limit {MAX_RESULT_BYTES // 2**20} MB)"
            )


def encode(value: Any) -> Any:
    """Turn a learner's value into weights-only-loadable tagged data."""
    return _enc(value, _Budget(), 0)


def _enc(value: Any, budget: _Budget, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise ResultTooLarge("the result is nested too deeply to check")
    if isinstance(value, torch.Tensor):
        return _enc_tensor(value, budget, depth)
    if value is None or isinstance(value, bool | int | float):
        budget.spend(8)
        return value
    if isinstance(value, str):
        budget.spend(len(value))
        return value[:10_000]
    if isinstance(value, torch.Size):
        return {_TAG: "tuple", "items": [int(v) for v in value]}
    if type(value) in (tuple, list):
        budget.spend(8)
        kind = "tuple" if isinstance(value, tuple) else "list"
        return {_TAG: kind, "items": [_enc(v, budget, depth + 1) for v in value]}
    if type(value) is dict:
        budget.spend(8)
        items = [[_enc(k, budget, depth + 1), _enc(v, budget, depth + 1)] for k, v in value.items()]
        return {_TAG: "dict", "items": items}
    if isinstance(value, torch.dtype):
        return {_TAG: "object", "type": "torch.dtype", "text": str(value)}
    return _enc_other(value, budget)


def _enc_tensor(t: torch.Tensor, budget: _Budget, depth: int) -> dict[str, Any]:
    budget.spend(t.numel() * t.element_size())
    data = t.detach()
    if data.layout != torch.strided:
        data = data.to_dense()
    grad = t.grad if t.is_leaf else None
    return {
        _TAG: "tensor",
        "data": data.cpu().clone().contiguous(),
        "requires_grad": bool(t.requires_grad),
        "grad_fn": type(t.grad_fn).__name__ if t.grad_fn is not None else None,
        "grad": _enc(grad, budget, depth + 1) if grad is not None else None,
    }


def _enc_other(value: Any, budget: _Budget) -> dict[str, Any]:
    cls = type(value)
    type_name = f"{cls.__module__}.{cls.__qualname__}".removeprefix("builtins.")
    if cls.__module__ == "numpy" or type_name.startswith("numpy."):
        try:
            import numpy as np

            array = np.asarray(value)
            budget.spend(array.nbytes)
            tensor = torch.from_numpy(array.copy()) if array.dtype != object else None
        except Exception:
            tensor = None
        return {_TAG: "ndarray", "type": type_name, "data": tensor}
    try:
        text = object.__repr__(value)
    except Exception:
        text = type_name
    return {_TAG: "object", "type": type_name, "text": text[:200]}


def decode(data: Any) -> Any:
    """Rebuild values from :func:`encode` output (trusted or weights-only-loaded)."""
    if not isinstance(data, dict):
        return data
    tag = data.get(_TAG)
    if tag == "tensor":
        t = data["data"]
        if data["requires_grad"] and (t.is_floating_point() or t.is_complex()):
            t.requires_grad_(True)
        if data["grad"] is not None:
            t.grad = decode(data["grad"])
        t.sandbox_grad_fn = data["grad_fn"]
        return t
    if tag in ("tuple", "list"):
        items = [decode(v) for v in data["items"]]
        return tuple(items) if tag == "tuple" else items
    if tag == "dict":
        return {_hashable(decode(k)): decode(v) for k, v in data["items"]}
    if tag == "ndarray":
        return Foreign("ndarray", data["type"], "NumPy array", data["data"])
    if tag == "object":
        return Foreign("object", data["type"], data["text"])
    raise ValueError(f"unknown wire tag {tag!r}")


def _hashable(key: Any) -> Any:
    return key if isinstance(key, str | int | float | bool | None | tuple) else repr(key)


def grad_fn_name(t: torch.Tensor) -> str | None:
    """The ``grad_fn`` class name of a decoded or local tensor."""
    if t.grad_fn is not None:
        return type(t.grad_fn).__name__
    return getattr(t, "sandbox_grad_fn", None)


def dumps(value: Any) -> bytes:
    """``torch.save`` to bytes."""
    buffer = io.BytesIO()
    torch.save(value, buffer)
    return buffer.getvalue()


def loads(blob: bytes) -> Any:
    """``torch.load(weights_only=True)`` from bytes: never runs code."""
    return torch.load(io.BytesIO(blob), weights_only=True)


def roundtrip(value: Any) -> Any:
    """Encode then decode locally: gives server-side values the learner's shape."""
    return decode(encode(value))
