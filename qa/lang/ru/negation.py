"""Negation in Russian text: where a clause is negated (не, нет, нельзя; никто, никогда, ... without
a не in their clause), leaving out what English does not render as a negation."""

from __future__ import annotations

import re

from qa.records import Span

_CLAUSE = re.compile(r"[^,;:—–()\"«»!?.]+")
_NEGATOR = re.compile(r"(?<![\w-])(не|нет|нельзя)(?![\w-])", re.IGNORECASE)
# negative pronouns and adverbs: a negation of their own only without a не in their clause
_NEGATIVE_WORD = re.compile(
    r"(?<![\w-])ни(?:кто|кого|кому|кем|ком|что|чего|чему|чем|когда|где|куда|откуда|сколько"
    r"|какой|какая|какое|какие|какого|каких|какому|каким|какую|чей|чья|чьё|чьи)(?![\w-])",
    re.IGNORECASE,
)
# «не» in expressions that English renders without a negation: "almost", "more than once",
# "at least", "no later than" (the last has a "no", but "at least" has none: left out both
# ways), "until", "possibly"
_NOT_NEGATION = re.compile(
    r"(?<![\w-])(?:чуть|едва|чуть было) не(?![\w-])|(?<![\w-])не (?:раз|менее|меньше|более|больше|позднее|позже|ранее|раньше|столько|то|то что|только|лишь)(?![\w-])"
    r"|(?<![\w-])(?:нет|не) ли(?![\w-])|(?<![\w-])не так ли(?![\w-])"
    # «пока мы не убедимся» is "until we are convinced" (an expletive negation; «пока не удалось»,
    # with no subject between, is "not yet"); «не исключено» is "possibly"
    r"|(?<![\w-])пока \w+ не(?![\w-])|(?<![\w-])не исключ\w+",
    re.IGNORECASE,
)


def negations(text: str) -> list[Span]:
    """One span for each negated clause of ``text`` (the negator that negates it)."""
    out: list[Span] = []
    for clause in _CLAUSE.finditer(text):
        body = clause.group()
        skipped = {m.start() + k for m in _NOT_NEGATION.finditer(body) for k in range(m.end() - m.start())}
        found = [m for m in _NEGATOR.finditer(body) if m.start() not in skipped]
        if not found:
            found = list(_NEGATIVE_WORD.finditer(body))[:1]
        for m in found:
            out.append(Span(clause.start() + m.start(), clause.start() + m.end()))
    return out


_PREFIXED = re.compile(r"(?<![\w-])(не|без|бес)([а-яё]{4,})(?![\w-])", re.IGNORECASE)


def negative_meanings(text: str) -> list[Span]:
    """Words that carry a negation in a prefix: «недостаточно», «невозможно», «бесполезно»."""
    from qa.lang import get_language

    morphology = get_language("ru").morphology
    out = []
    for m in _PREFIXED.finditer(text):
        rest = m.group(2)
        if m.group().lower().startswith(_LEXICALISED) or morphology.lemma(rest) == morphology.lemma(m.group()):
            continue
        if morphology.is_known(rest) and str(morphology.best_parse(rest).tag.POS) in _QUALITIES:
            out.append(Span(m.start(), m.end()))
    return out


# prefixed words whose meaning is no negation («необходимо» "necessary", «несколько» "several",
# «некоторые» "some", «недавно» "recently", «немало» "many", «незадолго» "shortly before")
_LEXICALISED = (
    "необходим", "нескольк", "несмотря", "недел", "небольш", "невест", "нефт", "нерв", "нечто",
    "некотор", "недавн", "нередк", "немал", "немног", "незадолг",
)
_QUALITIES = {"ADJF", "ADJS", "ADVB", "PRED", "PRTF", "PRTS", "COMP"}
