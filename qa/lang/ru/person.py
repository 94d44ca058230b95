"""Grammatical person in Russian text: where the speaker (first person) is in it, and the
gender a third person is given."""

from __future__ import annotations

import re

from qa.records import Span

_WORD = re.compile(r"[А-Яа-яЁё]+")
_FIRST_PERSON_PRONOUN = re.compile(
    r"(?<![\w-])(?:я|меня|мне|мной|мною|мы|нас|нам|нами|мой|моя|моё|мое|мои|моего|моей|моему|моим|моих|моими|мою|моём|моем"
    r"|наш|наша|наше|наши|нашего|нашей|нашему|нашим|наших|нашими|нашу|нашем|давайте|давай)(?![\w-])",
    re.IGNORECASE,
)


def first_person(text: str) -> list[Span]:
    """Pronouns of the first person and verbs in it (считаю, думаем: pymorphy3's most likely
    parse), in order."""
    out = [Span(m.start(), m.end()) for m in _FIRST_PERSON_PRONOUN.finditer(text)]
    from qa.lang import get_language

    morphology = get_language("ru").morphology
    for m in _WORD.finditer(text):
        parse = morphology.best_parse(m.group())
        if parse.tag.POS == "VERB" and parse.tag.person == "1per":
            out.append(Span(m.start(), m.end()))
    return sorted(out, key=lambda s: s.start)


def speaker_unsaid(text: str) -> bool:
    """Whether a sentence may have an unsaid speaker: an impersonal predicate («известно»,
    «считается», «нужно»: "we know" and "it is known"), or a past-tense verb or a short
    adjective («вызвала», «готов») with no subject pronoun of the third person (он, она, они):
    Russian drops «я» there, so "I called" and "she called" are both readings."""
    from qa.lang import get_language

    morphology = get_language("ru").morphology
    unsaid = False
    for m in _WORD.finditer(text):
        word = m.group().lower()
        if word in _IMPERSONAL:
            return True  # «известно», «считается»: "we know", "it is known" are both English
        if word in _THIRD_PERSON:
            return False
        tag = morphology.best_parse(word).tag
        if (tag.POS == "VERB" and tag.tense == "past") or tag.POS in ("ADJS", "PRTS"):
            unsaid = True
    return unsaid


_IMPERSONAL = frozenset(
    "известно считается считают говорят полагают стоит следует нужно нужен нужна нужны надо можно нельзя"
    " необходимо необходим необходима необходимы речь"
    " представляется кажется видно понятно ясно очевидно предстоит придется придётся".split()
)
_THIRD_PERSON = frozenset({"он", "она", "оно", "они", "его", "её", "ее", "их", "ему", "ей", "им", "него", "неё", "нее", "них"})


_GENDERED_PRONOUNS = {
    "masc": frozenset({"он", "его", "ему", "него", "нему", "ним", "нём", "нем", "им"}),
    "femn": frozenset({"она", "её", "ее", "ей", "неё", "нее", "ней", "ею", "нею"}),
}


def third_person_genders(text: str) -> dict[str, list[Span]]:
    """The words that give a third person a gender, by gender ("masc", "femn"): the pronouns, and
    singular past-tense verbs and short adjectives and participles (заявил / заявила, готов /
    готова; pymorphy3's most likely parse). «его» and «им» count as masculine (they are neuter
    and plural too)."""
    from qa.lang import get_language

    morphology = get_language("ru").morphology
    out: dict[str, list[Span]] = {"masc": [], "femn": []}
    for m in _WORD.finditer(text):
        word = m.group().lower()
        gender = next((g for g, words in _GENDERED_PRONOUNS.items() if word in words), None)
        if gender is None:
            tag = morphology.best_parse(word).tag
            if (tag.POS == "VERB" and tag.tense == "past") or tag.POS in ("ADJS", "PRTS"):
                gender = tag.gender if tag.gender in out else None
        if gender is not None:
            out[gender].append(Span(m.start(), m.end()))
    return out
