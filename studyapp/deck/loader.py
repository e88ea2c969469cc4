"""Read the deck from plain-text files and validate it.

Layout of a content directory::

    content/*.toml           questionnaire cards: [[card]] tables
    content/drills/*.toml    drill metadata (the sibling .py holds the code)

Every problem names its file and field, e.g.
``content/questionnaire.toml: card[3] (ch4-q03).key_points: needs 2 to 5 key points``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studyapp.deck.models import TOPICS, Card, Deck, DrillMeta, KeyPoint
from studyapp.errors import StudyappError

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MIN_KEY_POINTS, MAX_KEY_POINTS = 2, 5


@dataclass(frozen=True)
class Problem:
    """One validation failure, located by file and field."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class DeckError(StudyappError):
    """The deck has problems; ``problems`` lists each with file and field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_deck(content_dir: Path) -> Deck:
    """Load and validate every card and drill under ``content_dir``.

    Raises:
        DeckError: listing every problem found (not only the first).
    """
    problems: list[Problem] = []
    if not content_dir.is_dir():
        raise DeckError([Problem(str(content_dir), "-", "content directory not found")])
    cards: list[Card] = []
    for path in sorted(content_dir.glob("*.toml")):
        data = _read_toml(path, problems)
        if data is not None:
            cards.extend(_parse_cards(path, data, problems))
    drills: list[DrillMeta] = []
    drill_dir = content_dir / "drills"
    if drill_dir.is_dir():
        for path in sorted(drill_dir.glob("*.toml")):
            data = _read_toml(path, problems)
            if data is not None:
                drill = _parse_drill(path, data, problems)
                if drill is not None:
                    drills.append(drill)
    drills.sort(key=lambda d: (d.order, d.id))
    _check_unique_ids([*cards, *drills], problems)
    if not problems and not cards and not drills:
        problems.append(Problem(str(content_dir), "-", "no cards or drills found (expected "
                                "*.toml files with [[card]] tables, or drills/<id>.toml)"))
    if problems:
        raise DeckError(problems)
    return Deck(cards=tuple(cards), drills=tuple(drills))


def _read_toml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(str(path), "-", f"TOML syntax error: {exc}"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), "-", f"cannot read file: {exc}"))
    return None


class _Fields:
    """Typed access to one TOML table that records problems instead of raising."""

    def __init__(self, file: Path, where: str, table: Any, problems: list[Problem]) -> None:
        self.file, self.where, self.problems = str(file), where, problems
        self.table = table if isinstance(table, dict) else {}
        if not isinstance(table, dict):
            self.fail("-", "must be a table")

    def fail(self, name: str, message: str) -> None:
        field = self.where if name == "-" else f"{self.where}.{name}"
        self.problems.append(Problem(self.file, field, message))

    def text(self, name: str, *, required: bool = True, default: str = "") -> str:
        value = self.table.get(name)
        if value is None:
            if required:
                self.fail(name, "missing")
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(name, "must be a non-empty string")
            return default
        return value.strip()

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(name, "must be a list of strings")
            return ()
        return tuple(value)

    def number(self, name: str, default: float) -> float:
        value = self.table.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            self.fail(name, "must be a positive number")
            return default
        return float(value)


def _check_id(fields: _Fields) -> str:
    item_id = fields.text("id")
    if item_id and not ID_PATTERN.match(item_id):
        fields.fail("id", f"{item_id!r} must be lowercase letters, digits and dashes")
    return item_id


def _check_topic(fields: _Fields) -> str:
    topic = fields.text("topic")
    if topic and topic not in TOPICS:
        fields.fail("topic", f"unknown topic {topic!r}; use one of {', '.join(TOPICS)}")
    return topic


def _parse_cards(path: Path, data: dict[str, Any], problems: list[Problem]) -> list[Card]:
    raw_cards = data.get("card", [])
    if not isinstance(raw_cards, list):
        problems.append(Problem(str(path), "card", "must be an array of tables ([[card]])"))
        return []
    cards = []
    for index, raw in enumerate(raw_cards):
        label = raw.get("id", "?") if isinstance(raw, dict) else "?"
        fields = _Fields(path, f"card[{index}] ({label})", raw, problems)
        card = Card(
            id=_check_id(fields),
            topic=_check_topic(fields),
            prompt=fields.text("prompt"),
            answer=fields.text("answer"),
            key_points=_parse_key_points(path, fields, problems),
            aliases=fields.texts("aliases"),
            source=str(path),
        )
        cards.append(card)
    return cards


def _parse_key_points(path: Path, card: _Fields, problems: list[Problem]) -> tuple[KeyPoint, ...]:
    raw_points = card.table.get("key_points")
    if not isinstance(raw_points, list) or not (
        MIN_KEY_POINTS <= len(raw_points) <= MAX_KEY_POINTS
    ):
        card.fail("key_points", f"needs {MIN_KEY_POINTS} to {MAX_KEY_POINTS} key points")
        return ()
    points = []
    for index, raw in enumerate(raw_points):
        fields = _Fields(path, f"{card.where}.key_points[{index}]", raw, problems)
        phrasings = fields.texts("phrasings")
        if not phrasings:
            fields.fail("phrasings", "needs at least one phrasing")
        contradictions = fields.texts("contradictions")
        for name, patterns in (("phrasings", phrasings), ("contradictions", contradictions)):
            for number, pattern in enumerate(patterns):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    fields.fail(
                        f"{name}[{number}]", f"pattern {pattern!r} does not compile: {exc}"
                    )
        points.append(
            KeyPoint(
                text=fields.text("text"), phrasings=phrasings, contradictions=contradictions
            )
        )
    return tuple(points)


def _parse_drill(path: Path, data: dict[str, Any], problems: list[Problem]) -> DrillMeta | None:
    fields = _Fields(path, "drill", data.get("drill", data), problems)
    module = path.with_suffix(".py")
    if not module.is_file():
        fields.fail("-", f"missing code file {module.name} beside it")
    return DrillMeta(
        id=_check_id(fields),
        title=fields.text("title"),
        topic=_check_topic(fields),
        entry=fields.text("entry"),
        prompt=fields.text("prompt"),
        starter=fields.text("starter", required=False),
        hints=fields.texts("hints"),
        module_path=str(module),
        timeout_s=fields.number("timeout_s", 5.0),
        order=int(fields.number("order", 1_000_000)),
        aliases=fields.texts("aliases"),
        source=str(path),
    )


def _check_unique_ids(items: list[Card | DrillMeta], problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for item in items:
        for name in (item.id, *item.aliases):
            if not name:
                continue
            if name in seen:
                problems.append(
                    Problem(item.source, f"id {name!r}", f"duplicate id (also in {seen[name]})")
                )
            else:
                seen[name] = item.source
