"""One warm sandbox server for the whole session, and a canary for "nothing changed"."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyapp.deck.loader import load_deck
from studyapp.deck.models import Deck, DrillMeta
from studyapp.sandbox.client import SandboxClient

REPO = Path(__file__).resolve().parents[2]


class Canary:
    """A fake learner data dir outside /tmp (holding a 'database'), plus other watched dirs."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="studyapp-canary-", dir="/var/tmp"))
        self.db = self.dir / "studyapp.sqlite"
        self.db.write_bytes(b"SQLite format 3\x00 learner history")
        self.watched = [self.dir, Path("/var/tmp")]
        #: Paths a hostile snippet tries to create outside its temp dir.
        self.targets = [REPO / "SANDBOX_ESCAPE", Path("/var/tmp/SANDBOX_ESCAPE")]

    def snapshot(self) -> str:
        """Hash of the watched dirs (names, sizes, mtimes), the DB bytes and the targets."""
        digest = hashlib.sha256(self.db.read_bytes())
        digest.update(repr([t.exists() for t in self.targets]).encode())
        for folder in self.watched:
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                stat = entry.stat(follow_symlinks=False)
                if entry.name.startswith((".pytest_cache", ".ruff_cache", "__pycache__")):
                    continue
                digest.update(f"{folder}/{entry.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        return digest.hexdigest()


@pytest.fixture(scope="session")
def canary() -> Iterator[Canary]:
    made = Canary()
    yield made
    shutil.rmtree(made.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def sandbox(canary: Canary) -> Iterator[SandboxClient]:
    """The real server, hiding the canary dir as it would hide the learner's data dir."""
    client = SandboxClient(hide=[str(canary.dir)])
    client.start()
    assert client.wait_ready(), "sandbox server did not start"
    yield client
    client.close()


@pytest.fixture(scope="session")
def deck() -> Deck:
    return load_deck(REPO / "content")


@pytest.fixture(scope="session")
def relu(deck: Deck) -> DrillMeta:
    drill = deck.get("relu")
    assert isinstance(drill, DrillMeta)
    return drill
