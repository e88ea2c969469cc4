"""Export and import against real files and an open collection.

An export is written to a temporary file beside the target and renamed, so a
crash or a full disk never leaves half a file under the real name. An import
is read and validated completely, then merged in one transaction.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.srs.scheduler import CardState, review
from studyapp.store.history import History, MergeReport, Reviewer
from studyapp.store.repository import Store
from studyapp.transfer.codec import decode, to_csv, to_json
from studyapp.transfer.validate import ImportFileError

if TYPE_CHECKING:
    from studyapp.service import StudyService

FORMATS = ("json", "csv")


def export_text(store: Store, fmt: str) -> str:
    """The store's whole history in ``fmt`` (``json`` or ``csv``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    history = store.history()
    return to_json(history) if fmt == "json" else to_csv(history)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and rename (fsync'd)."""
    path = path.expanduser()
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_import(path: Path) -> str:
    """The import file's text.

    Raises:
        ImportFileError: missing, unreadable or not UTF-8 text.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file (nothing imported)") from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not a UTF-8 text export (nothing imported)") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read: {exc.strerror} (nothing imported)") \
            from None


def import_file(
    service: StudyService, path: Path, history: History | None = None
) -> MergeReport:
    """Merge the export at ``path`` into the service's database.

    Reviews are replayed through the scheduler configured as the merged
    settings say, so each card's state is rebuilt, not copied.

    Raises:
        ImportFileError: the file is malformed; nothing was written.
    """
    from studyapp.service import deck_sync_entries, scheduler_for

    if history is None:
        history = decode(read_import(path), str(path))
    merged = {**history.settings, **service.store.get_settings()}
    scheduler = scheduler_for(merged, service.settings.desired_retention)

    def reviewer(state: CardState | None, rating: int, at: datetime) -> CardState:
        return review(scheduler, state, rating, at)

    typed: Reviewer = reviewer
    report = service.store.merge_history(history, typed)
    # Imported ids the deck now calls by another name (aliases) take their history.
    service.sync_report = service.store.sync_deck(deck_sync_entries(service.deck),
                                                  now=service.now())
    service.reload_settings()  # apply settings the import added
    return report
