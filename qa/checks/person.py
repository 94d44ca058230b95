"""Person changed: a speaker ("I", "we") in the target that the source does not have, and a
third person whose gender the target changed."""

from __future__ import annotations

from collections.abc import Iterator

from qa.checks.base import CheckContext, check
from qa.records import Finding, Segment, Severity, Suggestion


@check("person", Severity.MAJOR, source=("person",), target=("person",))
def person(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """A first-person "I", "we", "my" or "our" in the target where the source has no first person.

    The source's first person is its pronouns (я, мы, мой, наш, ...) and its verbs in the first
    person (считаю, думаем: pymorphy3's most likely parse), so a "we" that Russian has only as a
    verb ending is no finding. A target pronoun of the first person in a sentence whose source
    has none reports a third party as the speaker; major when the pivot has no first person
    either, info without a pivot, and info where Russian may leave the speaker unsaid (a
    past-tense verb or a short adjective with no он/она/они: «вызвала бетономешалку» is "I
    called" or "she called" by context; an impersonal «известно», «считается», «нужно»:
    "we know", "it is known"). Left alone: the person of the second and third persons (he/she
    for a Russian past tense whose gender the translator guessed, impersonal «считается» as
    "we believe" or "it is believed": both readings are Russian), and a first person the target
    drops (a reported "I" becoming "he" is common and often right in indirect speech).

    A third person's gender changed: a target "she" / "her" where every pivot has no feminine
    pronoun but a masculine one, and the source gives no feminine marker (она, её, a past tense
    or a short adjective in the feminine: заявила, готова); the same for "he" against "she".
    Major where the source marks the pivots' gender («Он заявил» as "She said"), minor where it
    marks neither (a noun's gender alone, «врач», «директор», is no marker: the person may be
    either). Without a pivot the gender check is silent.
    """
    if not segment.source.strip() or not segment.target.strip():
        return
    yield from _first_person(segment, ctx)
    yield from _gender(segment, ctx)


def _first_person(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    target = ctx.target.first_person(segment.target)
    if not target or ctx.source.first_person(segment.source):
        return
    if segment.pivot and ctx.target.first_person(segment.pivot):
        return  # the retranslation reads a speaker there too
    yield Finding(
        severity=None if segment.pivot and not ctx.source.speaker_unsaid(segment.source) else Severity.INFO,
        source_span=None,
        target_span=target[0],
        message=f"the target speaks in the first person (\"{target[0].text(segment.target)}\") where the source has none",
        suggestions=[Suggestion(text=segment.pivot, origin="pivot")] if segment.pivot else [],
    )


_OTHER = {"masc": "femn", "femn": "masc"}
_PRONOUN = {"masc": "he", "femn": "she"}


def _gender(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    pivots = segment.pivots
    if not pivots:
        return
    target = ctx.target.third_person_genders(segment.target)
    readings = [ctx.target.third_person_genders(p) for p in pivots]
    source = None
    for gender, spans in target.items():
        other = _OTHER[gender]
        if not spans or any(r[gender] or not r[other] for r in readings):
            continue
        if source is None:
            source = ctx.source.third_person_genders(segment.source)
        if source[gender]:
            continue  # the source gives this gender somewhere: two persons, or the pivot's slip
        marked = source[other]
        yield Finding(
            severity=Severity.MAJOR if marked else Severity.MINOR,
            source_span=marked[0] if marked else None,
            target_span=spans[0],
            message=(
                f"\"{spans[0].text(segment.target)}\": the target makes a third person "
                f"{'feminine' if gender == 'femn' else 'masculine'} where the retranslation has "
                f"\"{_PRONOUN[other]}\"" + (f" and the source \"{marked[0].text(segment.source)}\"" if marked else "")
            ),
            suggestions=[Suggestion(text=segment.pivot or pivots[0], origin="pivot")],
        )
