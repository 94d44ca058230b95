"""Target words the model finds unlikely and the retranslation does not share."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qa.checks.base import CheckContext, check
from qa.records import Finding, Segment, Severity, Span
from qa.settings import Option

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")

# A word is "unlikely" when the log-probability of its pieces, summed, is below this
# (e^-9 ≈ 1/8000) and also this far below the segment's mean per-token log-probability,
# so that a segment the model finds hard throughout flags nothing. Conservative,
# uncalibrated defaults: precision before recall. The configuration file may override them as
# ``unsupported-logprob``, ``unsupported-margin`` and ``unsupported-max`` (declared below).
MAX_WORD_LOGPROB = -9.0
MIN_MARGIN = 4.0
MAX_PER_SEGMENT = 3
STEM = 5  # words sharing their lemma, or their first five letters, with a pivot word count as shared


def _keys(word: str, lang: str) -> set[str]:
    """What makes two words "the same": the lemma (simplemma) and the first five letters."""
    import simplemma

    word = word.lower().replace("’", "'")
    try:
        lemma = simplemma.lemmatize(word, lang=lang).lower()
    except ValueError:  # a language simplemma does not know
        lemma = word
    return {"lemma:" + lemma, "stem:" + word[:STEM]}


@check(
    "unsupported",
    Severity.MINOR,
    options=(
        Option("unsupported_logprob", float, MAX_WORD_LOGPROB, "A word is unlikely below this summed log-probability of its pieces"),
        Option("unsupported_margin", float, MIN_MARGIN, "... and this far below the segment's mean per-token log-probability"),
        Option("unsupported_max", int, MAX_PER_SEGMENT, "At most this many unlikely words per segment"),
    ),
)
def unsupported(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """Target words the model finds unlikely given the source and the pivot does not share.

    The supplied translation is scored under the model (teacher forcing); a word
    whose pieces' summed log-probability is very low, well below the segment's
    average, and that shares neither lemma nor first five letters with any word of the pivot, is flagged with
    the source word the model aligns it to. Numbers are left to the numbers check.
    At most three words per segment, the least likely first. Needs a model
    engine (transformers or ct2).
    """
    score = segment.model
    if score is None or not segment.pivot or not score.tokens:
        return
    limit = ctx.option("unsupported_logprob")
    margin = ctx.option("unsupported_margin")
    most = ctx.option("unsupported_max")

    lang = ctx.target_lang
    pivot_keys = set().union(*(_keys(m.group(), lang) for m in _WORD.finditer(segment.pivot)))
    candidates = []
    for match in _WORD.finditer(segment.target):
        word = match.group()
        if not any(ch.isalpha() for ch in word) or _keys(word, lang) & pivot_keys:
            continue
        pieces = [
            t.logprob
            for t in score.tokens
            if t.span is not None and t.span.start < match.end() and match.start() < t.span.end
        ]
        if not pieces:
            continue
        logprob = sum(pieces)
        if logprob < limit and logprob < score.logprob * len(pieces) - margin:
            candidates.append((logprob, Span(match.start(), match.end())))
    chosen = sorted(candidates, key=lambda c: c[0])[:most]
    aligned = {tgt: src for src, tgt in score.alignment} if chosen else {}  # read only when needed
    for logprob, span in chosen:
        source_span = aligned.get(span)
        rendered = f" (aligned to «{source_span.text(segment.source)}»)" if source_span else ""
        yield Finding(
            source_span=source_span,
            target_span=span,
            message=(
                f"«{span.text(segment.target)}» is unlikely under the model (log-prob {logprob:.1f})"
                f" and the retranslation has no such word{rendered}"
            ),
            note=f"pivot: {segment.pivot}",
        )
