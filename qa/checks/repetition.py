"""Words repeated by accident: "reports reports"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qa.checks.base import CheckContext, check
from qa.records import Finding, Segment, Severity, Span

_REPEATED = re.compile(r"(?<![\w'’-])([^\W\d_]{2,})(?:\s+\1)+(?![\w'’-])", re.IGNORECASE)
# repetitions English grammar makes ("that that", "had had") or emphasis may keep
_GRAMMATICAL = frozenset({"that", "had", "is", "do", "very", "so", "far", "more", "bye", "ha", "no", "yes", "knock", "tom"})


@check("repetition", Severity.MINOR)
def repetition(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """A word repeated in the target ("reports reports") where the source repeats none.

    Two or more adjacent copies of one word (any case) are flagged with their span, unless
    English grammar makes them ("that that", "had had", "is is") or the source repeats a word
    itself («очень-очень», «да, да»): then the repetition is the translation's.
    """
    if not segment.source.strip() or not segment.target.strip():
        return
    if re.search(r"(?<![\w-])(\w{2,})(?:[\s,-]+\1)+(?![\w-])", segment.source, re.IGNORECASE):
        return
    for m in _REPEATED.finditer(segment.target):
        if m.group(1).lower() in _GRAMMATICAL:
            continue
        yield Finding(
            source_span=None,
            target_span=Span(m.start(), m.end()),
            message=f"\"{m.group(1)}\" repeated: \"{m.group()}\"",
        )
