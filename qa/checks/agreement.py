"""Agreement of the target with the pivot (the model's own translation)."""

from __future__ import annotations

from collections.abc import Iterator

from qa.checks.base import CheckContext, check
from qa.records import Finding, Segment, Severity, Span, Suggestion

MIN_WORDS = 4  # chrF++ on a handful of words says little


@check("low-agreement", Severity.MINOR)
def low_agreement(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """Target that agrees little with the pivot (segment chrF++ below the threshold).

    Compares the supplied target with the retranslation of the source; a low
    chrF++ means the two renderings diverge, which points at a mistranslation,
    an omission inside the sentence, or a free rendering worth a look. The
    threshold is `low_agreement_chrf` (flag --low-agreement); segments of fewer
    than four words are skipped.
    """
    chrf = segment.scores.get("chrf")
    if chrf is None or not segment.pivot or len(segment.target.split()) < MIN_WORDS:
        return
    threshold = ctx.settings.low_agreement_chrf
    if chrf < threshold:
        yield Finding(
            source_span=Span(0, len(segment.source)),
            target_span=Span(0, len(segment.target)),
            message=f"low agreement with the pivot: chrF++ {chrf:.1f} < {threshold:g}",
            suggestions=[Suggestion(text=segment.pivot, origin="pivot")],
        )
