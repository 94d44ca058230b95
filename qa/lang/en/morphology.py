"""English lemmas through simplemma (a maintained dictionary lemmatizer)."""

from __future__ import annotations

from functools import lru_cache

from qa.lang.morphology import Morphology, Token, fold

#: words that carry grammar more than meaning (and the light verbs of reported speech)
FUNCTION_WORDS = frozenset("""
a an the this that these those there here it its it's they them their theirs we us our ours i me my mine you your
yours he him his she her hers who whom whose which what where when why how all any both each every either neither
some such no nor not only own same so than too very can will just should would could may might must shall do does
did done doing be is are was were been being am have has had having of at by for with about against between into
through during before after above below to from up down in out on off over under again further then once and but
or if because as until while also more most other another much many few one ones said says say told tell according
year years time times s t ll d re ve m don
""".split())


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

    def is_content(self, token: Token) -> bool:
        return len(token.text) > 1 and token.text.isalpha() and fold(token.text) not in FUNCTION_WORDS

    def lemma(self, word: str) -> str:
        return fold(_en_lemma(word.lower()))


@lru_cache(maxsize=65536)
def _en_lemma(word: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang="en")
