"""Negation lost or added: the target says the opposite of the source."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from qa.checks.base import CheckContext, check
from qa.records import Finding, Segment, Severity, Span, Suggestion


@check("negation", Severity.MAJOR, source=("negation",), target=("negation",))
def negation(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """A negation of the source lost in the target, or one the target adds.

    The negated clauses of the source (не, нет, нельзя; никто, никогда, ... with no не beside
    them; not «чуть не», «не раз», «не менее», «не только») are counted against the
    target's negators (not, n't, no, never, nobody, nothing, none, neither, nowhere, cannot;
    not "not only", "no less than"). With a pivot, the pivot's negators arbitrate: a target
    with no negation where source and pivot have one (lost), or with one where neither has
    (added), is major; a word of negative meaning ("unable", "unharmed", "failed to",
    "avoid") keeps a negation. A negation said twice in one clause ("no one was not injured",
    "there were not no casualties") where the pivot says it once is major too. Only whole sentences are compared: a negation lost in one
    clause of several is not seen yet (that needs word links). Without a pivot, a target whose negation disagrees with
    the source's is info: Russian negates where English need not («не менее» → "at least").
    """
    if not segment.source.strip() or not segment.target.strip():
        return
    source = ctx.source.negations(segment.source)
    target = ctx.target.negations(segment.target)
    pivot = ctx.target.negations(segment.pivot) if segment.pivot else None
    if pivot is None:
        if bool(source) != bool(target):
            yield _finding(segment, source, target, Severity.INFO, "(no pivot to confirm it)")
        return
    if target or not source or not pivot:
        lost = False
    else:  # a negation may live in a word of negative meaning: "unable", "unharmed", "failed to"
        lost = not ctx.target.negative_meanings(segment.target)
    added = bool(target) and not source and not pivot
    if added:  # a negation in a word: «недостаточно» -> "not enough", the pivot's "insufficient"
        added = not ctx.source.negative_meanings(segment.source) and not ctx.target.negative_meanings(segment.pivot)
    if lost or added:
        yield _finding(segment, source, target, None, "")
        return
    doubled = _doubled(segment.target, target)
    if doubled is not None and _doubled(segment.pivot, pivot) is None:
        yield Finding(
            severity=None,
            target_span=doubled,
            message=f"the target negates twice (\"{doubled.text(segment.target)}\") where the retranslation does not",
            suggestions=[Suggestion(text=segment.pivot, origin="pivot")],
        )


def _doubled(text: str, negators: list[Span]) -> Span | None:
    """Two negators of one clause ("no one was not injured", "there were not no casualties"): a
    negation said twice, which a translation adds by mistake; the span from the first to the second."""
    for first, second in pairwise(negators):
        between = text[first.end : second.start]
        if len(between.split()) <= 3 and not any(c in between for c in ",;:.!?—–()\"«»“”") and between.strip().lower() not in ("or", "nor"):
            return Span(first.start, second.end)
    return None


def _finding(segment: Segment, source: list[Span], target: list[Span], severity: Severity | None, why: str) -> Finding:
    if not target or (source and len(target) < len(source)):
        first = source[len(target)] if len(target) < len(source) else source[0]
        message = f"the negation «{first.text(segment.source)}» of the source is not in the target"
        spans = (first, None)
    else:
        message = f"the target negates (\"{target[0].text(segment.target)}\") where the source does not"
        spans = (None, target[0])
    return Finding(
        severity=severity,
        source_span=spans[0],
        target_span=spans[1],
        message=message + (f" {why}" if why else ""),
        suggestions=[Suggestion(text=segment.pivot, origin="pivot")] if segment.pivot else [],
    )
