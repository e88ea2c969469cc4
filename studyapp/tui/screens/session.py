"""Session bookkeeping shared by the review and summary screens (no widgets)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from studyapp.deck import Card, DrillMeta
from studyapp.srs.scheduler import CardState


@dataclass
class Shown:
    """The card on screen, the state it was shown in, and what the learner did with it."""

    item: Card | DrillMeta
    state: CardState | None
    preview: dict[int, datetime]
    now: datetime
    remaining: int
    started: float = field(default_factory=time.monotonic)
    suggested: int | None = None
    answer: str = ""
    hints_used: int = 0
    failed_checks: int = 0


@dataclass
class SessionTally:
    """What the learner did this session (for the summary)."""

    ratings: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    seconds: float = 0.0
    shown_any: bool = False
    card_ids: set[str] = field(default_factory=set)

    @property
    def reviewed(self) -> int:
        return sum(self.ratings.values())

