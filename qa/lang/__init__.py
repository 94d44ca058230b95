"""Language packs: what mtqa knows of a language, behind one factory (translate-toolkit's
``translate/lang/factory.py`` idea).

``get_language(code)`` gives the run's pack for a language code: ``ru`` (morphology through
pymorphy3, names and their transliteration, quantities and number words, word frequency in
news, negation, the first person, sentences), ``en`` (lemmas through simplemma, quantities and
number words, negation, the first person, sentences with an English pass), or for any other code a plain pack (surface forms, razdel's sentences, its script).
A pack says what it provides in ``provides``; a check declares what it needs of the source's
and the target's pack, and the check runner reports a pair a check cannot serve
(:func:`unserved`) instead of skipping it silently. Packs load their heavy parts (pymorphy3,
natasha) on first use and keep them: build each once per process.
"""

from __future__ import annotations

import importlib
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.lang.morphology import Morphology
    from qa.records import Span

#: the packs with knowledge of their own, by dotted path (imported when first asked for)
LANGUAGES: dict[str, str] = {
    "ru": "qa.lang.ru:Russian",
    "en": "qa.lang.en:English",
}

#: what a pack may provide, beyond morphology and sentences (which every pack has)
CAPABILITIES = {
    "script": "the script the language is written in",
    "lemmas": "lemmas from a dictionary (not only surface forms)",
    "quantities": "numbers, dates, percentages and decades read from text",
    "names": "person, place and organisation names found in text",
    "english-renderings": "its quantities and names carry their English rendering (suggestions, matching)",
    "english": "it is English (what the English renderings are compared with)",
    "frequency": "how common its words are in news",
    "negation": "where its clauses are negated",
    "person": "where the first person (the speaker) is in it",
    "word-links": "a word-translation table to English, for word links (qa.align.lexicon)",
    "synonyms": "synonyms and antonyms from a lexical database (WordNet)",
}

# The script each language is written in (Unicode script names, as unicodedata.name starts).
SCRIPTS = {
    "ru": "CYRILLIC", "uk": "CYRILLIC", "be": "CYRILLIC", "bg": "CYRILLIC", "sr": "CYRILLIC",
    "mk": "CYRILLIC", "kk": "CYRILLIC", "ky": "CYRILLIC", "mn": "CYRILLIC", "tg": "CYRILLIC",
    "en": "LATIN", "de": "LATIN", "fr": "LATIN", "es": "LATIN", "it": "LATIN", "pt": "LATIN",
    "pl": "LATIN", "cs": "LATIN", "nl": "LATIN", "tr": "LATIN", "fi": "LATIN", "et": "LATIN",
    "el": "GREEK", "he": "HEBREW", "ar": "ARABIC", "ka": "GEORGIAN", "hy": "ARMENIAN",
}


class Language:
    """A plain pack: surface forms, razdel's sentences and the script; subclasses add the rest."""

    def __init__(self, code: str) -> None:
        self.code = code

    @property
    def script(self) -> str | None:
        return SCRIPTS.get(self.code)

    @property
    def provides(self) -> frozenset[str]:
        return frozenset({"script"} if self.script else ())

    @cached_property
    def morphology(self) -> Morphology:
        """Tokens and lemma keys (built once per pack)."""
        from qa.lang.morphology import PlainMorphology

        return PlainMorphology(self.code)

    def sentences(self, text: str, block: Span) -> list[Span]:
        """The sentences of one line block of ``text`` (see :mod:`qa.align.sentences`)."""
        from qa.lang.sentences import razdel_spans

        return razdel_spans(text, block)

    def _unavailable(self, capability: str) -> Any:
        raise NotImplementedError(f"language {self.code!r} has no {capability} ({CAPABILITIES[capability]})")

    def quantities(self, text: str) -> list:
        """The quantities of a text (:class:`qa.lang.quantities.Quantity`)."""
        return self._unavailable("quantities")

    def name_finder(self) -> Any:
        """The pack's finder of names (one per pack; it keeps its NER model)."""
        return self._unavailable("names")

    def negations(self, text: str) -> list[Span]:
        """One span for each negated clause (Russian) or negator (English) of a text."""
        return self._unavailable("negation")

    def first_person(self, text: str) -> list[Span]:
        """The words of a text in the first person (pronouns; in Russian, verbs too)."""
        return self._unavailable("person")

    def third_person_genders(self, text: str) -> dict[str, list[Span]]:
        """The words of a text that give a third person a gender ("masc", "femn"): pronouns; in
        Russian, singular past-tense verbs and short adjectives too."""
        return self._unavailable("person")

    def number_words(self, text: str) -> list:
        """The number words of a text (два, полтора), each with the values it may stand for."""
        return self._unavailable("quantities")

    def spell_number(self, value: float) -> str:
        """A small number as the language writes it in words ("three", "one and a half")."""
        return self._unavailable("english")

    def is_word(self, word: str) -> bool:
        """Whether a word is in the language's dictionary (not a guess)."""
        return self._unavailable("lemmas")

    def transliterations(self, word: str) -> frozenset[str]:
        """A word's spellings in Latin letters, by every transliteration scheme the pack knows."""
        return self._unavailable("names")

    def negative_meanings(self, text: str) -> list[Span]:
        """Words that carry a negation without a negator ("unable", «недостаточно»)."""
        return self._unavailable("negation")

    def lexicon(self) -> Any:
        """The word-translation table from this language into English (:mod:`qa.align.lexicon`)."""
        return self._unavailable("word-links")

    def synonyms(self, lemma: str, relatives: bool = True) -> frozenset[str]:
        """The words that share a sense with a lemma or are one relation away (a hypernym, a
        derivation), itself included: what may stand for it in another translation; without
        ``relatives``, only those that share a sense with it."""
        return self._unavailable("synonyms")

    def derived_forms(self, lemma: str) -> frozenset[str]:
        """The lemma's synonyms and the words derived from it or it from them (hot / heat)."""
        return self._unavailable("synonyms")

    def antonyms(self, lemma: str) -> frozenset[str]:
        """The words of opposite sense to a lemma."""
        return self._unavailable("synonyms")

    def in_lexical_database(self, lemma: str) -> bool:
        """Whether the lexical database behind :meth:`synonyms` has the lemma in any sense."""
        return self._unavailable("synonyms")

    def speaker_unsaid(self, text: str) -> bool:
        """Whether a sentence may leave its speaker unsaid (Russian: a past tense without a
        subject); no, for a language the pack knows nothing of."""
        return False

    def word_frequency(self, text: str) -> float:
        """Mean log10(1 + count) of the text's words in news."""
        return self._unavailable("frequency")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code}>"


@lru_cache(maxsize=None)
def get_language(code: str) -> Language:
    """The pack for a language code (one per process): a registered one, else a plain pack."""
    path = LANGUAGES.get(code)
    if path is None:
        return Language(code)
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)(code)


def unserved(needs: dict[str, tuple[str, ...]], source: str, target: str) -> str | None:
    """Why a check that needs ``needs`` ({"source": (...), "target": (...)}) cannot serve a pair
    (None: it can)."""
    missing = []
    for side, code in (("source", source), ("target", target)):
        lacking = [c for c in needs.get(side, ()) if c not in get_language(code).provides]
        if lacking:
            missing.append(f"{side} language {code} has no {', '.join(lacking)}")
    return "; ".join(missing) or None


__all__ = ["CAPABILITIES", "LANGUAGES", "Language", "get_language", "unserved"]
