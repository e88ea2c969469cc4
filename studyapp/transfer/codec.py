"""The export file formats: JSON (one document) and CSV (one row per record).

Both carry the same content (card ids, every review with its UTC instant and
rating, drill attempts, settings) and both read back to the same
:class:`History`, so export → import → export is byte-identical. Times are
written as UTC ``...Z`` with microseconds; reading accepts any ISO 8601
instant with an offset. Every problem in a file names the file and the place.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

from studyapp.store.history import History, HistoryAttempt, HistoryCard, HistoryReview
from studyapp.transfer.validate import Reader

FORMAT_NAME = "studyapp-history"
FORMAT_VERSION = 1
CSV_COLUMNS = (
    "record", "card_id", "kind", "topic", "retired", "at", "rating", "suggested_rating",
    "utc_offset_min", "duration_ms", "answer", "code", "passed", "status", "verdict",
    "hints_used", "elapsed_ms", "key", "value",
)


def utc_text(instant: datetime) -> str:
    """``2026-12-03T15:00:00.000000Z``: fixed width, sorts as text, always UTC."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- writing ------------------------------------------------------------------


def _card(card: HistoryCard) -> dict[str, Any]:
    return {"id": card.id, "kind": card.kind, "topic": card.topic, "retired": card.retired}


def _review(review: HistoryReview) -> dict[str, Any]:
    return {
        "card_id": review.card_id,
        "reviewed_at": utc_text(review.reviewed_at),
        "rating": review.rating,
        "suggested_rating": review.suggested_rating,
        "utc_offset_min": review.utc_offset_min,
        "duration_ms": review.duration_ms,
        "answer": review.answer,
    }


def _attempt(attempt: HistoryAttempt) -> dict[str, Any]:
    return {
        "card_id": attempt.card_id,
        "submitted_at": utc_text(attempt.submitted_at),
        "code": attempt.code,
        "passed": attempt.passed,
        "status": attempt.status,
        "verdict": json.loads(attempt.verdict),
        "hints_used": attempt.hints_used,
        "elapsed_ms": attempt.elapsed_ms,
    }


def to_json(history: History) -> str:
    """The history as one indented JSON document."""
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "settings": dict(sorted(history.settings.items())),
        "cards": [_card(c) for c in history.cards],
        "reviews": [_review(r) for r in history.reviews],
        "attempts": [_attempt(a) for a in history.attempts],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(history: History) -> str:
    """The history as CSV: a ``format`` row, then card, review, attempt and setting rows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows: list[dict[str, Any]] = [
        {"record": "format", "key": FORMAT_NAME, "value": FORMAT_VERSION}
    ]
    rows += [{"record": "card", **{("card_id" if k == "id" else k): v for k, v in
                                   _card(c).items()}} for c in history.cards]
    for review in history.reviews:
        row = _review(review)
        row["at"] = row.pop("reviewed_at")
        rows.append({"record": "review", **row})
    for attempt in history.attempts:
        row = _attempt(attempt)
        row["at"] = row.pop("submitted_at")
        row["verdict"] = json.dumps(row["verdict"], sort_keys=True)
        rows.append({"record": "attempt", **row})
    rows += [{"record": "setting", "key": k, "value": json.dumps(v)}
             for k, v in sorted(history.settings.items())]
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


# --- reading --------------------------------------------------------------------


def from_json(text: str, source: str) -> History:
    """Parse and validate a JSON export.

    Raises:
        ImportFileError: naming ``source`` and the first bad field.
    """
    reader = Reader(source)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise reader.error(f"line {exc.lineno}", f"not valid JSON ({exc.msg})") from None
    top = reader.table(document, "-")
    reader.check_format(top.get("format"), top.get("version"), FORMAT_NAME, FORMAT_VERSION)
    cards = [reader.card(reader.table(c, f"cards[{i}]"), f"cards[{i}]")
             for i, c in enumerate(reader.array(top, "cards"))]
    reviews = [reader.review(reader.table(r, f"reviews[{i}]"), f"reviews[{i}]", "reviewed_at")
               for i, r in enumerate(reader.array(top, "reviews"))]
    attempts = [reader.attempt(reader.table(a, f"attempts[{i}]"), f"attempts[{i}]",
                               "submitted_at", verdict_is_text=False)
                for i, a in enumerate(reader.array(top, "attempts", required=False))]
    settings = reader.settings(reader.table(top.get("settings", {}), "settings"), "settings")
    return reader.history(cards, reviews, attempts, settings)


def from_csv(text: str, source: str) -> History:
    """Parse and validate a CSV export.

    Raises:
        ImportFileError: naming ``source``, the line and the bad column.
    """
    reader = Reader(source)
    rows = csv.DictReader(io.StringIO(text))
    if rows.fieldnames is None or "record" not in rows.fieldnames:
        raise reader.error("line 1", "not a studyapp CSV export (no 'record' column)")
    cards, reviews, attempts, settings_raw = [], [], [], {}
    seen_format = False
    for row in rows:
        where = f"line {rows.line_num}"
        data = {k: v for k, v in row.items() if k is not None and v not in (None, "")}
        kind = data.pop("record", "")
        if kind == "format":
            reader.check_format(data.get("key"), data.get("value"), FORMAT_NAME, FORMAT_VERSION)
            seen_format = True
        elif kind == "card":
            data["id"] = data.pop("card_id", None)
            cards.append(reader.card(data, where, text_cells=True))
        elif kind == "review":
            reviews.append(reader.review(data, where, "at", text_cells=True))
        elif kind == "attempt":
            attempts.append(reader.attempt(data, where, "at", verdict_is_text=True,
                                           text_cells=True))
        elif kind == "setting":
            settings_raw[reader.text(data, "key", where)] = reader.json_cell(data, "value", where)
        else:
            raise reader.error(where, f"record: unknown record type {kind!r}")
    if not seen_format:
        raise reader.error("line 2", f"missing the 'format' row ({FORMAT_NAME})")
    return reader.history(cards, reviews, attempts, reader.settings(settings_raw, "settings"))


def decode(text: str, source: str) -> History:
    """Read either format (JSON starts with ``{``)."""
    return from_json(text, source) if text.lstrip().startswith("{") else from_csv(text, source)
