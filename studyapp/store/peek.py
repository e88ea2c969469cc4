"""Read what a database last saw of the deck, without changing the database.

``studyapp content check`` uses this to warn an author, before the learner's
next start, that an id they removed or renamed will retire a card with
history. Nothing is created, migrated or written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.exc import DatabaseError, OperationalError

from studyapp.errors import StorageError
from studyapp.store.engine import make_engine
from studyapp.store.schema import CardRecord, DeckSeenRecord, ReviewRecord


@dataclass(frozen=True)
class SeenDeck:
    """The deck as last synchronised: id (or alias) → card id and wording digest."""

    cards: dict[str, str]
    digests: dict[str, str]
    reviews: dict[str, int]


def _exists(target: str) -> bool:
    if "://" not in target:
        return Path(target).expanduser().is_file()
    if target.startswith("sqlite"):
        database = target.split("///", 1)[-1]
        return bool(database) and Path(database).is_file()
    return True


def last_seen_deck(target: str) -> SeenDeck | None:
    """What the database at ``target`` last saw, or ``None`` if there is no database yet.

    Raises:
        StorageError: the database exists but cannot be read.
    """
    if not _exists(target):
        return None
    engine = make_engine(target)
    try:
        return _read(engine)
    except (DatabaseError, OperationalError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StorageError(f"cannot read database {engine.url.database}: {reason}") from None
    finally:
        engine.dispose()


def _read(engine: Engine) -> SeenDeck | None:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if "cards" not in tables:
            return None
        if "deck_seen" in tables and conn.execute(text("SELECT 1 FROM deck_seen")).first():
            rows = conn.execute(select(DeckSeenRecord.id, DeckSeenRecord.card_id,
                                       DeckSeenRecord.digest)).all()
        else:  # a database from before 0002, or never synchronised since
            rows = [(i, i, "") for i in conn.scalars(
                select(CardRecord.id).where(CardRecord.retired.is_(False)))]
        counts = dict(conn.execute(
            select(ReviewRecord.card_id, func.count()).group_by(ReviewRecord.card_id)).all())
    return SeenDeck(
        cards={i: c for i, c, _d in rows},
        digests={i: d for i, _c, d in rows},
        reviews={c: int(n) for c, n in counts.items()},
    )
