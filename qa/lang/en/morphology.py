"""English lemmas through simplemma (a maintained dictionary lemmatizer)."""

from __future__ import annotations

from functools import lru_cache

from qa.lang.morphology import Morphology, fold


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
