"""Names of persons, places, organisations and countries that the target drops or misspells."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qa.checks.base import CheckContext, check
from qa.lang.ru.names import (
    EXONYMS,
    Name,
    NameFinder,
    _fold,
    best_match,
    latin_words,
    similarity,
    transliterations,
)
from qa.records import Document, Finding, Segment, Severity, Suggestion

# A target word this similar to a transliteration of a source name spells that name.
MATCH = 0.75
# Below this, nothing in the target resembles the name: it is missing rather than misspelled.
CLOSE = 0.5
# Target and pivot spellings this close are not worth an info note (Donbas / Donbass).
NEAR = 0.8
# Shorter words are too easy to confuse to be called missing without the pivot's word.
MIN_LETTERS = 4
#: a pivot word this close to a transliteration of a common-word name spells that very word
SPELLED = 0.95


@check("names", Severity.MINOR, scope="document", source=("names", "english-renderings"), target=("english",))
def names(document: Document, ctx: CheckContext) -> Iterator[Finding]:
    """A person, place, organisation or country name of the source missing or misspelled in the target.

    Names are found in the Russian source by natasha's NER; country names by
    the country table, in any case («России» → Russia, «США» → US). A person's
    surname is looked for in the target in any plausible spelling: a word
    within edit distance of a transliteration of it by one of several schemes
    (Рябков = Ryabkov = Riabkov); a country by its English name, official
    name, demonym, capital or a common alias (Russia, Russian Federation,
    Russian, Moscow). With a retranslation (pivot), a name the pivot spells
    and the target lacks is flagged (minor), with the pivot's spelling as the
    suggestion; a name both spell, differently ("Sergey" vs "Sergei"), is info. With a pivot,
    a first name or patronymic the pivot spells and the target drops beside the surname ("Ovechkin"
    for «Александр Овечкин») is minor, as is a place or organisation of common words that the
    pivot spells and the target has nowhere («Советской Гавани»). A name in the target that the
    source does not have and no pivot has either ("Petrov Krai" for «Хабаровского края», the pivot's
    "Khabarovsk Territory") is minor: a capitalised word that is no English word and spells no
    source word in any transliteration.
    Without a pivot only persons and countries are checked, and a person only
    when nothing in the target resembles the surname. Places and organisations
    that English translates rather than transliterates (Варшава → Warsaw,
    Госдеп → State Department) are never flagged unless the pivot transliterates them.
    Only Russian→English is read.
    """
    segments = [s for s in document.segments if s.source.strip() and s.target.strip()]
    if not segments:
        return
    finder: NameFinder = ctx.source.name_finder()
    finder.tag([s.source for s in segments])  # one NER pass for the whole document
    for segment in segments:
        yield from _segment_names(segment, finder, ctx)


def _segment_names(segment: Segment, finder: NameFinder, ctx: CheckContext) -> Iterator[Finding]:
    target_words = latin_words(segment.target)
    pivot_words = latin_words(segment.pivot) if segment.pivot else None
    seen: set[tuple[str, str]] = set()
    for name in finder.find(segment.source):
        if (name.kind, name.key) in seen:
            continue
        seen.add((name.kind, name.key))
        if name.country is not None:
            yield from _country(name, segment, ctx)
        else:
            yield from _name(name, segment, target_words, pivot_words, finder, ctx)
    yield from _added(segment, target_words, finder, ctx)


def _country(name: Name, segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    country = name.country
    if country.pattern.search(segment.target):
        return
    if segment.pivot is not None and not country.pattern.search(segment.pivot):
        return  # the retranslation names no country here either (a pronoun, a rephrasing)
    yield Finding(
        severity=Severity.MINOR,
        segment=segment.id,
        source_span=name.span,
        target_span=_region(segment, name.span, ctx),
        message=f"country «{name.text}» ({country.english}) is not named in the target",
        suggestions=[Suggestion(text=country.english, origin="dictionary")],
    )


def _lemmas_of(name: Name, text: str) -> tuple[str, ...]:
    return next((lemmas for w, _, lemmas in name.words if w == text), ())


def _name(name: Name, segment: Segment, target_words, pivot_words, finder: NameFinder, ctx: CheckContext) -> Iterator[Finding]:
    if name.kind == "person" and re.search(r"-[а-яё]", name.text):
        return  # «Фильм-биография»: a compound common noun taken for a person
    surname = name.words[-1]
    # a person is looked for by the surname; a place or organisation by any of its words
    keys = [surname] if name.kind == "person" else name.words
    keys = [w for w in keys if not w[0].isupper()]  # «МИД», «ЛДПР»: acronyms are translated or expanded
    if name.kind != "person":
        common = keys
        keys = [w for w in keys if finder.is_proper(w[0])]  # «Северная верфь»: English translates it
    target_lower = {w.text.lower() for w in target_words}
    if name.kind != "person" and not keys and pivot_words:
        yield from _dropped(name, segment, common, target_words, pivot_words, target_lower, ctx)
        return
    if not keys:
        return
    exonyms = [e for _, _, lemmas in keys for lemma in lemmas for e in EXONYMS.get(lemma, ())]
    if any(e.lower() in target_lower for e in exonyms):
        return  # Москва: Moscow
    if exonyms:
        if not any(best_match(_variants(text, lemmas), target_words)[1] >= MATCH for text, _, lemmas in keys):
            yield from _exonym(name, segment, exonyms, pivot_words, ctx)  # not "Vechernyaya Moskva" either
        return
    best = None
    for text, span, lemmas in keys:
        if text in segment.target:
            return  # left in Cyrillic: the untranslated check's business
        variants = _variants(text, lemmas)
        found, score = best_match(variants, target_words)
        if score >= MATCH:
            yield from _spelling(name, segment, target_words, pivot_words, finder)
            if name.kind == "person" and pivot_words:
                yield from _given_names(name, segment, target_words, pivot_words, target_lower)
            return
        pivot_found, pivot_score = best_match(variants, pivot_words) if pivot_words else (None, 0.0)
        if best is None or (pivot_score, score) > (best[3], best[2]):
            best = (text, found, score, pivot_score, pivot_found, span, variants)
    text, found, score, pivot_score, pivot_found, span, variants = best
    if (
        name.kind == "person" and pivot_words and found is not None and pivot_found is not None and score >= CLOSE
        and found.text[:1].isupper() and found.text.lower() == pivot_found.text.lower()
    ):  # target and pivot spell the surname alike, beyond the transliterations ("Nääs" for «Няэса»)
        yield from _given_names(name, segment, target_words, pivot_words, target_lower)
        return
    if found is not None and (not found.text[:1].isupper() or found.text in finder.countries.words):
        # only a capitalised word can be a misspelled name, and not a country's ("Armenpress" / "Armenia")
        candidates = [w for w in target_words if w.text[:1].isupper() and w.text not in finder.countries.words]
        found, score = best_match(variants, candidates)
    if pivot_words is None:
        # Without a pivot only a known Russian surname is called missing: its transliteration is
        # reliable, where a foreign name («Майкл» = Michael) or an NER slip («Смерти») is not.
        if name.kind != "person" or score >= CLOSE or len(text) < MIN_LETTERS or not finder.is_surname(text):
            return
        if any(best_match(_variants(w, lemmas), target_words)[1] >= MATCH for w, _, lemmas in name.words):
            return  # the first name is there: the person is named
        lemma = next((lem for lem in _lemmas_of(name, text) if finder.is_surname(lem)), text)
        yield Finding(
            severity=Severity.MINOR,
            segment=segment.id,
            source_span=span,
            target_span=_region(segment, span, ctx),
            message=f"{name.kind} «{name.text}» is not in the target in any spelling",
            suggestions=[Suggestion(text=_spelled(lemma.capitalize()), origin="transliteration")],
        )
        return
    if pivot_score < MATCH or pivot_found.text.lower() in target_lower:
        return  # the pivot cannot vouch for a spelling, or the target has the pivot's
    if found is not None and _stem_of(found.text, pivot_found.text):
        return  # "Tsumadi District" for "Tsumadinsky District": the stem of the same name
    if found is not None and score >= CLOSE and _original_spelling(found.text, text):
        return  # "Khashoggi", "Krychowiak": the name's own spelling, which the pivot transliterated
    suggestion = Suggestion(text=pivot_found.text, origin="pivot")
    if score >= CLOSE:
        yield Finding(
            severity=Severity.MINOR,
            segment=segment.id,
            source_span=span,
            target_span=found.span,
            message=f"{name.kind} «{text}» is spelled \"{found.text}\" in the target, "
            f"\"{pivot_found.text}\" in the retranslation",
            suggestions=[suggestion],
        )
        return
    yield Finding(
        severity=Severity.MINOR,
        segment=segment.id,
        source_span=span,
        target_span=_region(segment, span, ctx),
        message=f"{name.kind} «{name.text}» is not in the target; the retranslation has \"{pivot_found.text}\"",
        suggestions=[suggestion],
    )


def _exonym(name: Name, segment: Segment, exonyms: list[str], pivot_words, ctx: CheckContext) -> Iterator[Finding]:
    """A place English names by its own word (Москва: Moscow) that the pivot names so and the target
    does not name at all: minor. Without a pivot, a rephrasing ("the capital") is as likely."""
    pivot_lower = {w.text.lower() for w in pivot_words or ()}
    named = next((e for e in exonyms if e.lower() in pivot_lower), None)
    if named is None:
        return
    yield Finding(
        severity=Severity.MINOR,
        segment=segment.id,
        source_span=name.span,
        target_span=_region(segment, name.span, ctx),
        message=f"{name.kind} «{name.text}» ({named}) is not in the target; the retranslation has \"{named}\"",
        suggestions=[Suggestion(text=named, origin="pivot")],
    )


def _spelling(name: Name, segment: Segment, target_words, pivot_words, finder: NameFinder) -> Iterator[Finding]:
    """Info when the target and the pivot both spell a word of the name, differently."""
    if pivot_words is None:
        return
    target_lower = {w.text.lower() for w in target_words}
    for text, span, lemmas in name.words:
        if name.kind != "person" and not finder.is_proper(text):
            continue
        variants = _variants(text, lemmas)
        found, score = best_match(variants, target_words)
        pivot_found, pivot_score = best_match(variants, pivot_words)
        if score < MATCH or pivot_score < MATCH:
            continue
        if found.text.lower() == pivot_found.text.lower() or pivot_found.text.lower() in target_lower:
            continue
        if _fold(found.text) in variants or _original_spelling(found.text, text):
            continue  # a standard transliteration (Sergei, Sergey), or the name's own spelling (Krychowiak)
        if similarity(found.text, pivot_found.text) >= NEAR or _stem_of(found.text, pivot_found.text):
            continue  # Donbas / Donbass, Stavropol / Stavropolskaya: not worth a note
        yield Finding(
            severity=Severity.INFO,
            segment=segment.id,
            source_span=span,
            target_span=found.span,
            message=f"«{text}» is spelled \"{found.text}\" in the target, \"{pivot_found.text}\" in the retranslation",
            suggestions=[Suggestion(text=pivot_found.text, origin="pivot")],
        )


def _vouched(variants, pivot_words, target_lower: set[str], least: float = MATCH):
    """The pivot's word that spells a name (at least ``least`` alike a transliteration of it), where
    the target lacks that word; None otherwise."""
    found, score = best_match(variants, pivot_words)
    return found if score >= least and found.text.lower() not in target_lower else None


def _given_names(
    name: Name, segment: Segment, target_words, pivot_words, target_lower: set[str]
) -> Iterator[Finding]:
    """A person's first name or patronymic that the pivot spells and the target leaves out, where
    the target has the surname ("Nääs" for «Оливера Няэса», "Oliver Nääs" in the pivot): minor. A
    name the pivot renders by its English form («Майкл» as "Michael") cannot be vouched for and is
    left alone, as are initials."""
    capitalised = [w for w in target_words if w.text[:1].isupper()]  # a name's spelling, not "singer" for «Сергей»
    for text, span, lemmas in name.words[:-1]:
        if len(text) < MIN_LETTERS or not text[:1].isupper() or text.isupper():
            continue
        variants = _variants(text, lemmas)
        if best_match(variants, capitalised)[1] >= CLOSE:
            continue
        pivot_found = _vouched(variants, pivot_words, target_lower)
        if pivot_found is None:
            continue
        yield Finding(
            severity=Severity.MINOR,
            segment=segment.id,
            source_span=span,
            target_span=None,
            message=f"the first name or patronymic «{text}» of «{name.text}» is not in the target; "
            f"the retranslation has \"{pivot_found.text}\"",
            suggestions=[Suggestion(text=pivot_found.text, origin="pivot")],
        )


def _dropped(
    name: Name, segment: Segment, keys, target_words, pivot_words, target_lower: set[str], ctx: CheckContext
) -> Iterator[Finding]:
    """A place or organisation whose words the dictionary knows as common words («Каспийске»), which
    the pivot transliterates and the target has nowhere, not even translated (no target words
    stand in its place): minor. Where the target translates it ("Northern Shipyard" for «Северная
    верфь», the pivot's "Severnaya Verf"), ``mistranslation`` compares the renderings."""
    for text, span, lemmas in keys:
        variants = _variants(text, lemmas)
        pivot_found = _vouched(variants, pivot_words, target_lower, SPELLED)
        if pivot_found is None:
            continue  # only a pivot that spells this very word vouches for it being a name
        if best_match(variants, target_words)[1] >= CLOSE or _region(segment, span, ctx) is not None:
            continue
        yield Finding(
            severity=Severity.MINOR,
            segment=segment.id,
            source_span=name.span,
            target_span=None,
            message=f"{name.kind} «{name.text}» is not in the target; the retranslation has \"{pivot_found.text}\"",
            suggestions=[Suggestion(text=pivot_found.text, origin="pivot")],
        )
        return


def _region(segment: Segment, span, ctx: CheckContext):
    """The target words that stand where the missing name belongs (from the word links), or None."""
    from qa.align.words import target_region

    return target_region(segment, span, ctx.source.morphology, ctx.target.morphology)


_NOT_FROM_CYRILLIC = re.compile(r"w|q|c(?![hz])|([bdfgklmnprstvz])\1")


def _original_spelling(latin: str, russian: str) -> bool:
    """Spelled in a way no transliteration of the Russian gives (w, q, a lone c, a doubled consonant
    the Russian lacks): the name's own spelling in its language, e.g. Krychowiak, Khashoggi."""
    match = _NOT_FROM_CYRILLIC.search(_fold(latin))
    if match is None:
        return False
    if match.group(1):
        return not re.search(r"([бвгдзклмнпрстф])\1", russian.lower())
    return True


def _stem_of(a: str, b: str) -> bool:
    """One word begins with the other (at least four letters): Asia / Asian, Komsomol / Komsomolskaya."""
    a, b = _fold(a), _fold(b)
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short)


