"""Words and their lemmas, so that a term matches every inflected form.

A text is split into word tokens (runs of letters or digits; hyphens and
apostrophes split words, so "military-industrial" is two tokens). Each token
carries a set of *keys*: its lower-cased surface (``ё`` folded to ``е``) and
its lemmas. Two words match when their key sets intersect.

- Russian lemmas come from pymorphy3 (OpenCorpora dictionary). A token keeps
  the lemmas that carry at least :data:`MIN_LEMMA_SHARE` of its parse scores,
  so «стали» (mostly the verb стать) does not match the noun «сталь» unless a
  term asks for that part of speech.
- English lemmas come from simplemma (maintained dictionary lemmatizer).

Lemmatisation is cached per word. Build one :class:`Morphology` per language
and run (pymorphy3's analyser is loaded once), through ``ctx.resource``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

WORD = re.compile(r"[^\W_]+")

#: a lemma kept for a Russian token must have at least this share of the parse scores
MIN_LEMMA_SHARE = 0.1

#: Russian parts of speech (OpenCorpora tags) that a glossary ``pos`` column may name,
#: with the common aliases people write.
POS_ALIASES = {
    "noun": "NOUN",
    "n": "NOUN",
    "adj": "ADJF",
    "adjective": "ADJF",
    "adjf": "ADJF",
    "adjs": "ADJS",
    "verb": "VERB",
    "v": "VERB",
    "infn": "INFN",
    "adv": "ADVB",
    "advb": "ADVB",
    "adverb": "ADVB",
    "prtf": "PRTF",
    "prts": "PRTS",
    "grnd": "GRND",
    "numr": "NUMR",
    "num": "NUMR",
    "propn": "NOUN",
}

#: parts of speech whose parses count as the same word class for matching
_POS_FAMILY = {
    "VERB": {"VERB", "INFN"},
    "INFN": {"VERB", "INFN"},
    "ADJF": {"ADJF", "ADJS", "COMP"},
    "ADJS": {"ADJF", "ADJS", "COMP"},
}


def normalize_pos(pos: str | None) -> str | None:
    """The OpenCorpora tag for a ``pos`` value, or None when empty; raises KeyError when unknown."""
    if pos is None or not pos.strip():
        return None
    key = pos.strip().lower()
    if key in POS_ALIASES:
        return POS_ALIASES[key]
    raise KeyError(pos)


def fold(word: str) -> str:
    """Lower case with ё folded to е: the surface key of a word."""
    return word.lower().replace("ё", "е")


@dataclass(frozen=True)
class Token:
    """One word of a text: its surface, its ``[start, end)`` offsets and its match keys."""

    text: str
    start: int
    end: int
    keys: frozenset[str]
    #: (lemma, part of speech) for every analysis (Russian only; empty otherwise)
    analyses: frozenset[tuple[str, str]] = frozenset()


def case_shape(word: str) -> str:
    """"upper" (ВПК, NATO), "title" (Госдеп) or "lower"; used for case-sensitive terms."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    if letters and letters[0].isupper():
        return "title"
    return "lower"


class Morphology:
    """Tokens and lemma keys for one language; lemmatisation is cached per word."""

    lang: str = ""

    def tokens(self, text: str) -> list[Token]:
        out = []
        for m in WORD.finditer(text):
            word = m.group()
            keys, analyses = self._analyse(word)
            out.append(Token(word, m.start(), m.end(), keys, analyses))
        return out

    def keys(self, word: str) -> frozenset[str]:
        return self._analyse(word)[0]

    def citation_keys(self, word: str) -> frozenset[str]:
        """Keys of a word written in a glossary (citation form): all its lemmas, unfiltered."""
        return self._analyse(word)[0]

    def lemma(self, word: str) -> str:
        """The single most likely lemma of a word (folded), for grouping words."""
        return fold(word)

    def _analyse(self, word: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        raise NotImplementedError


class RussianMorphology(Morphology):
    """Russian lemmas through pymorphy3."""

    lang = "ru"

    def __init__(self, analyzer: Any = None) -> None:
        if analyzer is None:
            import pymorphy3

            analyzer = pymorphy3.MorphAnalyzer(lang="ru")
        self._morph = analyzer
        self._cache: dict[str, tuple[frozenset[str], frozenset[tuple[str, str]]]] = {}
        self._citation: dict[str, frozenset[str]] = {}

    def _analyse(self, word: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        surface = fold(word)
        shares: dict[str, float] = {}
        analyses: set[tuple[str, str]] = set()
        total = 0.0
        for parse in self._morph.parse(word):
            lemma = fold(parse.normal_form)
            shares[lemma] = shares.get(lemma, 0.0) + parse.score
            total += parse.score
            analyses.add((lemma, str(parse.tag.POS or "UNKN")))
        keep = {lemma for lemma, share in shares.items() if total <= 0 or share / total >= MIN_LEMMA_SHARE}
        result = (frozenset({surface} | keep), frozenset(analyses))
        self._cache[word] = result
        return result

    def lemma(self, word: str) -> str:
        parses = self._morph.parse(word)
        if not parses:
            return fold(word)
        shares: dict[str, float] = {}
        for parse in parses:
            shares[fold(parse.normal_form)] = shares.get(fold(parse.normal_form), 0.0) + parse.score
        return max(sorted(shares), key=lambda lemma: shares[lemma])

    def citation_keys(self, word: str) -> frozenset[str]:
        hit = self._citation.get(word)
        if hit is None:
            keys, analyses = self._analyse(word)
            hit = keys | {lemma for lemma, _ in analyses}
            self._citation[word] = hit
        return hit


class EnglishMorphology(Morphology):
    """English lemmas through simplemma."""

    lang = "en"

    def __init__(self) -> None:
        self._cache: dict[str, tuple[frozenset[str], frozenset[tuple[str, str]]]] = {}

    def _analyse(self, word: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        keys = {fold(word)}
        keys.add(fold(_en_lemma(word)))
        keys.add(fold(_en_lemma(word.lower())))
        result = (frozenset(keys), frozenset())
        self._cache[word] = result
        return result


    def lemma(self, word: str) -> str:
        return fold(_en_lemma(word.lower()))


@lru_cache(maxsize=65536)
def _en_lemma(word: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang="en")


class PlainMorphology(Morphology):
    """Any other language: lower-cased surfaces only (no lemmas)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def _analyse(self, word: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        return frozenset({fold(word)}), frozenset()


def morphology(lang: str) -> Morphology:
    """A new :class:`Morphology` for a language code ("ru", "en", or anything else: surfaces only)."""
    if lang == "ru":
        return RussianMorphology()
    if lang == "en":
        return EnglishMorphology()
    return PlainMorphology(lang)


def for_context(ctx: Any, lang: str) -> Morphology:
    """The run's shared :class:`Morphology` for ``lang`` (built once through ``ctx.resource``)."""
    return ctx.resource(f"morphology:{lang}", lambda: morphology(lang))
