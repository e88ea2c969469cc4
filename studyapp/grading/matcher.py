"""Decide, for one key point, whether a learner's text states it — and say why.

A key point counts as stated when one of its phrasings (a case-insensitive regex)
matches the normalised answer *and* that match is not negated. Negation is judged
in a small scope: the three words before the match, stopping at a clause break
(punctuation or a word such as "but"/"and"), plus the matched words themselves
when the phrasing does not spell out a negation of its own, plus a denial right
after the match in the same clause ("autograd *does not exist*"). So "does not copy
memory" matches a phrasing written as ``(not|no|without)...cop(y|ies)``, while a
plain ``cop(y|ies)`` phrasing is refused for it.

A key point may also list ``contradictions``: patterns for stating the point
wrongly, typically with two roles swapped ("the *rank* is the size of each axis").
Good contradiction patterns bind a subject to the wrong property in one clause.
When one matches, un-negated, the point is contradicted: it is not covered even if
a phrasing also matches, and the reason quotes the wrong statement. Contradictions
are checked with the same negation scope, so "the rank is *not* the size of each
axis" contradicts nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from studyapp.deck.models import Card
from studyapp.grading.normalize import Normalised, SpellFixer, basic_normalise, words

NEGATORS = frozenset(
    {"not", "no", "never", "none", "nothing", "neither", "nor", "without", "nobody"}
)
#: Two-word negators: the first word, followed by the second, negates what follows.
NEGATOR_PAIRS = frozenset({("instead", "of"), ("rather", "than")})
SINGLE_NEGATORS = frozenset({"unlike"})
CLAUSE_WORDS = frozenset(
    {
        "but", "however", "whereas", "while", "although", "though", "yet", "and",
        "so", "because", "since", "which", "then", "thus", "therefore", "otherwise",
    }
)  # fmt: skip
SCOPE_WORDS = 3
_CLAUSE_BREAK = re.compile(r"[.;:!?,()\n\[\]]|\s-+\s")
_NEGATION_IN_PATTERN = re.compile(
    r"\b(not|no|never|none|nothing|without|instead|rather|unlike|nor|neither)\b"
)
_WORD_SPAN = re.compile(r"[a-z]+")
#: Tokens for negation scope: identifiers such as ``no_grad`` stay one token.
_NEG_TOKEN = re.compile(r"[a-z][a-z0-9_]*")
#: A verbatim run this many words long that also appears in the prompt is ignored.
ECHO_WORDS = 5
#: How far past a match (within its clause) a trailing denial is looked for.
DENIAL_REACH = 40
#: A denial of what was just named: "autograd *does not exist*", "*is a myth*".
_DENIAL_AFTER = re.compile(
    r"^(?:\s+[a-z_]+){0,3}?\s+(?:"
    r"(?:does|do|did|is|are|was|were|can|will)\s+(?:not|never)\s+(?:really\s+)?"
    r"(?:exist\w*|real|true|a thing|happen\w*|used|needed|required|necessary|involved)"
    r"|(?:is|are|was|were)\s+(?:a myth|false|fake|made up|imaginary|non-?existent)"
    r")\b"
)


@dataclass(frozen=True)
class PointMatch:
    """How one key point fared against one answer.

    Attributes:
        covered: the point was stated (a phrasing matched and was not negated).
        start: start of the deciding match in the learner's original text, or -1.
        end: end of that match in the original text, or -1.
        matched: the learner's words behind that match ("" when nothing matched).
        reason: one short sentence a learner can read.
        contradicted: stated wrongly (a contradiction pattern matched) or found only
            in a negated form.
    """

    covered: bool
    start: int
    end: int
    matched: str
    reason: str
    contradicted: bool = False


#: Compiled patterns, each with whether it spells out a negation of its own.
Patterns = tuple[tuple[re.Pattern[str], bool], ...]


@dataclass(frozen=True)
class _Compiled:
    """A card's phrasings compiled once, with the typo index for its vocabulary."""

    points: tuple[tuple[Patterns, Patterns], ...]
    fixer: SpellFixer
    prompt_ngrams: frozenset[tuple[str, ...]]