def _variants(text: str, lemmas: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for form in {text, *lemmas}:
        out |= transliterations(form)
    return frozenset(out)


def _spelled(word: str) -> str:
    import iuliia

    return iuliia.WIKIPEDIA.translate(word)


_CYRILLIC_WORD = re.compile(r"[А-ЯЁа-яё]{3,}")


def _added(segment: Segment, target_words, finder: NameFinder, ctx: CheckContext) -> Iterator[Finding]:
    """A name in the target that the source does not have: a capitalised word of at least four
    letters, not an English word, not a country's, written in no pivot (nor anything like it), not
    in the source's Latin text, and no transliteration of any source word resembles it (a stem,
    or half its letters): minor. Without a pivot nothing vouches for the source's silence (a
    rendering a dictionary knows and transliteration does not), and nothing is flagged."""
    pivots = segment.pivots
    if not pivots:
        return
    pivot_words = [w for p in pivots for w in latin_words(p)]
    pivot_lower = {w.text.lower() for w in pivot_words}
    source_latin = {w.text.lower() for w in latin_words(segment.source)}
    spellings = None
    for word in target_words:
        text = word.text
        if len(text) < MIN_LETTERS or sum(c.isupper() for c in text) != 1 or not text[:1].isupper() or not text.isalpha():
            continue  # a lower-case word, or an acronym ("CHPPs")
        lower = text.lower()
        if lower in pivot_lower or lower in source_latin or text in finder.countries.words or ctx.target.is_word(lower):
            continue
        if not segment.target[: word.span.start].strip(" \"'«“(-—") and ctx.target.in_lexical_database(lower):
            continue  # capitalised as the first word ("Godspeed!"): an English word the lexicon lacks
        if _ukrainian_form(lower, segment.source):
            continue  # "Volodymyr" for «Владимир»: the Ukrainian form of a Russian given name
        if any(similarity(text, p.text) >= MATCH or _stem_of(text, p.text) for p in pivot_words):
            continue  # the pivot spells it otherwise: a spelling for _spelling to weigh
        if spellings is None:
            spellings = [t for w in _CYRILLIC_WORD.findall(segment.source) for t in transliterations(w)]
        if any(similarity(text, t) >= CLOSE or _stem_of(text, t) for t in spellings):
            continue
        yield Finding(
            severity=Severity.MINOR,
            segment=segment.id,
            source_span=None,
            target_span=word.span,
            message=f"\"{text}\" is in neither the source (in any spelling) nor the retranslation",
            suggestions=[],
        )


#: Ukrainian forms of Russian given names, which English texts use for Ukrainians ("Volodymyr
#: Zelensky" for «Владимир Зеленский»): no transliteration of the Russian spells them
UKRAINIAN_FORMS = {
    "владимир": ("volodymyr",), "александр": ("oleksandr", "olexander"), "алексей": ("oleksiy", "oleksii"),
    "андрей": ("andriy", "andrii"), "сергей": ("serhiy", "serhii"), "дмитрий": ("dmytro",), "николай": ("mykola",),
    "юрий": ("yuriy", "yurii"), "игорь": ("ihor",), "евгений": ("yevhen", "yevgen"), "олег": ("oleh",),
    "михаил": ("mykhailo", "mykhaylo"), "петр": ("petro",), "пётр": ("petro",), "павел": ("pavlo",),
    "григорий": ("hryhoriy", "hryhorii"), "анатолий": ("anatoliy", "anatolii"), "виталий": ("vitaliy", "vitalii"),
    "василий": ("vasyl",), "геннадий": ("hennadiy", "hennadii"), "георгий": ("heorhiy", "heorhii"),
    "ольга": ("olha",), "елена": ("olena",), "наталья": ("nataliya",), "татьяна": ("tetiana", "tetyana"),
}


def _ukrainian_form(lower: str, source: str) -> bool:
    source = source.lower()
    return any(lower in forms and name[:-1] in source for name, forms in UKRAINIAN_FORMS.items())

