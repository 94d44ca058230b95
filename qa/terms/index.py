"""Glossary terms found in segments: where each source term occurs, and how the target renders it.

:class:`TermIndex` is built once per run (``CheckContext.term_index``) from the glossary
and the two languages' morphology. It answers, for one text:

- :meth:`TermIndex.source_matches`: every glossary term occurring in a
  source text; ``exclusive=True`` applies maximal exclusive matching (nested
  terms give way to the longer term), ``False`` keeps nested ones too;
- :meth:`TermIndex.rendering_matches`: occurrences in a target text of one
  term's approved and forbidden renderings (and of extra candidate
  renderings, such as dictionary equivalents), exclusive among themselves,
  approved ones winning ties.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from qa.lang.morphology import WORD, Morphology, Token, fold
from qa.terms.entries import Glossary, Term
from qa.terms.matching import Match, Pattern, exclusive, find_all, pattern

APPROVED = "approved"
FORBIDDEN = "forbidden"
CANDIDATE = "candidate"


@dataclass(frozen=True)
class Rendering:
    """A target phrase standing for a term: which term, which list it comes from, its text."""

    term: int
    list: str  # APPROVED, FORBIDDEN or CANDIDATE
    text: str


class TermIndex:
    """Patterns for every term of a glossary, on both sides; results cached per text."""

    def __init__(self, glossary: Glossary, source: Morphology, target: Morphology, store: Path | None = None) -> None:
        """store: a folder where the built patterns are kept between runs (None: built every time),
        one file per glossary, pair of morphologies, mtqa code and library versions."""
        self.terms: list[Term] = list(glossary)
        self.source_morphology = source
        self.target_morphology = target
        self._source_patterns: list[tuple[int, Pattern]] = []
        self._renderings: list[list[tuple[Rendering, Pattern]]] = []
        path = store / f"{_key(glossary, source, target)}.json" if store is not None and self.terms else None
        if path is None or not self._read(path):
            self._build(source, target)
            if path is not None:
                self._write(path)
        self._tokens: dict[tuple[str, str], list[Token]] = {}
        self._source_cache: dict[str, list[Match]] = {}
        self._extra_patterns: dict[tuple[str, ...], list[tuple[Rendering, Pattern]]] = {}

    def _build(self, source: Morphology, target: Morphology) -> None:
        for i, term in enumerate(self.terms):
            p = pattern(term.source, source, term.case_sensitive, term.pos)
            if p is not None:
                self._source_patterns.append((i, p))
            items = []
            for name, renderings in ((APPROVED, term.approved), (FORBIDDEN, term.forbidden)):
                for text in renderings:
                    rp = pattern(text, target, term.case_sensitive)
                    if rp is not None:
                        items.append((Rendering(i, name, text), rp))
            self._renderings.append(items)

    def _read(self, path: Path) -> bool:
        """The patterns from ``path``; False when it is missing or unreadable (then rebuilt)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            source = [(i, _pattern(p)) for i, p in data["source"]]
            renderings = [[(Rendering(*r), _pattern(p)) for r, p in items] for items in data["renderings"]]
        except (OSError, ValueError, KeyError, TypeError):
            return False
        if len(renderings) != len(self.terms):
            return False
        self._source_patterns, self._renderings = source, renderings
        return True

    def _write(self, path: Path) -> None:
        data = {
            "source": [[i, _plain(p)] for i, p in self._source_patterns],
            "renderings": [[[[r.term, r.list, r.text], _plain(p)] for r, p in items] for items in self._renderings],
        }
        try:  # written beside and renamed into place: a reader never sees half a file
            path.parent.mkdir(parents=True, exist_ok=True)
            work = path.with_suffix(f".{os.getpid()}.tmp")
            work.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(work, path)
        except OSError:
            pass  # no cache then: the next run builds the patterns again

    def tokens(self, text: str, side: str) -> list[Token]:
        key = (side, text)
        if key not in self._tokens:
            morph = self.source_morphology if side == "source" else self.target_morphology
            self._tokens[key] = morph.tokens(text)
        return self._tokens[key]

    def source_matches(self, text: str, exclusive_only: bool = True) -> list[Match]:
        """Glossary terms in a source text (``Match.item`` is the term's index)."""
        if not self.terms or not text:
            return []
        if text not in self._source_cache:
            self._source_cache[text] = find_all(text, self.tokens(text, "source"), self._source_patterns)
        matches = self._source_cache[text]
        return exclusive(matches) if exclusive_only else list(matches)

    def rendering_matches(self, text: str, term: int, candidates: tuple[str, ...] = ()) -> list[Match]:
        """Renderings of one term in a target text (``Match.item`` is a :class:`Rendering`), exclusive.

        candidates: more target phrases to look for (dictionary equivalents), tagged CANDIDATE;
        a glossary rendering wins over a candidate on the same words.
        """
        if not text:
            return []
        patterns = list(self._renderings[term])
        if candidates:
            key = (str(term), *candidates)
            if key not in self._extra_patterns:
                known = {r.text.lower() for r, _ in patterns}
                extra = []
                for c in candidates:
                    if c.lower() in known:
                        continue
                    cp = pattern(c, self.target_morphology, self.terms[term].case_sensitive)
                    if cp is not None:
                        extra.append((Rendering(term, CANDIDATE, c), cp))
                self._extra_patterns[key] = extra
            patterns += self._extra_patterns[key]
        if not patterns:
            return []
        found = find_all(text, self.tokens(text, "target"), patterns)
        rank = {APPROVED: 0, FORBIDDEN: 1, CANDIDATE: 2}
        return exclusive(found, prefer={m.item: rank[m.item.list] for m in found})

    def loosely_present(self, text: str, term: int) -> bool:
        """Whether some approved rendering of a term is in a target text, read generously.

        Each content word of the rendering must be there (any inflection, or a
        derived form sharing its stem: "Belarus" / "Belarusian", "Ministry" /
        "Minister", "region" / "regional"), in any order, within a window of a
        few words ("Emergencies Ministry" / "Ministry of Emergencies"). Used
        only to keep term-missing quiet: it never makes a finding.
        """
        tokens = self.tokens(text, "target")
        for rendering in self.terms[term].approved:
            words = [w for w in WORD.findall(rendering) if fold(w) not in STOP_WORDS]
            if not words:
                continue
            positions = []
            for word in words:
                keys = self.target_morphology.keys(word)
                positions.append([i for i, t in enumerate(tokens) if _loosely_same(word, keys, t)])
            if all(positions) and _within(positions, len(words) + LOOSE_WINDOW):
                return True
        return False

    def phrase_in(self, text: str, phrase: str, side: str = "target") -> list[Match]:
        """Occurrences of an arbitrary phrase (any inflection) in a text."""
        morph = self.source_morphology if side == "source" else self.target_morphology
        p = pattern(phrase, morph)
        if p is None or not text:
            return []
        return exclusive(find_all(text, self.tokens(text, side), [(phrase, p)]))


