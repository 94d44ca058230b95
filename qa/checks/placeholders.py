"""Placeholders and markup of localization files: what software fills in or renders must survive.

The tests are translate-toolkit's own (``translate.filters.checks.StandardChecker``, the tests
``pofilter`` runs), not written anew; this module only says which ones mtqa runs, how severe a
failure is, and where in the segment it stands.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from qa.checks.base import CheckContext, check
from qa.load.localization import is_localization
from qa.records import Document, Finding, Severity, Span

# translate-toolkit test -> (severity of a failure, the pattern of what it compares, if any)
_PRINTF = re.compile(r"%(?:\d+\$)?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrs%@]|%\([\w.]+\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
_BRACE = re.compile(r"\{[\w.\[\]]*(?:![rsa])?(?::[^{}]*)?\}")
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"']+|www\.[^\s<>\"']+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

TESTS: dict[str, tuple[Severity, re.Pattern | None]] = {
    "printf": (Severity.MAJOR, _PRINTF),
    "pythonbraceformat": (Severity.MAJOR, _BRACE),
    "xmltags": (Severity.MAJOR, _TAG),
    "urls": (Severity.MAJOR, _URL),
    "emails": (Severity.MAJOR, _EMAIL),
    "brackets": (Severity.MINOR, None),
    "startwhitespace": (Severity.MINOR, None),
    "endwhitespace": (Severity.MINOR, None),
}


@lru_cache(maxsize=1)
def _checker() -> Any:
    from translate.filters.checks import StandardChecker

    return StandardChecker()


@check("placeholders", Severity.MAJOR, scope="document")
def placeholders(document: Document, ctx: CheckContext) -> Iterator[Finding]:
    """A placeholder, tag, URL, e-mail, bracket or edge whitespace of the source lost or changed in the target.

    Localization files (XLIFF, PO, TMX) only: printf placeholders (%d, %1$s, %(name)s),
    {name} placeholders, inline tags and XML/HTML markup, URLs and e-mail addresses are major
    (software fills them in or renders them); brackets and whitespace at the start or the end
    are minor. The tests are translate-toolkit's (pofilter's); the finding points at what the
    source has and the target lacks, and at what the target has instead. Empty targets are
    left to ``untranslated``.
    """
    if not is_localization(document):
        return
    checker = _checker()
    from translate.filters.checks import FilterFailure

    for segment in document.segments:
        if not segment.source or not segment.target.strip():
            continue
        for test, (severity, pattern) in TESTS.items():
            try:
                passed = getattr(checker, test)(segment.source, segment.target)
            except FilterFailure as failure:
                messages = [str(m) for m in getattr(failure, "messages", [failure])]
                passed = False
            else:
                messages = []
            if passed:
                continue
            source_span, target_span = _spans(pattern, segment.source, segment.target)
            if pattern is not None and source_span is None and target_span is None:
                continue  # the toolkit's test and ours disagree on what it compares: say nothing unsure
            yield Finding(
                segment=segment.id,
                severity=severity,
                source_span=source_span,
                target_span=target_span,
                message=f"{test}: " + ("; ".join(messages) or "the target differs from the source"),
            )


def _spans(pattern: re.Pattern | None, source: str, target: str) -> tuple[Span | None, Span | None]:
    """The first of the source's items the target lacks, and the first target item the source lacks."""
    if pattern is None:
        return None, None
    source_items = list(pattern.finditer(source))
    target_items = list(pattern.finditer(target))
    return _first_unmatched(source_items, target_items), _first_unmatched(target_items, source_items)


def _first_unmatched(items: list[re.Match], others: list[re.Match]) -> Span | None:
    """The first of ``items`` left over once each of ``others`` has matched one equal to it."""
    left = Counter(m.group() for m in others)
    for m in items:
        if left[m.group()] > 0:
            left[m.group()] -= 1
        else:
            return Span(m.start(), m.end())
    return None
