"""Normalise a learner's text before key-point matching, keeping a map back to the original.

Learners type fast: curly quotes, "doesn't" or "doesnt", "gradeint". Phrasings are
written once against one canonical form (lowercase, straight quotes, "not" spelled
out, deck spelling), and every normalised character remembers which character of
the original it came from, so feedback can quote the learner's own words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

#: Characters rewritten before anything else (typography and symbols learners paste).
_CHAR_MAP: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "`": " ",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00d7": "x",
    "\u2192": "->",
}

_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bcan'?t\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (
        re.compile(
            r"\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)nt\b"
        ),
        r"\1 not",
    ),
)

#: Words never "corrected": common English that sits one typo away from deck words.
_COMMON_TEXT = """
    about above after again against along already although always among another answer
    anything around because become becomes before behind being below better between
    bigger biggest both bring built called cannot change check class close comes could
    course every exact exactly example except faster field final first given gives going
    great group happen happens having hence however instead large larger later latter
    least leave left less light little longer lower makes match maybe means might model
    models moves never often other others otherwise output place point points pretty
    quite rather really right round same second seems sense shall short should shows
    simple since small smaller something sometimes start state still such taken takes
    than their there these thing things think those though three through times today
    together total under until using usually value values very wants where whether which
    while white whole whose words world would write wrong years your start word works
    worse worst reach reads ready round based bases basic cases cause cover covers
"""
COMMON_WORDS: frozenset[str] = frozenset(_COMMON_TEXT.split())

_TOKEN = re.compile(r"(?<![\w.])[a-z]{5,}(?![\w(])")
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Normalised:
    """Canonical text plus, for each of its characters, the index it came from.

    Attributes:
        text: the normalised text that phrasings are matched against.
        origin: ``origin[i]`` is the index in the original text of ``text[i]``.
        original: the learner's text, untouched.
    """

    text: str
    origin: tuple[int, ...]
    original: str

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` back onto :attr:`original`."""
        if not self.origin:
            return (0, 0)
        if end <= start:
            at = self.origin[min(start, len(self.origin) - 1)]
            return (at, at)
        a, b = self.origin[start], self.origin[end - 1] + 1
        # Snap to whole words of the original, so "doesn't" is quoted whole.
        while a > 0 and _is_word_char(self.original[a - 1]) and _is_word_char(self.original[a]):
            a -= 1
        while (
            b < len(self.original)
            and _is_word_char(self.original[b])
            and _is_word_char(self.original[b - 1])
        ):
            b += 1
        return (a, b)

    def excerpt(self, start: int, end: int) -> str:
        """The learner's own words behind a span of :attr:`text`."""
        a, b = self.source_span(start, end)
        return " ".join(self.original[a:b].split())

    def edited(self, edits: Iterable[tuple[int, int, str]]) -> Normalised:
        """Apply non-overlapping ``(start, end, replacement)`` edits, keeping the map."""
        parts: list[str] = []
        origin: list[int] = []
        pos = 0
        for start, end, new in sorted(edits):
            if start < pos:
                continue
            parts.append(self.text[pos:start])
            origin.extend(self.origin[pos:start])
            width = max(end - start, 1)
            base = self.origin[start] if start < len(self.origin) else len(self.original)
            last = self.origin[end - 1] if end > start else base
            for k in range(len(new)):
                inside = k < width - 1 and k < len(new) - 1
                origin.append(self.origin[start + k] if inside else last)
            parts.append(new)
            pos = end
        parts.append(self.text[pos:])
        origin.extend(self.origin[pos:])
        return Normalised("".join(parts), tuple(origin), self.original)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_'\u2019"


def basic_normalise(text: str) -> Normalised:
    """Lowercase, fold typography, and spell out negated contractions."""
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        piece = _CHAR_MAP.get(ch)
        if piece is None:
            piece = unicodedata.normalize("NFKC", ch).lower() if ord(ch) > 127 else ch.lower()
        chars.append(piece)
        origin.extend([index] * len(piece))
    norm = Normalised("".join(chars), tuple(origin), text)
    for pattern, repl in _CONTRACTIONS:
        edits = [(m.start(), m.end(), m.expand(repl)) for m in pattern.finditer(norm.text)]
        if edits:
            norm = norm.edited(edits)
    return norm


def words(text: str) -> list[str]:
    """The lowercase alphabetic words of ``text``."""
    return _WORD.findall(text.lower())


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, giving up early once past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class SpellFixer:
    """Maps a misspelt word onto the closest word of a card's vocabulary.

    A symmetric-delete index (every word and each of its one-letter deletions)
    finds candidates with a few set look-ups, so fixing a whole answer costs well
    under a millisecond. Words of fewer than five letters, known words and code
    (``x.grad``, ``view(``) are left alone.
    """

    def __init__(
        self, vocabulary: Iterable[str], known: Iterable[str] = (), stems: Iterable[str] = ()
    ) -> None:
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= 4)
        self.stems = frozenset(s for s in stems if len(s) >= 5)
        self.known = frozenset(known) | self.vocabulary | COMMON_WORDS
        self._index = self._build(self.vocabulary)
        self._stem_index = self._build(self.stems)

    @staticmethod
    def _build(words_: Iterable[str]) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for word in words_:
            for key in (word, *_deletes(word)):
                index.setdefault(key, set()).add(word)
        return index

    def correct(self, word: str) -> str | None:
        """The vocabulary word ``word`` is a typo of, or ``None``.

        Whole words are tried first; then a misspelt stem with an ending
        ("streches" for the phrasing stem ``stretch``) keeps its ending.
        """
        if word in self.known:
            return None
        fixed = self._closest(word, self._index)
        if fixed is not None or not self._stem_index:
            return fixed
        if any(word[:cut] in self.stems for cut in range(5, len(word) + 1)):
            return None
        for cut in range(len(word) - 1, 4, -1):
            stem = self._closest(word[:cut], self._stem_index, limit=1)
            if stem is not None:
                return stem + word[cut:]
        return None

    @staticmethod
    def _closest(
        word: str, index: dict[str, set[str]], limit: int | None = None
    ) -> str | None:
        candidates: set[str] = set()
        for key in (word, *_deletes(word)):
            candidates |= index.get(key, set())
        if limit is None:
            limit = 1 if len(word) < 8 else 2
        best: tuple[int, int, str] | None = None
        for cand in candidates:
            dist = _osa_distance(word, cand, limit)
            if dist <= limit:
                rank = (dist, 0 if cand[0] == word[0] else 1, cand)
                if best is None or rank < best:
                    best = rank
        return best[2] if best else None

    def apply(self, norm: Normalised) -> Normalised:
        """Correct every eligible token of ``norm``."""
        edits = []
        for match in _TOKEN.finditer(norm.text):
            fixed = self.correct(match.group())
            if fixed is not None:
                edits.append((match.start(), match.end(), fixed))
        return norm.edited(edits) if edits else norm