#: function words ignored when an approved rendering is looked for loosely
STOP_WORDS = {"the", "a", "an", "of", "in", "on", "for", "and", "to", "at", "by", "with"}
#: extra words allowed between the content words of a loosely found rendering
LOOSE_WINDOW = 3
#: a derived form must share at least this many letters of stem with the rendering's word
MIN_STEM = 5


def _loosely_same(word: str, keys: frozenset[str], token: Token) -> bool:
    if not keys.isdisjoint(token.keys):
        return True
    a, b = fold(word), fold(token.text)
    common = 0
    for x, y in zip(a, b):  # noqa: B905 - a common prefix of two words of any lengths
        if x != y:
            break
        common += 1
    return common >= MIN_STEM and common >= len(a) - 2


def _within(positions: list[list[int]], window: int) -> bool:
    """Whether one position per word can be picked, all inside ``window`` consecutive tokens."""
    for start in sorted({p for ps in positions for p in ps}):
        if all(any(start <= p < start + window for p in ps) for ps in positions):
            return True
    return False


__all__ = ["APPROVED", "CANDIDATE", "FORBIDDEN", "Rendering", "TermIndex"]


def _key(glossary: Glossary, source: Morphology, target: Morphology) -> str:
    """What the patterns depend on: the glossary, both morphologies, mtqa's code and the libraries'
    versions (a new pymorphy3 dictionary may lemmatise a term otherwise)."""
    from qa.cache.documents import LIBRARIES, code_fingerprint
    from qa.cache.versions import library_versions

    parts = [
        glossary.hash(),
        f"{type(source).__name__}:{source.lang}",
        f"{type(target).__name__}:{target.lang}",
        code_fingerprint(),
        json.dumps(library_versions(LIBRARIES), sort_keys=True),
    ]
    return "terms-" + hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


def _plain(p: Pattern) -> list:
    return [p.text, [sorted(k) for k in p.keys], list(p.shapes) if p.shapes is not None else None, p.pos]


def _pattern(data: list) -> Pattern:
    text, keys, shapes, pos = data
    return Pattern(text=text, keys=tuple(frozenset(k) for k in keys), shapes=tuple(shapes) if shapes is not None else None, pos=pos)
