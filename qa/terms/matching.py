"""Find phrases in a tokenised text on token boundaries, by lemma, with maximal exclusive matching.

A :class:`Pattern` is a phrase split into tokens, each with the keys (surface
and lemmas) it matches. :func:`find_all` returns every occurrence of every
pattern, overlapping ones included; :func:`exclusive` keeps the longest
occurrences first and drops any that overlaps one already kept (maximal
exclusive matching, as in the WMT terminology evaluations), so «Договор о СНВ»
wins over the «договор» nested in it, and every remaining occurrence has its
own span.

Consecutive words of a phrase may be separated in the text by spaces or a
hyphen only: «слоны, государства» is not the phrase «слоны государства».
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from qa.lang.morphology import _POS_FAMILY, WORD, Morphology, Token, case_shape
from qa.records import Span

#: what may stand between two words of one phrase in the text
JOINER = re.compile(r"[\s\u00a0\u2009\u202f\-\u2010\u2011]*")


@dataclass(frozen=True)
class Pattern:
    """A phrase to look for: per token, the keys it matches (and, if case-sensitive, its case shape)."""

    text: str
    keys: tuple[frozenset[str], ...]
    shapes: tuple[str, ...] | None = None
    pos: str | None = None

    @property
    def length(self) -> int:
        return len(self.keys)


def pattern(text: str, morphology: Morphology, case_sensitive: bool = False, pos: str | None = None) -> Pattern | None:
    """The pattern for a phrase written in citation form (None if it has no word)."""
    words = [m.group() for m in WORD.finditer(text)]
    if not words:
        return None
    keys = tuple(morphology.citation_keys(w) for w in words)
    shapes = tuple(case_shape(w) for w in words) if case_sensitive else None
    return Pattern(text=text, keys=keys, shapes=shapes, pos=pos if len(words) == 1 else None)


@dataclass(frozen=True)
class Match:
    """One occurrence of a pattern: what it stands for (``item``), its tokens and its character span."""

    item: Hashable
    pattern: Pattern
    first: int  # index of the first token
    last: int  # index one past the last token
    span: Span

    @property
    def length(self) -> int:
        return self.last - self.first

    def overlaps(self, other: Match) -> bool:
        return self.first < other.last and other.first < self.last


def _token_matches(token: Token, keys: frozenset[str], shape: str | None, pos: str | None) -> bool:
    if shape is not None and case_shape(token.text) != shape:
        return False
    if pos is not None:
        family = _POS_FAMILY.get(pos, {pos})
        return any(lemma in keys and tag in family for lemma, tag in token.analyses)
    return not token.keys.isdisjoint(keys)


def find_all(text: str, tokens: list[Token], patterns: Iterable[tuple[Hashable, Pattern]]) -> list[Match]:
    """Every occurrence of every pattern in the text (overlaps included), in text order."""
    by_first: dict[str, list[tuple[Hashable, Pattern]]] = {}
    for item, pat in patterns:
        for key in pat.keys[0]:
            by_first.setdefault(key, []).append((item, pat))
    matches: list[Match] = []
    for i, token in enumerate(tokens):
        tried: set[tuple[int, Hashable]] = set()
        for key in token.keys:
            for item, pat in by_first.get(key, ()):
                marker = (id(pat), item)
                if marker in tried:
                    continue
                tried.add(marker)
                if _matches_at(text, tokens, i, pat):
                    j = i + pat.length
                    matches.append(Match(item, pat, i, j, Span(token.start, tokens[j - 1].end)))
        if token.analyses:
            # a part-of-speech-restricted pattern may match through a low-score lemma not in token.keys
            for lemma, _ in token.analyses:
                if lemma in token.keys:
                    continue
                for item, pat in by_first.get(lemma, ()):
                    marker = (id(pat), item)
                    if pat.pos is None or marker in tried:
                        continue
                    tried.add(marker)
                    if _matches_at(text, tokens, i, pat):
                        matches.append(Match(item, pat, i, i + 1, Span(token.start, token.end)))
    matches.sort(key=lambda m: (m.first, -m.length))
    return matches


def _matches_at(text: str, tokens: list[Token], i: int, pat: Pattern) -> bool:
    if i + pat.length > len(tokens):
        return False
    for k in range(pat.length):
        token = tokens[i + k]
        shape = pat.shapes[k] if pat.shapes else None
        if not _token_matches(token, pat.keys[k], shape, pat.pos):
            return False
        if k and not JOINER.fullmatch(text, tokens[i + k - 1].end, token.start):
            return False
    return True


def exclusive(matches: Iterable[Match], prefer: dict[Hashable, int] | None = None) -> list[Match]:
    """Maximal exclusive matching: longest first (then earliest, then preferred items), no overlaps.

    prefer: item -> rank (lower wins) to break ties between patterns of equal length on the same span.
    """
    prefer = prefer or {}
    ranked = sorted(
        matches,
        key=lambda m: (-m.length, -(m.span.end - m.span.start), m.first, prefer.get(m.item, 0)),
    )
    kept: list[Match] = []
    for match in ranked:
        if not any(match.overlaps(k) for k in kept):
            kept.append(match)
    kept.sort(key=lambda m: m.first)
    return kept