def _pattern_stems(pattern: str) -> list[str]:
    """Literal stems written before ``\\w*`` in a regex (``accumulat\\w*`` -> ``accumulat``)."""
    marked = re.sub(r"\\w[*+]", "\x00", pattern)
    stripped = re.sub(r"\\[a-zA-Z]", " ", marked).lower()
    return re.findall(r"([a-z]{5,})\x00", stripped)


def _pattern_words(pattern: str) -> list[str]:
    """Literal words written in a regex (escapes removed), to seed the typo index."""
    stripped = re.sub(r"\\[a-zA-Z]", " ", pattern)
    return [w for w in words(stripped) if len(w) >= 4]


@lru_cache(maxsize=256)
def compile_card(card: Card) -> _Compiled:
    """Compile a card's phrasings and vocabulary (cached per card)."""
    points = []
    vocab: set[str] = set(words(card.answer))
    stems: set[str] = set()
    for point in card.key_points:
        vocab.update(words(point.text))
        for phrasing in (*point.phrasings, *point.contradictions):
            vocab.update(_pattern_words(phrasing))
            stems.update(_pattern_stems(phrasing))
        points.append((_compile(point.phrasings), _compile(point.contradictions)))
    prompt_words = words(basic_normalise(card.prompt).text)
    ngrams = frozenset(
        tuple(prompt_words[i : i + ECHO_WORDS])
        for i in range(len(prompt_words) - ECHO_WORDS + 1)
    )
    fixer = SpellFixer(vocab, known=words(card.prompt), stems=stems)
    return _Compiled(points=tuple(points), fixer=fixer, prompt_ngrams=ngrams)


def _compile(patterns: tuple[str, ...]) -> Patterns:
    return tuple(
        (re.compile(p, re.IGNORECASE), bool(_NEGATION_IN_PATTERN.search(p.lower())))
        for p in patterns
    )


def prepare(card: Card, text: str, *, mask_prompt: bool = True) -> Normalised:
    """Normalise ``text`` for ``card``: typography, contractions, typos, prompt echo."""
    compiled = compile_card(card)
    norm = compiled.fixer.apply(basic_normalise(text))
    if mask_prompt and compiled.prompt_ngrams:
        norm = _mask_echo(norm, compiled.prompt_ngrams)
    return norm


def _mask_echo(norm: Normalised, ngrams: frozenset[tuple[str, ...]]) -> Normalised:
    """Blank out runs of the learner's words that copy the prompt verbatim."""
    spans = [(m.start(), m.end(), m.group()) for m in _WORD_SPAN.finditer(norm.text)]
    tokens = [s[2] for s in spans]
    masked = [False] * len(tokens)
    for i in range(len(tokens) - ECHO_WORDS + 1):
        if tuple(tokens[i : i + ECHO_WORDS]) in ngrams:
            for k in range(i, i + ECHO_WORDS):
                masked[k] = True
    if not any(masked):
        return norm
    chars = list(norm.text)
    for (start, end, _), hide in zip(spans, masked, strict=True):
        if hide:
            chars[start:end] = " " * (end - start)
    return Normalised("".join(chars), norm.origin, norm.original)


