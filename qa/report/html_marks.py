"""The marks of the HTML report: findings over their spans, and the words where target and pivot disagree.

A stretch of text that findings cover is one ``<mark class="sev-...">`` (overlapping findings
split the text into pieces, each marked with the worst finding over it). Inside that, each word
of the target that the pivot lacks, and each word of the pivot that the target lacks, is a
``<mark class="diff">``: a content word or a number whose lower-cased surface and lemmas
(:class:`qa.lang.morphology.Morphology` of the target language: simplemma for English) meet none
of the other text's. That is a reading aid (where to look), not a finding: the word-level checks
(:mod:`qa.checks.mistranslation`) decide what is an error. It costs one tokenisation of each text,
lemmas cached per word, so it stays cheap over a large batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from qa.records import Finding, Span

Escape = Callable[[str], str]


def disagreements(target: str, pivot: str | None, lang: str) -> tuple[list[Span], list[Span]]:
    """The words of the target without a counterpart in the pivot, and of the pivot without one in
    the target (content words and numbers; matched by surface and lemma); none without a pivot."""
    if not pivot or not target or pivot == target:
        return [], []
    from qa.lang import get_language

    morphology = get_language(lang).morphology
    target_tokens, pivot_tokens = morphology.tokens(target), morphology.tokens(pivot)

    def lacking(tokens, others) -> list[Span]:
        keys = {key for token in others for key in token.keys}
        return [
            Span(t.start, t.end)
            for t in tokens
            if not t.keys & keys and (t.text.isdigit() or morphology.is_content(t))
        ]

    return lacking(target_tokens, pivot_tokens), lacking(pivot_tokens, target_tokens)


def marked(text: str, spans: Sequence[tuple[Span, Finding]], ids: Callable[[Finding], str], escape: Escape, words: Sequence[Span] = ()) -> str:
    """The text escaped, with a <mark> over each stretch that findings cover (overlaps split into
    pieces) and a ``<mark class="diff">`` over each of ``words`` inside them."""
    if not text:
        return ""
    size = len(text)
    ranges = [(max(0, min(s.start, size)), max(0, min(s.end, size)), f) for s, f in spans]
    points = [(a, f) for a, b, f in ranges if a == b]
    ranges = [(a, b, f) for a, b, f in ranges if a < b]
    bounds = sorted({0, size} | {a for a, _, _ in ranges} | {b for _, b, _ in ranges} | {a for a, _ in points})
    out = []
    for a, b in zip(bounds, bounds[1:] + [size], strict=True):
        here = [f for p, f in points if p == a]
        if here:
            out.append(_mark("‸", here, ids, escape, extra=" point"))
        if a >= b:
            continue
        covering = [f for s, e, f in ranges if s <= a and b <= e]
        piece = _words(text, a, b, words, escape)
        out.append(_mark(piece, covering, ids, escape, raw=True) if covering else piece)
    return "".join(out)


def _words(text: str, start: int, end: int, words: Sequence[Span], escape: Escape) -> str:
    """``text[start:end]`` escaped, with a diff mark over the parts of ``words`` in it."""
    out, at = [], start
    for word in words:
        a, b = max(word.start, start), min(word.end, end)
        if a >= b:
            continue
        out.append(escape(text[at:a]))
        out.append(f'<mark class="diff">{escape(text[a:b])}</mark>')
        at = b
    out.append(escape(text[at:end]))
    return "".join(out)


def _mark(piece: str, findings: list[Finding], ids: Callable[[Finding], str], escape: Escape, extra: str = "", raw: bool = False) -> str:
    worst = max(findings, key=lambda f: f.severity.rank)
    title = "; ".join(f"{f.severity.value} {f.check}: {f.message}" for f in findings)
    return (
        f'<mark class="sev-{worst.severity.value}{extra}" data-findings="{" ".join(ids(f) for f in findings)}" '
        f'data-severity="{worst.severity.value}" title="{escape(title)}">{piece if raw else escape(piece)}</mark>'
    )
