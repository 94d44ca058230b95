"""Sentence segmentation for Russian and English text.

Both languages go through razdel's ``sentenize`` (rule-based, offline, made for
Russian and good on English too), inside line blocks, then through a small
English pass that fixes what razdel gets wrong in English news text: it breaks
after title abbreviations ("Gen.", "Sen.", "Prof.", "St.") and month
abbreviations before a number ("Jan. 5"), and it never breaks after a dotted
acronym ("the U.S. The next day").

Line breaks: a blank line always ends a sentence; a single line break ends one
too unless the next line starts with a lower-case letter (a hard-wrapped
sentence going on). Breadcrumbs, titles and list items without final
punctuation thus come out as sentences of their own.
"""

from __future__ import annotations

import re

from qa.records import Span

# Abbreviations after which English text goes on with a name: never a sentence end.
_EN_TITLES = frozenset(
    "mr mrs ms messrs dr prof gen sen rep gov lt col capt cpt sgt maj adm cmdr rev st mt ft pres supt hon"
    " gens sens reps govs".split()
)
# Abbreviations that go on with a number: never a sentence end before a digit.
_EN_BEFORE_NUMBER = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos vol vols art arts fig figs p pp ch sec approx"
    " para paras".split()
)
# Abbreviations that never end a sentence whatever follows.
_EN_NEVER_FINAL = frozenset("vs e.g i.e cf approx".split())
# Words that start a sentence far more often than they follow "U.S." inside one.
_EN_SENTENCE_STARTERS = frozenset(
    "The This That These Those It Its He She They We I You But However There Then Meanwhile According"
    " At In On As After Also Yet So What Why How When Where Who Still Now Since While Although Though"
    " If Moreover Furthermore Earlier Later".split()
)

_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.[\"'”’»)]*$")
_DOTTED_ACRONYM_THEN_WORD = re.compile(r"\b((?:[A-Z]\.){2,})(\s+)([A-Z][a-z]+)\b")


def split_sentences(text: str, lang: str) -> list[Span]:
    """Sentence spans (half-open, stripped of surrounding whitespace) in order.

    Text outside the spans is whitespace only. ``lang`` is an ISO 639-1 code;
    "en" gets the English pass on top of razdel, every other language razdel alone.
    """
    spans: list[Span] = []
    for block in _line_blocks(text):
        sentences = _razdel_spans(text, block)
        if lang == "en":
            sentences = _english_pass(text, sentences)
        spans.extend(sentences)
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
    return [b for b in (_strip(text, b) for b in blocks) if b.end > b.start]


def _razdel_spans(text: str, block: Span) -> list[Span]:
    from razdel import sentenize

    chunk = text[block.start : block.end]
    out = []
    for s in sentenize(chunk):
        span = _strip(text, Span(block.start + s.start, block.start + s.stop))
        if span.end > span.start:
            out.append(span)
    return out


def _english_pass(text: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and _glued(text[merged[-1].start : merged[-1].end], text[span.start : span.end]):
            merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    out: list[Span] = []
    for span in merged:
        out.extend(_split_after_acronyms(text, span))
    return out


def _glued(previous: str, following: str) -> bool:
    """Whether razdel's break between two English sentences is wrong."""
    m = _LAST_WORD.search(previous)
    if not m or previous.endswith(("!", "?")):
        return False
    word = m.group(1).lower()
    if previous[m.end(1) + 1 : m.end()]:  # a closing quote or bracket after the dot: a real end
        return False
    if word in _EN_TITLES or word in _EN_NEVER_FINAL:
        return True
    return word in _EN_BEFORE_NUMBER and following[:1].isdigit()


def _split_after_acronyms(text: str, span: Span) -> list[Span]:
    """Break "... the U.S. The next day ..." after the acronym."""
    sentence = text[span.start : span.end]
    cuts = [
        m.end(1)
        for m in _DOTTED_ACRONYM_THEN_WORD.finditer(sentence)
        if m.group(3) in _EN_SENTENCE_STARTERS and m.start(3) > 0
    ]
    pieces = []
    begin = span.start
    for cut in cuts:
        pieces.append(_strip(text, Span(begin, span.start + cut)))
        begin = span.start + cut
    pieces.append(_strip(text, Span(begin, span.end)))
    return [p for p in pieces if p.end > p.start]


def _strip(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
