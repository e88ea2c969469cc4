"""Card and drill models: pure data, no I/O, no Textual, no torch."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The fixed topic list. Progress statistics group by these.
TOPICS: tuple[str, ...] = (
    "tensors",
    "broadcasting",
    "gradients",
    "sgd",
    "loss-metric",
    "data",
    "model",
    "python",
)

KIND_QUESTION = "question"
KIND_DRILL = "drill"


@dataclass(frozen=True)
class KeyPoint:
    """One fact a good answer must contain, and the patterns that count as stating it.

    ``phrasings`` are regular expressions (case-insensitive) matched against the
    learner's text; ``text`` is what the learner sees. ``contradictions`` (optional)
    are patterns for stating the point wrongly, such as the roles of two terms
    swapped; an answer that asserts one has the point marked contradicted.
    """

    text: str
    phrasings: tuple[str, ...]
    contradictions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Card:
    """A questionnaire card: the learner explains, then compares with ``answer``."""

    id: str
    topic: str
    prompt: str
    answer: str
    key_points: tuple[KeyPoint, ...]
    aliases: tuple[str, ...] = ()
    source: str = ""

    @property
    def kind(self) -> str:
        return KIND_QUESTION


@dataclass(frozen=True)
class DrillMeta:
    """What the UI process knows of a coding drill (no torch needed to read it).

    The reference solution, cases and known mistakes live in the drill's
    ``.py`` file, which only the sandbox server executes.
    """

    id: str
    title: str
    topic: str
    entry: str
    prompt: str
    starter: str
    hints: tuple[str, ...]
    module_path: str
    timeout_s: float = 5.0
    order: int = 1_000_000
    aliases: tuple[str, ...] = ()
    source: str = ""

    @property
    def kind(self) -> str:
        return KIND_DRILL


@dataclass(frozen=True)
class Deck:
    """All cards and drills, in deck order."""

    cards: tuple[Card, ...] = ()
    drills: tuple[DrillMeta, ...] = field(default_factory=tuple)

    @property
    def items(self) -> tuple[Card | DrillMeta, ...]:
        """Every schedulable item, questions first then drills."""
        return (*self.cards, *self.drills)

    @property
    def study_order(self) -> tuple[Card | DrillMeta, ...]:
        """The order new items are introduced: drills spread evenly among the questions.

        Both lists follow the chapter, so merging them by relative position keeps
        a drill close to the questions on the same stage of the pipeline; the
        first questions come before the first drill.
        """
        cards, drills = self.cards, self.drills
        keyed = [((i + 0.5) / len(cards), 0, item) for i, item in enumerate(cards)]
        keyed += [((i + 1) / (len(drills) + 1), 1, item) for i, item in enumerate(drills)]
        return tuple(item for _key, _kind, item in sorted(keyed, key=lambda k: (k[0], k[1])))

    def get(self, item_id: str) -> Card | DrillMeta | None:
        """The card or drill with this id (or alias), or ``None``."""
        for item in self.items:
            if item.id == item_id or item_id in item.aliases:
                return item
        return None

    @property
    def topics(self) -> tuple[str, ...]:
        """Topics used by at least one item, in the fixed order."""
        used = {item.topic for item in self.items}
        return tuple(t for t in TOPICS if t in used)
