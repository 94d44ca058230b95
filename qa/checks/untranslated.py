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
    with the matching span of the source when the same text is there; a single
    source-script letter drawn like a Latin one (a Cyrillic "О" in "О!") and a word mixing both
    scripts ("Мoscow") are minor. Source-script text that may belong in the
    target (a web address such as стопкоронавирус.рф, an e-mail, a hashtag, a
    handle) is info with the reason; the «х» of dimensions ("90х190х27") and the
    «С» of "°С" are not flagged. An empty target of an XLIFF, PO or TMX unit is
    untranslated (an article's dropped sentence is an omission). Segments with no
    source (additions) are left to the addition check.
    """
    if not segment.source.strip():
        return
    if not segment.target.strip():
        if ctx.localization:
            yield Finding(
                source_span=Span(0, len(segment.source)),
                target_span=None,
                message="the unit has no translation (an empty target)",
                suggestions=[_pivot(segment)] if segment.pivot else [],
            )
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
    kept = [(m.start(), m.end(), why) for pattern, why in _KEPT for m in pattern.finditer(segment.target)]
    for span in _runs(segment.target, script):
        text = span.text(segment.target)
        if _DIMENSIONS.fullmatch(text):
            continue  # "90х190х27": the Cyrillic «х» of dimensions
        why = next((w for start, end, w in kept if start <= span.start and span.end <= end), None)
        severity = Severity.INFO if why else None  # None: the check's own, major
        if why is None and sum(ch.isalpha() for ch in text) < 2:
            if not _stray_letter(segment.target, span):
                continue
            severity = Severity.MINOR  # a single letter drawn like a Latin one
        at = segment.source.find(text)
        yield Finding(
            severity=severity,
            source_span=Span(at, at + len(text)) if at >= 0 else None,
            target_span=span,
            message=f"untranslated {ctx.source_lang} text in the target: {text!r}" + (f" ({why}: it may belong there)" if why else ""),
            suggestions=[_pivot(segment)] if segment.pivot else [],
        )
    yield from _mixed_words(segment, script, ctx)


# Source-script text that belongs in the target: said at info, with the reason
_KEPT = [
    (re.compile(r"(?:https?://|www\.)\S+|[\w.-]+\.(?:рф|ру|рус|su|ru)(?:/\S*)?", re.IGNORECASE), "a web address"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "an e-mail address"),
    (re.compile(r"(?<![\w#])#\w+"), "a hashtag"),
    (re.compile(r"(?<![\w@])@\w+"), "a handle"),
]


_DIMENSIONS = re.compile(r"\d+(?:[.,]\d+)?(?:\s?[хХ]\s?\d+(?:[.,]\d+)?)+")


# Cyrillic letters drawn like Latin ones: alone in English text, an encoding or typing slip
_HOMOGLYPHS = frozenset("АВЕКМНОРСТХаеорсух")


def _stray_letter(text: str, span: Span) -> bool:
    """A single source-script letter drawn like a Latin one ("О!" with a Cyrillic О), other than
    the «х» of dimensions ("90х190х27") and the «С» of "°С". Other single letters are a
    mention («буква я», "the letter я"): not flagged."""
    letter = span.text(text)
    if letter not in _HOMOGLYPHS:
        return False
    before, after = text[span.start - 1 : span.start], text[span.end : span.end + 1]
    if letter.lower() == "х" and before[-1:].isdigit() and after[:1].isdigit():
        return False
    if letter == "С" and text[max(0, span.start - 2) : span.start].strip().endswith("°"):
        return False  # "+22 °С": a Cyrillic С that reads as the Latin one
    return True


def _mixed_words(segment: Segment, script: str, ctx: CheckContext) -> Iterator[Finding]:
    """Words mixing the source's script with the target's ("Мoscow": a Cyrillic М): minor."""
    target_script = ctx.target.script
    for m in _WORD.finditer(segment.target):
        scripts = {_script(ch) for ch in m.group() if ch.isalpha()}
        if script in scripts and target_script in scripts:
            yield Finding(
                severity=Severity.MINOR,
                source_span=None,
                target_span=Span(m.start(), m.end()),
                message=f"\"{m.group()}\" mixes {script.title()} and {target_script.title()} letters",
            )


def _pivot(segment: Segment):
    from qa.records import Suggestion

    return Suggestion(text=segment.pivot, origin="pivot")
