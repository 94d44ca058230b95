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

    def is_content(self, token: Token) -> bool:
        """Whether a token is a content word (a noun, verb, adjective, adverb or name, not a number
        or a function word): what the word-level comparison looks at."""
        return len(token.text) > 1 and token.text.isalpha()

    def _analyse(self, word: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        raise NotImplementedError


class PlainMorphology(Morphology):
    """Any other language: lower-cased surfaces only (no lemmas)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def _analyse(self, word: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        return frozenset({fold(word)}), frozenset()
