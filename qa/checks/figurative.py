"""Figurative use: a word in quotation marks in the source, rendered by its literal dictionary equivalent.

Russian news puts figurative words in quotation marks: «слоны» (Republicans),
«раздражители» (irritants, diplomatic jargon), «кнут и пряник». When the
target renders such a quoted word or phrase with its literal dictionary
equivalent ("elephants", "whip and gingerbread"), a reader may get the wrong
sense: the check flags it for review.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from qa.checks.base import CheckContext, check
from qa.lang.morphology import WORD
from qa.records import Finding, Segment, Severity, Span, Suggestion
from qa.terms.matching import exclusive, find_all, pattern

#: quoted stretches: «…», “…”, „…“, "…" (the inner text is group 1, 2, 3 or 4)
QUOTED = re.compile(r"«([^«»]{1,80})»|“([^“”]{1,80})”|„([^„“”]{1,80})[“”]|\"([^\"]{1,80})\"")

#: longer quotations are citations, not figurative words
MAX_WORDS = 4


def quoted_spans(text: str) -> list[Span]:
    """Spans of the text inside quotation marks (at most MAX_WORDS words, at least one letter)."""
    out = []
    for m in QUOTED.finditer(text):
        group = next(g for g in range(1, 5) if m.group(g) is not None)
        inner = m.group(group)
        words = WORD.findall(inner)
        if 0 < len(words) <= MAX_WORDS and any(c.isalpha() for c in inner):
            out.append(Span(m.start(group), m.end(group)))
    return out


@check("figurative", Severity.MINOR)
def figurative(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """A quoted source word or phrase (figurative use?) is rendered by its literal dictionary equivalent.

    Only whole quoted phrases of up to four words are looked up (a word
    inside a longer quotation is not), in the dictionary of literal
    equivalents (:mod:`qa.terms.dictionary`). Minor, unless a glossary entry over the
    quotation says more (its severity; jargon stays minor); where that entry
    approves or forbids the target's words, the glossary rules and this check
    is silent. Suggestions: the glossary's renderings, then the pivot's
    rendering of the same quotation (by order, when source and pivot have as
    many quotations).
    """
    if not segment.source.strip() or not segment.target.strip():
        return
    quotes = quoted_spans(segment.source)
    if not quotes:
        return
    source_morph = ctx.source.morphology
    target_morph = ctx.target.morphology
    dictionary = ctx.dictionary
    index = ctx.term_index
    covering = index.source_matches(segment.source, exclusive_only=False) if index else []
    pivot_quotes = quoted_spans(segment.pivot) if segment.pivot else []
    target_tokens = target_morph.tokens(segment.target)
    flagged: set[Span] = set()
    for number, quote in enumerate(quotes):
        phrase = quote.text(segment.source)
        literal = dictionary.equivalents(phrase, source_morph, general=False)
        if not literal:
            continue
        terms = [m.item for m in covering if m.span.start < quote.end and quote.start < m.span.end]
        patterns = [(text, p) for text in literal if (p := pattern(text, target_morph)) is not None]
        for match in exclusive(find_all(segment.target, target_tokens, patterns)):
            if match.span in flagged or _glossary_decides(index, terms, segment.target, match.span):
                continue
            flagged.add(match.span)
            used = match.span.text(segment.target)
            ranked: list[Suggestion] = []
            severity = figurative.severity
            for t in terms:
                term = index.terms[t]
                ranked += [Suggestion(a, "glossary") for a in term.approved]
                if term.severity > severity and term.kind != "jargon":
                    severity = term.severity
            if len(pivot_quotes) == len(quotes):
                pivot_text = pivot_quotes[number].text(segment.pivot or "")
                if not find_all(pivot_text, target_morph.tokens(pivot_text), patterns):
                    ranked.append(Suggestion(pivot_text, "pivot"))
            yield Finding(
                severity=severity,
                source_span=quote,
                target_span=match.span,
                message=(
                    f"«{phrase}» is in quotation marks (figurative use?) and \"{used}\" is its literal "
                    "dictionary equivalent: check that the sense carries over"
                ),
                suggestions=_unique(ranked),
            )


def _glossary_decides(index, terms: list[int], target: str, span: Span) -> bool:
    """Whether a glossary term over the quotation already rules on this target span.

    An approved rendering there is accepted; a forbidden one is term-forbidden's finding.
    """
    for t in terms:
        for r in index.rendering_matches(target, t):
            if r.span.start < span.end and span.start < r.span.end:
                return True
    return False


def _unique(items: list[Suggestion]) -> list[Suggestion]:
    seen: set[str] = set()
    out = []
    for s in items:
        if s.text.lower() not in seen:
            seen.add(s.text.lower())
            out.append(s)
    return out


__all__ = ["figurative", "quoted_spans"]
