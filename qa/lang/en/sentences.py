"""English sentences: razdel, then a pass that fixes what razdel gets wrong in English news text:
it breaks
after title abbreviations ("Gen.", "Sen.", "Prof.", "St.") and month
abbreviations before a number ("Jan. 5"), and it never breaks after a dotted
acronym ("the U.S. The next day").
"""

from __future__ import annotations

import re

from qa.lang.sentences import razdel_spans, strip
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


def english_sentences(text: str, block: Span) -> list[Span]:
    """The sentences of one line block of English text."""
    return _english_pass(text, razdel_spans(text, block))


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
        pieces.append(strip(text, Span(begin, span.start + cut)))
        begin = span.start + cut
    pieces.append(strip(text, Span(begin, span.end)))
    return [p for p in pieces if p.end > p.start]


