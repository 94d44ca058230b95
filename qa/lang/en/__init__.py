"""English: lemmas (simplemma), quantities and number words (``quantities``), negators
(``negation``), first-person pronouns (``person``), sentences with an English pass over
razdel's (``sentences``)."""

from __future__ import annotations

from functools import cached_property, lru_cache

from qa.lang import Language
from qa.records import Span


class English(Language):
    provides = frozenset({"script", "lemmas", "quantities", "english", "negation", "person", "synonyms"})

    @cached_property
    def morphology(self):
        from qa.lang.en.morphology import EnglishMorphology

        return EnglishMorphology()

    def sentences(self, text: str, block: Span) -> list[Span]:
        from qa.lang.en.sentences import english_sentences

        return english_sentences(text, block)

    def negations(self, text: str) -> list[Span]:
        from qa.lang.en.negation import negations

        return negations(text)

    def spell_number(self, value: float) -> str:
        from qa.lang.en.quantities import number_word

        return number_word(value)

    def is_word(self, word: str) -> bool:
        return _is_known(word)

    def negative_meanings(self, text: str) -> list[Span]:
        from qa.lang.en.negation import negative_meanings

        return negative_meanings(text)

    def first_person(self, text: str) -> list[Span]:
        from qa.lang.en.person import first_person

        return first_person(text)

    def third_person_genders(self, text: str) -> dict:
        from qa.lang.en.person import third_person_genders

        return third_person_genders(text)

    def quantities(self, text: str) -> list:
        from qa.lang.en.quantities import english_quantities

        return english_quantities(text)

    def synonyms(self, lemma: str, relatives: bool = True) -> frozenset[str]:
        from qa.lang.en.wordnet import wordnet

        found = wordnet()
        if found is None:
            return frozenset({lemma.lower()})
        return found.related(lemma) if relatives else found.synonyms(lemma)

    def derived_forms(self, lemma: str) -> frozenset[str]:
        from qa.lang.en.wordnet import wordnet

        found = wordnet()
        return found.related(lemma, frozenset({"+"})) if found is not None else frozenset({lemma.lower()})

    def in_lexical_database(self, lemma: str) -> bool:
        from qa.lang.en.wordnet import wordnet

        found = wordnet()
        return found is not None and bool(found.synsets(lemma))

    def antonyms(self, lemma: str) -> frozenset[str]:
        from qa.lang.en.wordnet import wordnet

        found = wordnet()
        return found.antonyms(lemma) if found is not None else frozenset()


@lru_cache(maxsize=65536)
def _is_known(word: str) -> bool:
    """Whether simplemma's English dictionary has the word (asked once a run for each word)."""
    import simplemma

    return simplemma.is_known(word, lang="en")
