"""Target text with no source (additions) and source text with no target (omissions)."""

from __future__ import annotations

from collections.abc import Iterator

from qa.checks.base import CheckContext, check
from qa.records import Finding, Segment, Severity, Span, Suggestion


@check("addition", Severity.MINOR)
def addition(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """Target text that aligns to no source text.

    The aligner links every target sentence to source sentences or to nothing
    (a 0:1 link); the latter is reported here with its target span. Typical
    causes: a translator's or engine's footer, a hallucinated sentence, a
    duplicated paragraph.
    """
    if segment.target.strip() and not segment.source.strip():
        yield Finding(
            source_span=None,
            target_span=Span(0, len(segment.target)),
            message="target text with no counterpart in the source",
        )


@check("omission", Severity.MAJOR)
def omission(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """Source text that aligns to no target text.

    A 1:0 link: a source sentence that the translation left out. The pivot,
    when there is one, is offered as the missing translation. An empty target of
    an XLIFF, PO or TMX unit is left to ``untranslated``.
    """
    if segment.source.strip() and not segment.target.strip():
        if ctx.localization:
            return  # an empty unit of a localization file is untranslated, not omitted
        yield Finding(
            source_span=Span(0, len(segment.source)),
            target_span=None,
            message="source text with no counterpart in the target",
            suggestions=[Suggestion(text=segment.pivot, origin="pivot")] if segment.pivot else [],
        )
