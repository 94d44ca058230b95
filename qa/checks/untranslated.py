"""Source-language text left in the target."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from qa.checks.base import CheckContext, check
from qa.records import Finding, Segment, Severity, Span

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0]


def _runs(text: str, script: str) -> Iterator[Span]:
    """Maximal runs of words written in `script` (with the spaces and punctuation between them)."""
    start = end = None
    for m in _WORD.finditer(text):
        letters = [ch for ch in m.group() if ch.isalpha()]
        if letters and all(_script(ch) == script for ch in letters):
            if start is None:
                start = m.start()
            end = m.end()
        elif start is not None:
            yield Span(start, end)
            start = None
    if start is not None:
        yield Span(start, end)


@check("untranslated", Severity.MAJOR, source=("script",), target=("script",))
def untranslated(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """Source-language text left in the target, or a target identical to its source.

    Runs of words in the source language's script inside the target (e.g.
    Cyrillic words in an English translation) are flagged with their span, and
    with the matching span of the source when the same text is there. Segments
    with no source (additions) are left to the addition check.
    """
    if not segment.source.strip() or not segment.target.strip():
        return
    if segment.source.strip() == segment.target.strip() and any(ch.isalpha() for ch in segment.target):
        yield Finding(
            source_span=Span(0, len(segment.source)),
            target_span=Span(0, len(segment.target)),
            message="target is identical to the source",
            suggestions=[_pivot(segment)] if segment.pivot else [],
        )
        return
    script = ctx.source.script
    if script == ctx.target.script:
        return
    for span in _runs(segment.target, script):
        text = span.text(segment.target)
        if sum(ch.isalpha() for ch in text) < 2:
            continue
        at = segment.source.find(text)
        yield Finding(
            source_span=Span(at, at + len(text)) if at >= 0 else None,
            target_span=span,
            message=f"untranslated {ctx.source_lang} text in the target: {text!r}",
            suggestions=[_pivot(segment)] if segment.pivot else [],
        )


def _pivot(segment: Segment):
    from qa.records import Suggestion

    return Suggestion(text=segment.pivot, origin="pivot")
