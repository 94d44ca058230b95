"""Russian lemmas through pymorphy3 (OpenCorpora dictionary)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from qa.lang.morphology import MIN_LEMMA_SHARE, Morphology, Token, fold

#: parts of speech of content words (OpenCorpora tags; UNKN: a word pymorphy3 cannot parse, a name)
CONTENT_POS = frozenset({"NOUN", "ADJF", "ADJS", "COMP", "VERB", "INFN", "PRTF", "PRTS", "GRND", "ADVB", "UNKN"})
#: verbs and words that carry grammar more than meaning, rendered in many ways
LIGHT = frozenset({
    "быть", "являться", "мочь", "стать", "иметь", "делать", "сделать", "также", "так", "уже", "ещё", "еще",
    "очень", "тоже", "сейчас", "теперь", "там", "здесь", "тогда", "где", "когда", "как", "весь", "свой",
    "который", "такой", "этот", "тот", "самый", "другой", "каждый", "один", "говорить", "сказать", "заявить",
    "отметить", "сообщить", "рассказать", "добавить", "пояснить", "подчеркнуть", "считать", "год", "время",
})  # fmt: skip


#: the words whose parses the analyser holds (a few hundred bytes each)
PARSES_HELD = 100_000


@lru_cache(maxsize=1)
def shared_analyzer() -> Any:
    """The run's one pymorphy3 analyser (its dictionaries take about half a second to load), safe
    for any text (:func:`russian_analyzer`): the morphology and the name finder share it."""
    return russian_analyzer()


class RussianMorphology(Morphology):
    """Russian lemmas through pymorphy3."""

    lang = "ru"

    def __init__(self, analyzer: Any = None) -> None:
        self._morph = analyzer if analyzer is not None else shared_analyzer()
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

    def is_content(self, token: Token) -> bool:
        if len(token.text) < 2 or not token.text.isalpha():
            return False
        if any(lemma in LIGHT for lemma, _ in token.analyses) or fold(token.text) in LIGHT:
            return False
        return any(pos in CONTENT_POS for _, pos in token.analyses)

    def best_parse(self, word: str):
        """pymorphy3's most likely parse of a word (its tag: part of speech, person, number...)."""
        return self._morph.parse(word)[0]

    def is_known(self, word: str) -> bool:
        """Whether the word is in pymorphy3's dictionary (not a guess from its ending)."""
        return self._morph.word_is_known(word.lower())

    def citation_keys(self, word: str) -> frozenset[str]:
        hit = self._citation.get(word)
        if hit is None:
            keys, analyses = self._analyse(word)
            hit = keys | {lemma for lemma, _ in analyses}
            self._citation[word] = hit
        return hit


def russian_analyzer() -> Any:
    """pymorphy3's Russian MorphAnalyzer, made safe for any text (see :class:`AnyTextAnalyzer`)."""
    import pymorphy3

    return AnyTextAnalyzer(pymorphy3.MorphAnalyzer(lang="ru"))


class AnyTextAnalyzer:
    """A pymorphy3 MorphAnalyzer that parses any word. pymorphy3 asks ``unicodedata.name`` for the
    name of each letter of a word it does not know, which raises ValueError for a letter without a
    name in Python's Unicode database (Tangut, Khitan, Nüshu); such a word is what pymorphy3 calls
    unknown: one UNKN parse whose lemma is the word itself. Everything else is the analyzer's own."""

    def __init__(self, analyzer: Any) -> None:
        self._analyzer = analyzer
        #: each word's parses, parsed once a run: the morphology, the name finder and the checks ask
        #: for the same words (pymorphy3's dictionary walk was 2 s of a cold check of the seed article)
        self._parses: dict[str, tuple] = {}

    def parse(self, word: str) -> list:
        held = self._parses.get(word)
        if held is None:
            if len(self._parses) >= PARSES_HELD:
                self._parses.clear()  # a long batch: memory stays bounded, the words come again
            held = self._parses[word] = tuple(self._parse(word))
        return list(held)  # a list of its own for each caller, as pymorphy3 gives

    def _parse(self, word: str) -> list:
        try:
            return self._analyzer.parse(word)
        except ValueError:
            unknown = self._analyzer.TagClass("UNKN")
            make = self._analyzer._result_type or (lambda *fields: fields)
            return [make(word, unknown, word.lower(), 1.0, ())]

    def tag(self, word: str) -> list:
        return [parse.tag for parse in self.parse(word)]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._analyzer, name)
