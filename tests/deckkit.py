"""Test helpers: write a small real deck to disk and study it through the real service."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from studyapp.config import Settings
from studyapp.service import Rated, StudyService

TOPICS = ("tensors", "broadcasting", "gradients", "sgd", "loss-metric", "data", "model")


def card_toml(card_id: str, *, prompt: str | None = None, aliases: Iterable[str] = (),
              topic: str | None = None) -> str:
    """One ``[[card]]`` table with two key points."""
    topic = topic or TOPICS[sum(map(ord, card_id)) % len(TOPICS)]
    alias_line = f"aliases = [{', '.join(repr(a) for a in aliases)}]\n" if aliases else ""
    return (
        f'[[card]]\nid = "{card_id}"\ntopic = "{topic}"\n{alias_line}'
        f'prompt = "{prompt or "What is " + card_id + "?"}"\n'
        f'answer = "It is {card_id}, a thing with pixels and gradients."\n'
        '[[card.key_points]]\ntext = "pixels"\nphrasings = ["pixel"]\n'
        '[[card.key_points]]\ntext = "gradients"\nphrasings = ["gradient"]\n\n'
    )


def write_deck(folder: Path, ids: Iterable[str], *, aliases: dict[str, list[str]] | None = None,
               prompts: dict[str, str] | None = None) -> Path:
    """A content directory holding one ``cards.toml`` with these card ids."""
    folder.mkdir(parents=True, exist_ok=True)
    aliases, prompts = aliases or {}, prompts or {}
    text = "".join(card_toml(i, aliases=aliases.get(i, ()), prompt=prompts.get(i)) for i in ids)
    (folder / "cards.toml").write_text(text, encoding="utf-8")
    return folder


def deck_ids(count: int, prefix: str = "c") -> list[str]:
    return [f"{prefix}{n:02d}" for n in range(count)]


def open_service(db: Path | str, deck: Path, clock: Callable[[], datetime],
                 **options: object) -> StudyService:
    """The real service on a real SQLite file."""
    settings = Settings(db=str(db), content_dir=deck, clock=clock, start_sandbox=False)
    return StudyService.open(settings.with_(**options) if options else settings)


def rate_next(service: StudyService, rating: int, answer: str = "") -> Rated | None:
    """Rate whatever the queue shows next, as the review screen does."""
    card_id = service.queue().next_id
    if card_id is None:
        return None
    return service.rate(card_id, rating, shown=service.state(card_id), answer=answer)


def run_studyapp(*args: str, env: dict[str, str] | None = None,
                 timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a fresh interpreter."""
    return subprocess.run([sys.executable, "-m", "studyapp", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=timeout)


async def settle(app: Any, pilot: Any, rounds: int = 2) -> None:
    """Let workers finish and the screen catch up (``rounds`` times, for chained workers)."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
