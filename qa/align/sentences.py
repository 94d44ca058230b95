"""Sentence segmentation: paragraphs into line blocks, line blocks into sentences by the language
pack (``qa.lang``: razdel's ``sentenize``, with an English pass for English).

Line breaks: a blank line always ends a sentence; a single line break ends one
too unless the next line starts with a lower-case letter (a hard-wrapped
sentence going on). Breadcrumbs, titles and list items without final
punctuation thus come out as sentences of their own.
"""

from __future__ import annotations

from qa.lang.sentences import strip
from qa.records import Span


def split_sentences(text: str, lang: str) -> list[Span]:
    """Sentence spans (half-open, stripped of surrounding whitespace) in order.

    Text outside the spans is whitespace only. ``lang`` is an ISO 639-1 code: its language pack
    splits each line block (razdel for every language, with an English pass for "en").
    """
    from qa.lang import get_language

    language = get_language(lang)
    spans: list[Span] = []
    for block in _line_blocks(text):
        spans.extend(language.sentences(text, block))
    return spans


def _line_blocks(text: str) -> list[Span]:
    """Stretches of text that no sentence crosses (see the module docstring)."""
    blocks: list[Span] = []
    start: int | None = None
    prev_end = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        line_start, line_end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if not body:
            if start is not None:
                blocks.append(Span(start, prev_end))
                start = None
            continue
        if start is not None and not body[0].islower():
            blocks.append(Span(start, prev_end))
            start = None
        if start is None:
            start = line_start
        prev_end = line_end
    if start is not None:
        blocks.append(Span(start, prev_end))
    return [b for b in (strip(text, b) for b in blocks) if b.end > b.start]


