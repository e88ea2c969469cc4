"""Validation of an import file, field by field, before anything is written.

A file from elsewhere is untrusted: each value is type- and range-checked and
the first problem becomes one line naming the file and the place
(``export.json: reviews[3].rating: must be 1-4``).
"""

from __future__ import annotations

import contextlib
import json
import math
from datetime import UTC, datetime
from typing import Any

from studyapp.errors import StudyappError
from studyapp.srs.scheduler import RATINGS
from studyapp.store.history import History, HistoryAttempt, HistoryCard, HistoryReview

MAX_ID = 64


class ImportFileError(StudyappError):
    """The import file is malformed; nothing was written."""


class Reader:
    """Typed access to untrusted values, raising :class:`ImportFileError` at the first fault."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, where: str, message: str) -> ImportFileError:
        """An error naming the file and the place; nothing has been written yet."""
        return ImportFileError(f"{self.source}: {where}: {message} (nothing imported)")

    def table(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(where, "must be an object")
        return value

    def array(self, top: dict[str, Any], name: str, *, required: bool = True) -> list[Any]:
        value = top.get(name, None if required else [])
        if not isinstance(value, list):
            raise self.error(name, "missing" if value is None else "must be an array")
        return value

    def check_format(self, name: Any, version: Any, expected: str, supported: int) -> None:
        if name != expected:
            raise self.error("format", f"not a studyapp export (expected {expected!r})")
        try:
            number = int(version)
        except (TypeError, ValueError):
            raise self.error("version", f"must be a number, got {version!r}") from None
        if number > supported:
            raise self.error("version", f"format {number} is from a newer studyapp; upgrade it")

    # --- scalar fields -----------------------------------------------------------

    def text(self, data: dict[str, Any], name: str, where: str, *, required: bool = True,
             limit: int | None = None) -> str:
        value = data.get(name)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value):
            raise self.error(f"{where}.{name}", "must be a non-empty string")
        if limit is not None and len(value) > limit:
            raise self.error(f"{where}.{name}", f"longer than {limit} characters")
        return value

    def integer(self, data: dict[str, Any], name: str, where: str, *, cells: bool,
                low: int | None = None, high: int | None = None,
                optional: bool = False) -> int | None:
        value = data.get(name)
        if value is None and optional:
            return None
        if cells and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(f"{where}.{name}", f"must be a whole number, got {value!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.error(f"{where}.{name}", f"must be {low}-{high}, got {value}")
        return value

    def number(self, data: dict[str, Any], name: str, where: str, *, cells: bool) -> float | None:
        value = data.get(name)
        if value is None:
            return None
        if cells and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = float(value)
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value):
            raise self.error(f"{where}.{name}", f"must be a number, got {value!r}")
        return float(value)

    def flag(self, data: dict[str, Any], name: str, where: str, *, cells: bool) -> bool:
        value = data.get(name, False)
        if cells and isinstance(value, str) and value in ("true", "false"):
            value = value == "true"
        if not isinstance(value, bool):
            raise self.error(f"{where}.{name}", f"must be true or false, got {value!r}")
        return value

    def instant(self, data: dict[str, Any], name: str, where: str) -> datetime:
        value = data.get(name)
        try:
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        if not isinstance(value, str) or parsed is None:
            raise self.error(f"{where}.{name}", f"must be an ISO 8601 time, got {value!r}")
        if parsed.tzinfo is None:
            raise self.error(f"{where}.{name}", f"{value!r} needs a UTC offset (e.g. Z)")
        return parsed.astimezone(UTC)

    def json_cell(self, data: dict[str, Any], name: str, where: str) -> Any:
        try:
            return json.loads(data.get(name, ""))
        except (TypeError, json.JSONDecodeError):
            raise self.error(f"{where}.{name}", "must be JSON") from None

    # --- records --------------------------------------------------------------------

    def card(self, data: dict[str, Any], where: str, *, text_cells: bool = False) -> HistoryCard:
        return HistoryCard(
            id=self.text(data, "id", where, limit=MAX_ID),
            kind=self.text(data, "kind", where, limit=16),
            topic=self.text(data, "topic", where, limit=32),
            retired=self.flag(data, "retired", where, cells=text_cells),
        )

    def review(self, data: dict[str, Any], where: str, at: str, *,
               text_cells: bool = False) -> HistoryReview:
        low, high = min(RATINGS), max(RATINGS)
        rating = self.integer(data, "rating", where, cells=text_cells, low=low, high=high)
        assert rating is not None
        return HistoryReview(
            card_id=self.text(data, "card_id", where, limit=MAX_ID),
            reviewed_at=self.instant(data, at, where),
            rating=rating,
            suggested_rating=self.integer(data, "suggested_rating", where, cells=text_cells,
                                          low=low, high=high, optional=True),
            utc_offset_min=self.integer(data, "utc_offset_min", where, cells=text_cells,
                                        low=-18 * 60, high=18 * 60) or 0,
            duration_ms=self.integer(data, "duration_ms", where, cells=text_cells, low=0,
                                     optional=True),
            answer=self.text(data, "answer", where, required=False),
        )

    def attempt(self, data: dict[str, Any], where: str, at: str, *, verdict_is_text: bool,
                text_cells: bool = False) -> HistoryAttempt:
        verdict = self.json_cell(data, "verdict", where) if verdict_is_text \
            else data.get("verdict")
        if not isinstance(verdict, dict):
            raise self.error(f"{where}.verdict", "must be an object")
        return HistoryAttempt(
            card_id=self.text(data, "card_id", where, limit=MAX_ID),
            submitted_at=self.instant(data, at, where),
            code=self.text(data, "code", where, required=False),
            passed=self.flag(data, "passed", where, cells=text_cells),
            status=self.text(data, "status", where, limit=32),
            verdict=json.dumps(verdict, sort_keys=True, default=str),
            hints_used=self.integer(data, "hints_used", where, cells=text_cells, low=0) or 0,
            elapsed_ms=self.number(data, "elapsed_ms", where, cells=text_cells),
        )

    def settings(self, raw: dict[str, Any], where: str) -> dict[str, Any]:
        """Known settings are range-checked; unknown keys pass through untouched."""
        checks = {
            "desired_retention": lambda v: isinstance(v, float | int) and 0.5 <= v < 1,
            "new_per_day": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
            "rollover_hour": lambda v: isinstance(v, int) and not isinstance(v, bool)
            and 0 <= v <= 23,
            "fsrs_parameters": lambda v: v is None or (
                isinstance(v, list) and all(isinstance(x, float | int) for x in v)),
            "timezone": lambda v: v is None or _is_zone(v),
        }
        for key, value in raw.items():
            check = checks.get(key)
            if check is not None and not check(value):
                raise self.error(f"{where}.{key}", f"unusable value {value!r}")
        return dict(raw)

    def history(self, cards: list[HistoryCard], reviews: list[HistoryReview],
                attempts: list[HistoryAttempt], settings: dict[str, Any]) -> History:
        """Cross-checks: unique card ids; every review and attempt names a listed card."""
        ids: set[str] = set()
        for card in cards:
            if card.id in ids:
                raise self.error("cards", f"card {card.id!r} listed twice")
            ids.add(card.id)
        for label, items in (("reviews", reviews), ("attempts", attempts)):
            for index, item in enumerate(items):
                if item.card_id not in ids:
                    raise self.error(f"{label}[{index}].card_id",
                                     f"{item.card_id!r} is not in the file's cards")
        return History(tuple(cards), tuple(reviews), tuple(attempts), settings)


def _is_zone(value: Any) -> bool:
    from studyapp.clock import zone_named

    if not isinstance(value, str):
        return False
    try:
        zone_named(value)
    except StudyappError:
        return False
    return True
