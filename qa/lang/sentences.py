"""Sentences within a line block: razdel's ``sentenize`` (rule-based, offline, made for Russian
and good on English too), the splitter every language pack starts from."""

from __future__ import annotations

from qa.records import Span


def razdel_spans(text: str, block: Span) -> list[Span]:
    from razdel import sentenize

    chunk = text[block.start : block.end]
    out = []
    for s in sentenize(chunk):
        span = strip(text, Span(block.start + s.start, block.start + s.stop))
        if span.end > span.start:
            out.append(span)
    return out


def strip(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
