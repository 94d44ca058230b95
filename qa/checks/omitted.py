"""Source phrases the target renders nowhere while every retranslation renders them (word links)."""

from __future__ import annotations

from collections.abc import Iterator

from qa.checks.base import CheckContext, check
from qa.checks.mistranslation import compare_words, rendering_in, supports
from qa.lang.morphology import Token
from qa.records import Finding, Segment, Severity, Span, Suggestion

#: source content words this close (in words) that the target leaves out are one omission
OMISSION_GAP = 2


@check("omitted-words", Severity.MINOR, source=("lemmas", "word-links"), target=("english", "synonyms"))
def omitted_words(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """Two or more neighbouring source content words that the target renders nowhere, where every
    pivot renders each of them by words the target does not have: a phrase left out.

    The word links of ``mistranslation`` (source to target, source to each pivot) say which source
    words the target renders; a content word without a rendering in the target, whose rendering in
    each pivot has no lemma, stem or WordNet synonym anywhere in the target, is lost. Lost words at
    most two words apart are one omission, reported with the source span and the first pivot's
    words as the suggestion (origin ``pivot``); the target has no region for them. One lost word
    alone is no finding (links miss single words too often: "amid" for «на фоне»), nor are words
    that a pivot leaves out too or renders by one word (an idiom: «потом идут», "followed").
    Without a pivot the check is silent; a sentence the target leaves out entirely is
    ``omission``'s.
    """
    comparison = compare_words(segment, ctx)
    if comparison is None:
        return
    source, target, others, _lexicon, to_target, to_pivots = comparison
    morphology, target_morph = ctx.source.morphology, ctx.target.morphology
    lost: list[tuple[int, list[Token]]] = []
    for i, word in enumerate(source):
        if not morphology.is_content(word) or word.text.isupper():
            continue
        if rendering_in(i, to_target, target, source, target_morph):
            continue
        theirs = [rendering_in(i, links, pivot, source, target_morph) for pivot, links in zip(others, to_pivots, strict=True)]
        if all(theirs) and not any(supports(t, target, ctx) for t in theirs):
            lost.append((i, theirs[0]))
    groups: list[list[tuple[int, list[Token]]]] = []
    for item in lost:
        if groups and item[0] - groups[-1][-1][0] <= OMISSION_GAP:
            groups[-1].append(item)
        else:
            groups.append([item])
    for group in groups:
        if len(group) < 2:
            continue
        first, last = source[group[0][0]], source[group[-1][0]]
        span = Span(first.start, last.end)
        if any(c.isdigit() for c in span.text(segment.source)):
            continue  # "17 часов 47 минут" as "5:47 p.m.": numbers are the numbers check's
        words = [t for _, rendering in group for t in rendering]  # in the first pivot
        if len({t.text.lower() for t in words if len(t.text) > 2}) < 2:
            continue  # two source words the pivot renders by one ("потом идут": "followed"): an idiom, reworded
        suggestion = segment.pivots[0][min(t.start for t in words) : max(t.end for t in words)]
        yield Finding(
            source_span=span,
            target_span=None,
            message=", ".join(f"«{source[i].text}»" for i, _ in group) + " rendered nowhere in the target; "
            f"{'the retranslation has' if len(others) == 1 else 'every retranslation renders it:'} \"{suggestion}\"",
            suggestions=[Suggestion(text=suggestion, origin="pivot")],
        )
