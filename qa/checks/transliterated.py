"""Source words left in Latin letters: a transliteration where a translation belongs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qa.checks.base import CheckContext, check
from qa.records import Finding, Segment, Severity, Span, Suggestion

_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]{4,}")
SAME_WORD = 0.8  # name-spelling similarity (qa.lang.ru.names.similarity) at which a pivot word is the same word
_LOWER_LATIN_WORD = re.compile(r"(?<![\w'’-])[a-z]{4,}(?![\w'’-])")
# with a pivot to vouch, capitalised words and acronyms too ("Vrio Degtyarev", "passed EGE")
_CAPITAL_LATIN_WORD = re.compile(r"(?<![\w'’-])(?:[A-Z][a-z]{3,}|[A-Z]{3,})(?![\w'’-])")
_CYRILLIC_ACRONYM = re.compile(r"(?<![\w])[А-ЯЁ]{3,}(?![\w])")


@check("transliterated", Severity.MINOR, source=("names", "lemmas"), target=("english", "lemmas"))
def transliterated(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """A source word left in the target in Latin letters ("the gorsovet decided", "a zavod").

    A lower-case target word (capitalised ones are names) of four letters or more that is not
    an English word (simplemma's English dictionary) and that spells a transliteration of a
    source word, in the form the source has or in its citation form (the transliteration
    schemes of the names check), is flagged, unless the pivot has the same word in any spelling
    or inflection: a loanword English news uses («силовики» → "siloviki") is what a
    retranslation keeps too. Minor: English news keeps some Russian words on purpose
    ("nomenklatura"); info without a pivot, where currencies and realia ("tenge") pass for
    leftovers. The pivot is the suggestion.
    """
    if not segment.source.strip() or not segment.target.strip():
        return
    candidates = [m for m in _LOWER_LATIN_WORD.finditer(segment.target) if not ctx.target.is_word(m.group())]
    if segment.pivot:
        pivot_acronyms = {w.lower() for w in re.findall(r"\b[A-Z]{3,}\b", segment.pivot)}
        candidates += [
            m for m in _CAPITAL_LATIN_WORD.finditer(segment.target)
            if not ctx.target.is_word(m.group().lower())
            and not re.search(r"[A-Z][\w'’-]*\s+$", segment.target[: m.start()])  # "Khabarovsk Krai": in a name
            and not (m.group().isupper() and any(len(a) == len(m.group()) and a[0] == m.group()[0].lower() for a in pivot_acronyms))
        ]  # fmt: skip
    if not candidates:
        return
    spelled: dict[str, Span] = {}
    morphology = ctx.source.morphology
    for m in _CYRILLIC_WORD.finditer(segment.source):
        for form in {m.group(), morphology.lemma(m.group())}:
            for variant in ctx.source.transliterations(form.lower()):
                spelled.setdefault(variant.lower(), Span(m.start(), m.end()))
    # a capitalised target word is a leftover only when it spells a common noun (lower case in the
    # source: «врио» → "Vrio") or an acronym («ЕГЭ» → "EGE"); otherwise it is a name
    common: dict[str, Span] = {}
    for m in _CYRILLIC_WORD.finditer(segment.source):
        if m.group()[0].islower():
            for form in {m.group(), morphology.lemma(m.group())}:
                for variant in ctx.source.transliterations(form.lower()):
                    common.setdefault(variant.lower(), Span(m.start(), m.end()))
    for m in _CYRILLIC_ACRONYM.finditer(segment.source):
        for variant in ctx.source.transliterations(m.group().lower()):
            common.setdefault(variant.lower(), Span(m.start(), m.end()))
    pivot_words = {w.lower() for w in re.findall(r"[A-Za-z]+", segment.pivot or "")}
    for m in candidates:
        word = m.group()
        source_span = spelled.get(word) if word.islower() else common.get(word.lower())
        word = word.lower()
        if source_span is None or any(_alike(word, other) for other in pivot_words):
            continue
        yield Finding(
            severity=None if segment.pivot else Severity.INFO,  # no pivot to vouch: "tenge" is English too
            source_span=source_span,
            target_span=Span(m.start(), m.end()),
            message=f"\"{word}\" transliterates «{source_span.text(segment.source)}» instead of translating it",
            suggestions=[Suggestion(text=segment.pivot, origin="pivot")] if segment.pivot else [],
        )


def _alike(word: str, other: str) -> bool:
    """The same word spelled another way or inflected ("kolobok" / "koloboks", "stopkoronavirus" /
    "stopcoronavirus")."""
    from qa.lang.ru.names import similarity

    return word == other or (len(other) >= 4 and word[:5] == other[:5]) or similarity(word, other) >= SAME_WORD