def _negations_before(text: str, start: int) -> tuple[int, str]:
    """Count negators in the scope just before ``start``; return the count and the words."""
    window = text[max(0, start - 60) : start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    scope: list[str] = []
    for token in reversed(_NEG_TOKEN.findall(window)):
        if token in CLAUSE_WORDS or len(scope) > SCOPE_WORDS:
            break
        scope.insert(0, token)
    # One extra word of look-back, so that "instead of" / "rather than" still count
    # when only their second word is inside the scope.
    found: list[str] = []
    for i, token in enumerate(scope):
        nxt = scope[i + 1] if i + 1 < len(scope) else ""
        in_scope = i >= len(scope) - SCOPE_WORDS
        if (token, nxt) in NEGATOR_PAIRS and i + 1 >= len(scope) - SCOPE_WORDS:
            found.append(f"{token} {nxt}")
        elif in_scope and (token in NEGATORS or token in SINGLE_NEGATORS):
            if token == "not" and nxt in {"only", "just", "merely"}:
                continue
            found.append(token)
    return len(found), ", ".join(f"'{w}'" for w in found)


def _negations_inside(matched: str) -> tuple[int, str]:
    found = [w for w in _NEG_TOKEN.findall(matched) if w in NEGATORS]
    return len(found), ", ".join(f"'{w}'" for w in found)


def _denial_after(text: str, end: int) -> str:
    """A denial of the matched words later in their clause ("... does not exist"), or ""."""
    tail = text[end : end + DENIAL_REACH]
    cut = _CLAUSE_BREAK.search(tail)
    if cut:
        tail = tail[: cut.start()]
    m = _DENIAL_AFTER.match(tail)
    if not m or any(w in CLAUSE_WORDS for w in _NEG_TOKEN.findall(m.group())):
        return ""
    return " ".join(m.group().split()[-3:])


def _asserted(
    pattern: re.Pattern[str], has_negation: bool, text: str
) -> tuple[re.Match[str] | None, tuple[int, int, str] | None]:
    """The first un-negated match of ``pattern``, and the first negated one (with its negators).

    A match is negated when an odd number of negators govern it: in the scope before
    it, inside it (unless the pattern spells out its own negation), or a denial after it.
    """
    negated: tuple[int, int, str] | None = None
    for m in pattern.finditer(text):
        if not m.group().strip():
            continue
        count, which = _negations_before(text, m.start())
        if not has_negation:
            inside, inside_words = _negations_inside(m.group())
            count += inside
            which = ", ".join(w for w in (which, inside_words) if w)
        denial = _denial_after(text, m.end())
        if denial:
            count += 1
            which = ", ".join(w for w in (which, f"'{denial}'") if w)
        if count % 2 == 0:
            return m, negated
        if negated is None:
            negated = (m.start(), m.end(), which)
    return None, negated


def match_point(
    patterns: Patterns, norm: Normalised, contradictions: Patterns = ()
) -> PointMatch:
    """Judge one key point (its compiled phrasings and contradictions) against an answer.

    An asserted contradiction decides first: the point is then contradicted and not
    covered, whatever else the answer says. Otherwise the first un-negated phrasing
    covers it; a phrasing found only negated marks it contradicted.
    """
    for pattern, has_negation in contradictions:
        m, _ = _asserted(pattern, has_negation, norm.text)
        if m is not None:
            excerpt = norm.excerpt(m.start(), m.end())
            a, b = norm.source_span(m.start(), m.end())
            reason = f"contradicted: '{_short(excerpt)}' states it wrongly"
            return PointMatch(False, a, b, excerpt, reason, contradicted=True)
    negated: tuple[int, int, str] | None = None
    for pattern, has_negation in patterns:
        m, refused = _asserted(pattern, has_negation, norm.text)
        if m is not None:
            excerpt = norm.excerpt(m.start(), m.end())
            a, b = norm.source_span(m.start(), m.end())
            return PointMatch(True, a, b, excerpt, f"matched '{_short(excerpt)}'")
        if negated is None:
            negated = refused
    if negated is not None:
        start, end, which = negated
        excerpt = norm.excerpt(start, end)
        a, b = norm.source_span(start, end)
        reason = f"found '{_short(excerpt)}' but negated by {which}"
        return PointMatch(False, a, b, excerpt, reason, contradicted=True)
    return PointMatch(False, -1, -1, "", "no phrasing of this point found")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
