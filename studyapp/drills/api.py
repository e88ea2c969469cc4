"""Plain dataclasses describing a drill: cases, comparison rules, known mistakes.

How a check works (see :mod:`studyapp.drills.judge`): each case's inputs are
passed to ``harness(entry, *args)`` (default: ``entry(*args)``) once with the
learner's entry in the untrusted child and once with the reference (and each
known mistake) in the trusted server. The outputs are compared under ``rule``;
inputs must come back unchanged unless ``inputs_may_change``.

Side-effect drills (an optimiser step, ``backward``) use a ``harness`` that
calls the entry and then returns the state to check, e.g. a dict
``{"returned": r, "w after step": w, "w.grad": w.grad}``; dict keys name the
values in diagnoses. A harness must be a self-contained top-level function
(its source is shipped to the child, where only ``torch`` and ``F`` are
predefined), because the child never imports the drill file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

#: ``exact``: dtypes must match; ``float``: any floating dtype for a floating
#: expectation (and exact otherwise); ``any``: only values are compared.
DtypeRule = Literal["exact", "float", "any"]


@dataclass(frozen=True)
class Rule:
    """How a learner's output is compared with the reference output.

    Attributes:
        atol: absolute tolerance for floating values.
        rtol: relative tolerance for floating values.
        dtype: dtype strictness (see :data:`DtypeRule`).
        detached: ``True``: returned tensors must not be attached to the
            autograd graph; ``None``: not checked.
        scalar_tensor_ok: accept a 0-dim tensor where a Python number is
            expected and vice versa.
        sequence_type_ok: accept a list where a tuple is expected and vice versa.
    """

    atol: float = 1e-5
    rtol: float = 1e-4
    dtype: DtypeRule = "exact"
    detached: bool | None = None
    scalar_tensor_ok: bool = False
    sequence_type_ok: bool = True


@dataclass(frozen=True)
class Case:
    """One set of inputs; ``args`` are tensors, numbers, or lists/tuples of them."""

    name: str
    args: tuple[Any, ...]

    @classmethod
    def of(cls, name: str, *args: Any) -> Case:
        """``Case.of("batch of one", x)`` reads better than a tuple literal."""
        return cls(name, tuple(args))


@dataclass(frozen=True)
class Mistake:
    """A wrong variant learners commonly write, and what to tell them.

    Give ``variant`` (a function with the entry's signature, run through the
    harness: the learner matches when their outputs equal the variant's on every
    case) or ``detect`` (``detect(case, actual) -> bool`` on the learner's
    decoded output: matches when it holds on every case the learner failed).
    ``example`` is learner code showing the mistake (``torch`` and ``F`` are
    imported for it); ``studyapp content check`` runs it through the sandbox. A
    ``detect`` mistake has no variant to run, so it needs an example.
    """

    id: str
    explanation: str
    variant: Callable[..., Any] | None = None
    detect: Callable[[Case, Any], bool] | None = None
    example: str = ""

    def __post_init__(self) -> None:
        if (self.variant is None) == (self.detect is None):
            raise ValueError(f"mistake {self.id!r}: give exactly one of variant= or detect=")


@dataclass(frozen=True)
class Forbid:
    """A construct the solution must not use, found in the code's syntax tree.

    ``nodes`` are ``ast`` class names (``"For"``, ``"While"``, ``"ListComp"``);
    ``names`` are identifiers or attribute names (``"sigmoid"`` catches
    ``torch.sigmoid`` and ``F.sigmoid``).
    """

    message: str
    nodes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Drill:
    """Everything the server needs to check one drill.

    Attributes:
        reference: the model solution, with the entry's signature.
        cases: fixed cases, edge cases first.
        random_cases: builds seeded random cases from a ``torch.Generator``.
        seed: seed for ``random_cases`` (fixed, so verdicts are reproducible).
        rule: comparison rule for outputs.
        mistakes: known wrong variants, most specific first.
        harness: top-level function ``harness(entry, *args)`` returning what
            to compare (see module docstring); ``None`` compares ``entry(*args)``.
        check: property check replacing the reference comparison, for drills
            whose results are random by design: ``check(case, actual)`` returns
            a diagnosis string or ``None`` when the output is acceptable.
        inputs_may_change: ``False`` reports any in-place change to an input.
        forbid: constructs the code must not use.
    """

    reference: Callable[..., Any]
    cases: Sequence[Case]
    random_cases: Callable[[Any], Sequence[Case]] | None = None
    seed: int = 0
    rule: Rule = field(default_factory=Rule)
    mistakes: Sequence[Mistake] = ()
    harness: Callable[..., Any] | None = None
    check: Callable[[Case, Any], str | None] | None = None
    inputs_may_change: bool = False
    forbid: Sequence[Forbid] = ()
