"""Units a localization file marks as needing review."""

from __future__ import annotations

from collections.abc import Iterator

from qa.checks.base import CheckContext, check
from qa.records import Document, Finding, Severity, Span


@check("fuzzy", Severity.MINOR, scope="document")
def fuzzy(document: Document, ctx: CheckContext) -> Iterator[Finding]:
    """A translation the file itself marks as unreviewed (a PO entry's "#, fuzzy").

    gettext does not use a fuzzy msgstr at run time, so such a unit ships untranslated until
    someone reviews it; its text is checked like any other."""
    marked = set(document.fuzzy)
    for segment in document.segments:
        if segment.id in marked:
            yield Finding(
                segment=segment.id,
                source_span=None,
                target_span=Span(0, len(segment.target)),
                message="the file marks this translation as fuzzy (not reviewed; gettext will not use it)",
            )
