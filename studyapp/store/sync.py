"""Synchronise the card table with the deck by stable id, never deleting history.

Rules (Anki's note-id discipline, with author-declared aliases for renames):

* an id in the deck but not the database arrives as a new card;
* an id in both keeps its state and history whatever its wording now says;
* an id gone from the deck is *retired* (hidden from queues, history kept) and
  comes back with its history if the deck restores it;
* a deck item listing an old id in ``aliases`` takes that id's history: the
  card row is renamed and ``ON UPDATE CASCADE`` carries every profile's card
  state, reviews and attempts.

The deck is shared: whether an alias has history counts every profile's.

The deck as synchronised is written to ``deck_seen`` so ``content check`` can
say which ids disappeared since the database last saw the deck.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from studyapp.store.schema import (
    AttemptRecord,
    CardRecord,
    CardStateRecord,
    DeckSeenRecord,
    ReviewRecord,
)


@dataclass(frozen=True)
class DeckEntry:
    """What the store records of a deck item.

    ``aliases`` are ids this item was known by before (its history moves to
    ``id``); ``digest`` fingerprints the wording, to report edits.
    """

    id: str
    kind: str
    topic: str
    position: int
    aliases: tuple[str, ...] = ()
    digest: str = ""


@dataclass(frozen=True)
class SyncReport:
    """What changed when the deck was synchronised."""

    added: tuple[str, ...]
    retired: tuple[str, ...]
    restored: tuple[str, ...]
    renamed: tuple[tuple[str, str], ...] = ()
    edited: tuple[str, ...] = ()
    conflicts: tuple[tuple[str, str], ...] = ()

    def messages(self) -> list[str]:
        """One human line per noteworthy change (empty when nothing happened)."""
        lines = [f"{old} is now {new} (history kept)" for old, new in self.renamed]
        lines += [f"{card} left the deck: hidden, history kept" for card in self.retired]
        lines += [f"{card} is back in the deck with its history" for card in self.restored]
        lines += [
            f"{new} lists alias {old}, but both have history; {old} stays retired"
            for old, new in self.conflicts
        ]
        if self.edited:
            lines.append(f"{len(self.edited)} card(s) reworded; schedules kept")
        if self.added:
            lines.append(f"{len(self.added)} new card(s)")
        return lines


def _history_count(session: Session, card_id: str) -> int:
    reviews = session.scalar(select(func.count()).where(ReviewRecord.card_id == card_id))
    attempts = session.scalar(select(func.count()).where(AttemptRecord.card_id == card_id))
    return int(reviews or 0) + int(attempts or 0)


def _apply_aliases(
    session: Session, entries: Sequence[DeckEntry]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Rename alias rows to their new ids; returns (renamed, conflicts)."""
    present = set(session.scalars(select(CardRecord.id)))
    deck_ids = {e.id for e in entries}
    renamed: list[tuple[str, str]] = []
    conflicts: list[tuple[str, str]] = []
    for entry in entries:
        for alias in entry.aliases:
            if alias not in present or alias in deck_ids:
                continue
            if entry.id in present:
                if _history_count(session, alias) == 0:
                    continue  # nothing to carry over; the alias row just retires
                if _history_count(session, entry.id) > 0:
                    conflicts.append((alias, entry.id))
                    continue
                session.execute(delete(CardStateRecord)
                                .where(CardStateRecord.card_id == entry.id))
                session.execute(delete(CardRecord).where(CardRecord.id == entry.id))
            session.execute(
                update(CardRecord)
                .where(CardRecord.id == alias)
                .values(id=entry.id)
                .execution_options(synchronize_session=False)
            )
            present.discard(alias)
            present.add(entry.id)
            renamed.append((alias, entry.id))
            break
    return renamed, conflicts


def sync_cards(session: Session, entries: Sequence[DeckEntry], now: datetime) -> SyncReport:
    """Apply the deck to the card table inside the caller's transaction."""
    renamed, conflicts = _apply_aliases(session, entries)
    wanted = {e.id for e in entries}
    added, retired, restored = [], [], []
    existing = {r.id: r for r in session.scalars(select(CardRecord))}
    for entry in entries:
        record = existing.get(entry.id)
        if record is None:
            session.add(
                CardRecord(
                    id=entry.id,
                    kind=entry.kind,
                    topic=entry.topic,
                    position=entry.position,
                    retired=False,
                )
            )
            added.append(entry.id)
            continue
        if record.retired:
            restored.append(entry.id)
            record.retired = False
        record.kind, record.topic, record.position = entry.kind, entry.topic, entry.position
    for card_id, record in existing.items():
        if card_id not in wanted and not record.retired:
            record.retired = True
            retired.append(card_id)
    edited = _remember_deck(session, entries, now)
    return SyncReport(
        tuple(added), tuple(retired), tuple(restored), tuple(renamed), edited, tuple(conflicts)
    )


def _remember_deck(
    session: Session, entries: Sequence[DeckEntry], now: datetime
) -> tuple[str, ...]:
    """Replace ``deck_seen`` with this deck; return ids whose wording digest changed."""
    before = dict(session.execute(select(DeckSeenRecord.id, DeckSeenRecord.digest)).all())
    edited = tuple(
        e.id for e in entries if e.digest and before.get(e.id) not in (None, "", e.digest)
    )
    session.execute(delete(DeckSeenRecord))
    rows = {}
    for entry in entries:
        for name in (*entry.aliases, entry.id):
            rows[name] = DeckSeenRecord(id=name, card_id=entry.id, digest=entry.digest,
                                        seen_at=now)
    session.add_all(rows.values())
    return edited
