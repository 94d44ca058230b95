"""Numbers, dates and percentages of the source that the target drops or changes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qa.align.words import target_region
from qa.checks.base import CheckContext, check
from qa.lang.quantities import Quantity, keys_of, num_key
from qa.records import Finding, Segment, Severity, Span, Suggestion

# A changed number's counterpart is looked for near the same relative position
# when there is no model alignment to say where the number went.
MAX_RELATIVE_DISTANCE = 0.35
_AND_A_HALF = re.compile(r"\b(?:a|an|one)\s+[a-z]+\s+and\s+a\s+half\b", re.IGNORECASE)


@check("numbers", Severity.MAJOR, source=("quantities", "english-renderings"), target=("quantities", "english"))
def numbers(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """A number, date or percentage of the source missing or changed in the target.

    Every number, date, percentage, decade, time and scale word written with
    digits in the Russian source must appear in an equivalent form in the
    English target: 27 февраля = February 27 = 27th of February; 2,5 млрд =
    2.5 billion = 2.5bn = 2,500,000,000; 5 февраля 2026 года = February 5,
    2026; топ-5 = top 5 = top five; 1990-х = 1990s; 3,5% = 3.5 percent; a
    small number may be written as a word ("5" = "five"). A number with no
    equivalent is major when a different number stands in its place in the
    target (both spans are given) and minor when it is simply missing; it is
    only info when the retranslation (pivot) renders it without that number
    too, which usually means an idiomatic rendering ("в 2 раза" = "twice").
    A number word that says one number (два, трёх, пятью, полтора; not «один»,
    «оба», ordinals) is major when the target has another number in its place
    and nowhere its own (три → "two"), unless the pivot reads that number too.
    The suggestion is the expected English form (origin "source").
    Only Russian→English is read.
    """
    if not segment.source.strip() or not segment.target.strip():
        return
    source = ctx.source.quantities(segment.source)
    number_words = ctx.source.number_words(segment.source)
    words = [w for w in number_words if w.exact]
    if not source and not words:
        return
    target = ctx.target.quantities(segment.target)
    target_keys = keys_of(target)
    pivot_keys = keys_of(ctx.target.quantities(segment.pivot)) if _pivot_is_witness(segment, ctx) else None
    worded = {num_key(v) for word in number_words for v in word.values}

    used: set[int] = set()
    missing: list[Quantity] = []
    for quantity in source:
        alternative = quantity.satisfied_by(target_keys)
        if alternative is None:
            missing.append(quantity)
            continue
        for index, candidate in enumerate(target):
            if candidate.keys & alternative:
                used.add(index)
    for index, candidate in enumerate(target):
        if candidate.keys & worded:
            used.add(index)

    for quantity in missing:
        pivot_agrees = pivot_keys is not None and quantity.satisfied_by(pivot_keys) is not None
        expected = Suggestion(text=quantity.english, origin="source")
        same_day = _same_day(quantity, target)
        if same_day is not None:
            # the day and month are there; the year is not, or another year is
            other_year = any(k[0] == "num" and 1000 <= k[1] < 3000 for k in same_day.keys)
            if other_year:
                severity = Severity.MAJOR
            else:
                severity = Severity.MINOR if pivot_keys is None or pivot_agrees else Severity.INFO
            yield Finding(
                severity=severity,
                source_span=quantity.span,
                target_span=same_day.span,
                message=f"the year of «{quantity.text}» is {'different' if other_year else 'missing'} in "
                f"\"{same_day.text}\" (expected \"{quantity.english}\")",
                suggestions=[expected],
            )
            continue
        alone = sum(1 for q in missing if q.family == quantity.family) == 1
        counterpart = _counterpart(quantity, target, used, segment, alone)
        if counterpart is not None:
            used.add(target.index(counterpart))
            severity = Severity.MAJOR
            note = None
            if pivot_keys is not None and not pivot_agrees and counterpart.keys & pivot_keys:
                severity = Severity.MINOR
                note = "the retranslation reads the same different number: the source may be read wrongly here"
            yield Finding(
                severity=severity,
                source_span=quantity.span,
                target_span=counterpart.span,
                message=f"«{quantity.text}» reads \"{counterpart.text}\" in the target "
                f"(expected \"{quantity.english}\")",
                suggestions=[expected],
                note=note,
            )
            continue
        severity = Severity.MINOR
        note = None
        if pivot_keys is not None and not pivot_agrees:
            severity = Severity.INFO
            note = "the retranslation renders it without this number too (an idiomatic rendering?)"
        yield Finding(
            severity=severity,
            source_span=quantity.span,
            target_span=target_region(segment, quantity.span, ctx.source.morphology, ctx.target.morphology),
            message=f"«{quantity.text}» has no equivalent in the target (expected \"{quantity.english}\")",
            suggestions=[expected],
            note=note,
        )
    yield from _changed_words(words, keys_of(source) | worded, target, target_keys, pivot_keys, used, segment, ctx)


def _changed_words(words, source_keys, target, target_keys, pivot_keys, used, segment, ctx) -> Iterator[Finding]:
    """Number words of the source that the target renders as another number."""
    for word in words:
        key = num_key(word.values[0])
        if key in target_keys or (pivot_keys is not None and key not in pivot_keys):
            continue  # rendered, or the pivot reads it otherwise too (an idiom, "a couple")
        if word.values[0] == 1.5 and _AND_A_HALF.search(segment.target):
            continue  # "a year and a half"
        spelled = ctx.target.spell_number(word.values[0])
        candidates = [
            (i, t) for i, t in enumerate(target)
            if i not in used and t.family == "number" and not (t.keys & source_keys)
        ]
        where = word.span.start / max(len(segment.source), 1)
        near = [(i, t) for i, t in candidates if abs(t.span.start / max(len(segment.target), 1) - where) <= MAX_RELATIVE_DISTANCE]
        if not near and len(words) == 1 and len(candidates) == 1:
            near = candidates  # one number word, one number the source does not have: wherever it stands
        if not near:
            continue
        index, counterpart = min(near, key=lambda c: abs(c[1].span.start / max(len(segment.target), 1) - where))
        used.add(index)
        yield Finding(
            severity=Severity.MAJOR,
            source_span=word.span,
            target_span=counterpart.span,
            message=f"«{word.text}» reads \"{counterpart.text}\" in the target (expected \"{spelled}\")",
            suggestions=[Suggestion(text=spelled, origin="source")],
        )


def _same_day(quantity: Quantity, target: list[Quantity]) -> Quantity | None:
    """For a source date with a year: the target date with the same day and month, if any."""
    if quantity.family != "date" or not quantity.alternatives:
        return None
    days = {k for k in quantity.alternatives[0] if k[0] == "date"}
    return next((t for t in target if t.family == "date" and days & t.keys), None)


def _compatible(family: str, other: str) -> bool:
    return family == other


def _counterpart(
    quantity: Quantity, target: list[Quantity], used: set[int], segment: Segment, alone: bool
) -> Quantity | None:
    """The target number that stands where `quantity` should be, if any.

    With a model alignment: the unused target number linked to it. Without
    one (or when it links none): the only candidate when both sides have just
    one, else the nearest one by relative position, if it is near enough.
    """
    candidates = [
        t for i, t in enumerate(target)
        if i not in used and t.digits and _compatible(quantity.family, t.family)
    ]
    if not candidates:
        return None
    if alone and len(candidates) == 1:
        return candidates[0]  # what the alignment could link is this one or none: no need to read it
    aligned = _aligned_target_spans(quantity.span, segment)
    linked = [t for t in candidates if any(_overlaps(t.span, a) for a in aligned)]
    if linked:
        return linked[0]
    where = quantity.span.start / max(len(segment.source), 1)

    def distance(t: Quantity) -> float:
        return abs(t.span.start / max(len(segment.target), 1) - where)

    best = min(candidates, key=distance)
    return best if distance(best) <= MAX_RELATIVE_DISTANCE else None


def _pivot_is_witness(segment: Segment, ctx: CheckContext) -> bool:
    """A pivot that disagrees with the whole sentence (chrF++ below the low-agreement
    threshold) says nothing about one number in it."""
    if not segment.pivot:
        return False
    chrf = segment.scores.get("chrf")
    return chrf is None or chrf >= ctx.settings.low_agreement_chrf


def _aligned_target_spans(span: Span, segment: Segment) -> list[Span]:
    if segment.model is None or not segment.model.alignment:
        return []
    return [t for s, t in segment.model.alignment if _overlaps(s, span)]


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
