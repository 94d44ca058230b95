"""Russian: morphology (pymorphy3), names found by natasha's NER and transliterated into Latin
(``names``), quantities and number words that carry their English rendering (``quantities``),
word frequency in news (``frequency``, navec's vocabulary), negated clauses (``negation``), the
first person (``person``), razdel's sentences."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from qa.lang import Language


class Russian(Language):
    provides = frozenset({"script", "lemmas", "quantities", "names", "english-renderings", "frequency", "negation", "person", "word-links"})

    @cached_property
    def morphology(self):
        from qa.lang.ru.morphology import RussianMorphology

        return RussianMorphology()

    def quantities(self, text: str) -> list:
        from qa.lang.ru.quantities import russian_quantities

        return russian_quantities(text)

    def name_finder(self) -> Any:
        return self._names

    @cached_property
    def _names(self) -> Any:
        from qa.lang.ru.names import NameFinder

        return NameFinder()

    def negations(self, text: str) -> list:
        from qa.lang.ru.negation import negations

        return negations(text)

    def number_words(self, text: str) -> list:
        from qa.lang.ru.quantities import russian_number_words

        return russian_number_words(text)

    def is_word(self, word: str) -> bool:
        return self.morphology.is_known(word)

    def transliterations(self, word: str) -> frozenset[str]:
        from qa.lang.ru.names import transliterations

        return transliterations(word)

    def negative_meanings(self, text: str) -> list:
        from qa.lang.ru.negation import negative_meanings

        return negative_meanings(text)

    def first_person(self, text: str) -> list:
        from qa.lang.ru.person import first_person

        return first_person(text)

    def third_person_genders(self, text: str) -> dict:
        from qa.lang.ru.person import third_person_genders

        return third_person_genders(text)

    def speaker_unsaid(self, text: str) -> bool:
        from qa.lang.ru.person import speaker_unsaid

        return speaker_unsaid(text)

    def lexicon(self) -> Any:
        from qa.align.lexicon import load_lexicon

        return load_lexicon()

    def word_frequency(self, text: str) -> float:
        from qa.lang.ru.frequency import mean_log_frequency

        return mean_log_frequency(text)
