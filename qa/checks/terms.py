"""Glossary checks: a term left out, a forbidden rendering used, a term rendered two ways.

All three match on lemmas and token boundaries (:mod:`qa.terms.index`), so
«раздражителям» finds the entry «раздражитель» and "treaties" finds the
rendering "treaty". Every finding carries ranked suggestions: the glossary's
approved renderings first, then what the pivot uses for the term, then the
dictionary's equivalents.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from qa.align.words import target_region
from qa.checks.base import CheckContext, check
from qa.lang.morphology import WORD, Morphology
from qa.records import Document, Finding, Segment, Severity, Span, Suggestion
from qa.terms import plural
from qa.terms.entries import Term
from qa.terms.index import APPROVED, CANDIDATE, FORBIDDEN, TermIndex
from qa.terms.matching import Match, exclusive

#: forbidden renderings of jargon are established among specialists: review them, never fail on them
JARGON_CAP = Severity.MINOR

#: dictionary equivalents offered after the glossary's and the pivot's renderings
MAX_DICTIONARY_SUGGESTIONS = 2


def suggestions(
    term: Term,
    term_index: int,
    segment: Segment,
    index: TermIndex,
    ctx: CheckContext,
    exclude: tuple[str, ...] = (),
    used: str | None = None,
) -> list[Suggestion]:
    """Ranked suggestions for a term: glossary, then pivot, then dictionary.

    Never a forbidden rendering or an excluded text (any inflection of them).
    Dictionary equivalents are offered for terms, institutions and titles only.
    When ``used`` (the words flagged) is plural, glossary and dictionary
    renderings are put in the plural ("irritants" → "sticking points").
    """
    morph = index.target_morphology
    banned = [*term.forbidden, *exclude]
    out: list[Suggestion] = []

    def add(text: str, origin: str) -> None:
        if used and origin != "pivot":
            text = plural.like(text, used, morph)
        if not text.strip() or any(same_phrase(text, b, morph) for b in banned):
            return
        if any(same_phrase(text, s.text, morph) for s in out):
            return
        out.append(Suggestion(text, origin))

    for text in term.approved:
        add(text, "glossary")
    equivalents = tuple(ctx.dictionary.equivalents(term.source, index.source_morphology, general=False))
    if segment.pivot:
        for match in index.rendering_matches(segment.pivot, term_index, equivalents):
            if match.item.list != FORBIDDEN:
                add(match.span.text(segment.pivot), "pivot")
    if term.requires_rendering:
        # for jargon, slang and idioms the dictionary's literal equivalents are what the entry warns against
        for text in equivalents[:MAX_DICTIONARY_SUGGESTIONS]:
            add(text, "dictionary")
    return out


def same_phrase(a: str, b: str, morphology: Morphology) -> bool:
    """Whether two phrases are the same words up to inflection and case."""
    wa, wb = WORD.findall(a), WORD.findall(b)
    return len(wa) == len(wb) and all(not morphology.keys(x).isdisjoint(morphology.keys(y)) for x, y in zip(wa, wb, strict=True))


def _severity(term: Term) -> Severity:
    if term.kind == "jargon" and term.severity > JARGON_CAP:
        return JARGON_CAP
    return term.severity


@dataclass
class _Use:
    """One rendering of a glossary term found in a target: where, which, for which source words."""

    segment: Segment
    match: Match  # item: Rendering
    source_span: Span

    @property
    def key(self) -> str:
        return self.match.item.text.lower()

    @property
    def text(self) -> str:
        return self.match.span.text(self.segment.target)


@dataclass
class _Deviation:
    """A use that differs from the document's preferred rendering of its term."""

    term: int
    use: _Use
    preferred: _Use


def _uses(document: Document, index: TermIndex, ctx: CheckContext) -> dict[int, list[_Use]]:
    """For each glossary term, its renderings in the document's targets (approved, forbidden, dictionary).

    A segment where the target has more candidate renderings of a term than the
    source has occurrences is skipped: which is which cannot be told.
    """
    dictionary = ctx.dictionary
    uses: dict[int, list[_Use]] = {}
    for segment in document.segments:
        if not segment.source.strip() or not segment.target.strip():
            continue
        by_term: dict[int, list[Match]] = {}
        for match in index.source_matches(segment.source, exclusive_only=False):
            by_term.setdefault(match.item, []).append(match)
        for t, occurrences in by_term.items():
            equivalents = tuple(dictionary.equivalents(index.terms[t].source, index.source_morphology, general=False))
            renderings = index.rendering_matches(segment.target, t, equivalents)
            if not renderings or len(renderings) > len(occurrences):
                continue
            for n, r in enumerate(renderings):
                source_span = occurrences[n].span if len(occurrences) == len(renderings) else occurrences[0].span
                uses.setdefault(t, []).append(_Use(segment, r, source_span))
    return uses


