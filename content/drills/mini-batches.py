"""Reference, cases and known mistakes for the ``mini-batches`` drill."""

from __future__ import annotations

import torch

from studyapp.drills import Case, Drill, Mistake, Rule
from studyapp.sandbox.wire import Foreign

T = torch.Tensor
Batches = list[tuple[T, T]]


def reference(x: T, y: T, bs: int) -> Batches:
    return [(x[i : i + bs], y[i : i + bs]) for i in range(0, len(x), bs)]


def _data(n: int, width: int = 784) -> tuple[T, T]:
    x = torch.arange(n * width, dtype=torch.float32).view(n, width) / (n * width)
    return x, (torch.arange(n) % 2)[:, None]


def random_cases(g: torch.Generator) -> list[Case]:
    return [
        Case.of("random 37 items, bs 8", torch.rand(37, 784, generator=g),
                torch.randint(0, 2, (37, 1), generator=g), 8),
        Case.of("random 10 images (10, 28, 28), bs 4", torch.rand(10, 28, 28, generator=g),
                torch.randint(0, 2, (10,), generator=g), 4),
    ]


def _generator(case: Case, out: object) -> bool:
    return isinstance(out, Foreign) and out.kind == "object" and (
        "generator" in out.type_name or "iterator" in out.type_name
        or out.type_name in ("zip", "map"))


DRILL = Drill(
    reference=reference,
    cases=[
        Case.of("10 items, bs 5: two full batches", *_data(10), 5),
        Case.of("10 items, bs 4: the last batch has 2", *_data(10), 4),
        Case.of("one item", *_data(1), 3),
        Case.of("bs larger than the dataset: one batch", *_data(6), 100),
        Case.of("bs 1: one batch per item", *_data(3, 5), 1),
    ],
    random_cases=random_cases,
    rule=Rule(atol=0.0, rtol=0.0, dtype="exact", sequence_type_ok=True),
    mistakes=[
        Mistake(
            "drops-last",
            "You dropped the last, smaller batch, so some items are never seen in an epoch. "
            "Keep it: range(0, len(x), bs) and slicing handle a short last batch.",
            variant=lambda x, y, bs: [(x[i : i + bs], y[i : i + bs])
                                      for i in range(0, len(x) - bs + 1, bs)],
        ),
        Mistake(
            "chunk-not-split",
            "torch.chunk(x, n) cuts x into n pieces, it does not make pieces of size n. For "
            "batches of bs items use x.split(bs) (or slice x[i:i + bs]).",
            variant=lambda x, y, bs: list(zip(x.chunk(bs), y.chunk(bs), strict=True)),
        ),
        Mistake(
            "overlapping",
            "Your batches start at every item (0, 1, 2, ...) instead of every bs items, so they "
            "overlap and there are N of them. Step by bs: range(0, len(x), bs).",
            variant=lambda x, y, bs: [(x[i : i + bs], y[i : i + bs]) for i in range(len(x))],
        ),
        Mistake(
            "generator",
            "You returned a generator (or zip/map iterator): it can be consumed only once and "
            "has no len(). Wrap it in list(...), or use a list comprehension.",
            detect=_generator,
            example=("def mini_batches(x, y, bs):\n"
                     "    return ((x[i:i + bs], y[i:i + bs]) for i in range(0, len(x), bs))\n"),
        ),
    ],
)