def _deviations(document: Document, index: TermIndex, ctx: CheckContext) -> list[_Deviation]:
    """Renderings that differ from the preferred one of their term within the document (cached per run)."""

    def build() -> list[_Deviation]:
        out = []
        for t, used in _uses(document, index, ctx).items():
            if len({u.key for u in used}) < 2:
                continue
            approved = [u for u in used if u.match.item.list == APPROVED]
            if not approved:
                continue  # no approved rendering used: term-missing speaks for each segment
            preferred = approved[0]
            for use in used:
                if use.key != preferred.key and use.match.item.list == CANDIDATE:
                    out.append(_Deviation(t, use, preferred))
        return out

    return ctx.memo("term-deviations", build, owner=document)


@check("term-missing", Severity.MAJOR, scope="document")
def term_missing(document: Document, ctx: CheckContext) -> Iterator[Finding]:
    """A glossary term is in the source but none of its approved renderings is in the target.

    Applies to entries of kind term, institution and title (jargon, slang and
    idioms may be paraphrased freely). Nested terms give way to the longest
    («Договор о СНВ» is satisfied by "New START" alone). Quiet when the target
    uses a forbidden rendering (term-forbidden reports it), when the term is
    left untranslated (untranslated), when the document renders the term with
    an approved rendering elsewhere (term-inconsistent reports it), and when an
    approved rendering is there in a looser form: derived words and another
    word order ("Belarusian" for "Belarus", "Defense Minister" for «глава
    Минобороны», "Ministry of Emergencies" for "Emergencies Ministry").
    Severity: the entry's, at most major. The finding names the rendering the
    target uses instead, when a dictionary equivalent is there.
    """
    index = ctx.term_index
    if index is None:
        return
    deviating = {(d.use.segment.id, d.term) for d in _deviations(document, index, ctx)}
    dictionary = ctx.dictionary
    for segment in document.segments:
        if not segment.source.strip() or not segment.target.strip():
            continue
        reported: set[int] = set()
        for match in index.source_matches(segment.source):
            t = match.item
            term = index.terms[t]
            if t in reported or not term.requires_rendering or not term.approved:
                continue
            if (segment.id, t) in deviating:
                continue
            renderings = index.rendering_matches(segment.target, t)
            if any(r.item.list in (APPROVED, FORBIDDEN) for r in renderings):
                continue
            if term.source.lower() in segment.target.lower() or index.loosely_present(segment.target, t):
                continue
            reported.add(t)
            found = match.span.text(segment.source)
            equivalents = tuple(dictionary.equivalents(term.source, index.source_morphology, general=False))
            other = index.rendering_matches(segment.target, t, equivalents)
            target_span = other[0].span if other else target_region(segment, match.span, ctx.source.morphology, ctx.target.morphology)
            used = other[0].span.text(segment.target) if other else None
            message = f"«{found}» ({term.kind}) should be rendered as \"{term.approved[0]}\""
            if len(term.approved) > 1:
                message += " (or " + ", ".join(f'"{a}"' for a in term.approved[1:3]) + ")"
            message += f"; the target has \"{used}\"" if used else "; no approved rendering in the target"
            yield Finding(
                segment=segment.id,
                severity=min(term.severity, Severity.MAJOR, key=lambda s: s.rank),
                source_span=match.span,
                target_span=target_span,
                message=message,
                suggestions=suggestions(term, t, segment, index, ctx, exclude=(used,) if used else (), used=used),
                note=term.note,
            )


@check("term-forbidden", Severity.MAJOR)
def term_forbidden(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """The target uses a forbidden rendering of a glossary term that is in the source.

    Only when the source term is there: "elephants" in an article about a zoo
    is fine, "elephants" for «слоны» (Republicans) is not. A forbidden
    rendering inside an approved rendering of another term in the segment is
    left alone, and of overlapping forbidden renderings only the longest is
    reported. Severity: the entry's (jargon at most minor: it is a review
    note for general readers, not an error; slang at most minor when the
    source word is not in quotation marks, where the literal sense may be meant).
    """
    index = ctx.term_index
    if index is None or not segment.source.strip() or not segment.target.strip():
        return
    present: dict[int, list[Match]] = {}
    for match in index.source_matches(segment.source, exclusive_only=False):
        present.setdefault(match.item, []).append(match)
    approved_spans = [
        r.span for t in present for r in index.rendering_matches(segment.target, t) if r.item.list == APPROVED
    ]
    candidates = [
        r
        for t in present
        if index.terms[t].forbidden
        for r in index.rendering_matches(segment.target, t)
        if r.item.list == FORBIDDEN and not any(_inside(r.span, a) for a in approved_spans)
    ]
    # one finding per target span: "Safety Council" (for «Совет безопасности») wins over "safety"
    kept = exclusive(candidates)
    for t, occurrences in present.items():
        term = index.terms[t]
        forbidden = [r for r in kept if r.item.term == t]
        for n, r in enumerate(forbidden):
            source_span = occurrences[n].span if len(occurrences) == len(forbidden) else occurrences[0].span
            used = r.span.text(segment.target)
            severity, message = _severity(term), _forbidden_message(term, source_span.text(segment.source), used)
            if term.kind == "slang" and not _quoted(segment.source, source_span) and severity > Severity.MINOR:
                # «слоны» in quotation marks is the party; unquoted it may be the animal
                severity = Severity.MINOR
                message += " (unquoted in the source: check that the literal sense is not meant)"
            yield Finding(
                severity=severity,
                source_span=source_span,
                target_span=r.span,
                message=message,
                suggestions=suggestions(term, t, segment, index, ctx, exclude=(used,), used=used),
                note=term.note,
            )


def _forbidden_message(term: Term, source_text: str, used: str) -> str:
    if term.kind == "jargon":
        return (
            f"\"{used}\" for «{source_text}» is specialist jargon; "
            "general readers may need a plainer rendering"
        )
    if term.kind in ("slang", "idiom"):
        return f"\"{used}\" renders «{source_text}» ({term.kind}) literally; the sense is lost in English"
    return f"\"{used}\" is a forbidden rendering of «{source_text}» ({term.kind})"


OPENING_QUOTES = "«„“\"'‘"
CLOSING_QUOTES = "»“”\"'’"


def _quoted(text: str, span: Span) -> bool:
    """Whether the span stands in quotation marks («слоны», "слоны")."""
    before = text[:span.start].rstrip()
    after = text[span.end:].lstrip()
    return bool(before) and before[-1] in OPENING_QUOTES and bool(after) and after[0] in CLOSING_QUOTES


def _inside(a: Span, b: Span) -> bool:
    return b.start <= a.start and a.end <= b.end


@check("term-inconsistent", Severity.MINOR, scope="document")
def term_inconsistent(document: Document, ctx: CheckContext) -> Iterator[Finding]:
    """One glossary term rendered two different ways within a document.

    For each glossary term, the target renderings used for it are collected
    segment by segment (approved, forbidden and dictionary equivalents; a
    nested term counts, so "START Treaty" renders «договор» as "treaty").
    Segments where the target has more candidate renderings than the source
    has occurrences are skipped as ambiguous. When the document uses an
    approved rendering somewhere, each use of a rendering that is not approved
    (a dictionary equivalent, e.g. "contract" for «договор») is flagged, minor,
    with the first approved rendering used as the first suggestion. Two
    different approved renderings are not flagged (the glossary accepts both);
    forbidden ones are left to term-forbidden.
    """
    index = ctx.term_index
    if index is None:
        return
    for deviation in _deviations(document, index, ctx):
        use, preferred = deviation.use, deviation.preferred
        term = index.terms[deviation.term]
        segment = use.segment
        first = plural.like(preferred.text, use.text, index.target_morphology)
        ranked = [Suggestion(first, "glossary")]
        ranked += [
            s
            for s in suggestions(term, deviation.term, segment, index, ctx, exclude=(use.text,), used=use.text)
            if not same_phrase(s.text, first, index.target_morphology)
        ]
        where = f"segment {preferred.segment.id}" if preferred.segment is not segment else "this segment"
        yield Finding(
            segment=segment.id,
            source_span=use.source_span,
            target_span=use.match.span,
            message=(
                f"«{use.source_span.text(segment.source)}» is rendered \"{use.text}\" here "
                f"but \"{preferred.text}\" in {where}"
            ),
            suggestions=ranked,
            note=term.note,
        )


__all__ = ["CANDIDATE", "same_phrase", "suggestions", "term_forbidden", "term_inconsistent", "term_missing"]
