"""Glossary checks: a term left out, a forbidden rendering used, a term rendered two ways.

All three match on lemmas and token boundaries (:mod:`qa.terms`), so
«раздражителям» finds the entry «раздражитель» and "treaties" finds the
rendering "treaty". Every finding carries ranked suggestions: the glossary's
approved renderings first, then what the pivot uses for the term, then the
dictionary's equivalents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from qa.checks.base import CheckContext, check
from qa.dictionary import for_context as dictionary_for
from qa.glossary.entries import Term
from qa.records import Document, Finding, Segment, Severity, Span, Suggestion
from qa.terms import APPROVED, CANDIDATE, FORBIDDEN, TermIndex
from qa.terms import for_context as index_for
from qa.terms.matching import Match

#: forbidden renderings of jargon are established among specialists: review them, never fail on them
JARGON_CAP = Severity.MINOR


def suggestions(
    term: Term,
    term_index: int,
    segment: Segment,
    index: TermIndex,
    ctx: CheckContext,
    exclude: tuple[str, ...] = (),
) -> list[Suggestion]:
    """Ranked suggestions for a term: glossary, then pivot, then dictionary; no forbidden or excluded text."""
    banned = {t.lower() for t in (*term.forbidden, *exclude)}
    out: list[Suggestion] = []
    seen: set[str] = set()

    def add(text: str, origin: str) -> None:
        key = " ".join(text.lower().split())
        if key and key not in seen and key not in banned:
            seen.add(key)
            out.append(Suggestion(text, origin))

    for text in term.approved:
        add(text, "glossary")
    equivalents = tuple(dictionary_for(ctx).equivalents(term.source, index.source_morphology))
    if segment.pivot:
        for match in index.rendering_matches(segment.pivot, term_index, equivalents):
            if match.item.list != FORBIDDEN:
                add(match.span.text(segment.pivot), "pivot")
    for text in equivalents:
        if not any(text.lower() == f.lower() for f in term.forbidden):
            add(text, "dictionary")
    return out


def aligned_target_span(segment: Segment, source_span: Span) -> Span | None:
    """The target words the model aligns to a source span (from cross-attention), if any."""
    if segment.model is None or not segment.model.alignment:
        return None
    hits = [t for s, t in segment.model.alignment if s.start < source_span.end and source_span.start < s.end]
    if not hits:
        return None
    return Span(min(t.start for t in hits), max(t.end for t in hits))


def _severity(term: Term) -> Severity:
    if term.kind == "jargon" and term.severity > JARGON_CAP:
        return JARGON_CAP
    return term.severity


@check("term-missing", Severity.MAJOR)
def term_missing(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """A glossary term is in the source but none of its approved renderings is in the target.

    Applies to entries of kind term, institution and title (jargon, slang and
    idioms may be paraphrased freely). Nested terms give way to the longest
    term («Договор о СНВ» needs "New START", not "treaty"). When the target
    uses a forbidden rendering instead, term-forbidden reports it and this
    check stays quiet. Severity: the entry's, at most major.
    """
    index = index_for(ctx)
    if index is None or not segment.source.strip() or not segment.target.strip():
        return
    reported: set[int] = set()
    for match in index.source_matches(segment.source):
        term = index.terms[match.item]
        if match.item in reported or not term.requires_rendering or not term.approved:
            continue
        renderings = index.rendering_matches(segment.target, match.item)
        if any(r.item.list in (APPROVED, FORBIDDEN) for r in renderings):
            continue
        if term.source.lower() in segment.target.lower():
            continue  # left untranslated: the untranslated check reports it
        reported.add(match.item)
        found = match.span.text(segment.source)
        target_span = aligned_target_span(segment, match.span)
        message = f"«{found}» ({term.kind}) should be rendered as \"{term.approved[0]}\""
        if len(term.approved) > 1:
            message += " (or " + ", ".join(f'"{a}"' for a in term.approved[1:]) + ")"
        message += "; no approved rendering in the target"
        yield Finding(
            check="term-missing",
            severity=min(term.severity, Severity.MAJOR, key=lambda s: s.rank),
            segment=segment.id,
            source_span=match.span,
            target_span=target_span,
            message=message,
            suggestions=suggestions(term, match.item, segment, index, ctx),
            note=term.note,
        )


@check("term-forbidden", Severity.MAJOR)
def term_forbidden(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """The target uses a forbidden rendering of a glossary term that is in the source.

    Only when the source term is there: "elephants" in an article about a zoo
    is fine, "elephants" for «слоны» (Republicans) is not. A forbidden
    rendering inside an approved rendering of another term in the segment is
    left alone. Severity: the entry's (jargon at most minor: it is a review
    note for general readers, not an error).
    """
    index = index_for(ctx)
    if index is None or not segment.source.strip() or not segment.target.strip():
        return
    present: dict[int, list[Match]] = {}
    for match in index.source_matches(segment.source, exclusive_only=False):
        present.setdefault(match.item, []).append(match)
    approved_spans = [
        r.span
        for t in present
        for r in index.rendering_matches(segment.target, t)
        if r.item.list == APPROVED
    ]
    for t, occurrences in present.items():
        term = index.terms[t]
        if not term.forbidden:
            continue
        forbidden = [r for r in index.rendering_matches(segment.target, t) if r.item.list == FORBIDDEN]
        forbidden = [r for r in forbidden if not any(_overlap(r.span, a) for a in approved_spans)]
        for n, r in enumerate(forbidden):
            source_span = occurrences[n].span if len(occurrences) == len(forbidden) else occurrences[0].span
            used = r.span.text(segment.target)
            source_text = source_span.text(segment.source)
            yield Finding(
                check="term-forbidden",
                severity=_severity(term),
                segment=segment.id,
                source_span=source_span,
                target_span=r.span,
                message=_forbidden_message(term, source_text, used),
                suggestions=suggestions(term, t, segment, index, ctx, exclude=(used,)),
                note=term.note,
            )


def _forbidden_message(term: Term, source_text: str, used: str) -> str:
    if term.kind == "jargon":
        return (
            f"\"{used}\" for «{source_text}» follows specialist jargon; "
            "general readers may need a plainer rendering"
        )
    if term.kind in ("slang", "idiom"):
        return f"\"{used}\" renders «{source_text}» ({term.kind}) literally; the sense is lost in English"
    return f"\"{used}\" is a forbidden rendering of «{source_text}» ({term.kind})"


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


@check("term-inconsistent", Severity.MINOR, scope="document")
def term_inconsistent(document: Document, ctx: CheckContext) -> Iterator[Finding]:
    """One glossary term rendered two different ways within a document.

    For each glossary term, the target renderings used for it are collected
    segment by segment (approved, forbidden and dictionary equivalents; a
    nested term counts, so "START Treaty" renders «договор» as "treaty").
    Segments where the target has more candidate renderings than the source
    has occurrences are skipped as ambiguous. The preferred rendering is the
    first approved one used, else the most frequent; each other one is flagged
    (minor; info when it is approved too). Forbidden ones are left to
    term-forbidden.
    """
    index = index_for(ctx)
    if index is None:
        return
    dictionary = dictionary_for(ctx)
    uses: dict[int, list[tuple[Segment, Match, Span]]] = {}
    for segment in document.segments:
        if not segment.source.strip() or not segment.target.strip():
            continue
        by_term: dict[int, list[Match]] = {}
        for match in index.source_matches(segment.source, exclusive_only=False):
            by_term.setdefault(match.item, []).append(match)
        for t, occurrences in by_term.items():
            term = index.terms[t]
            equivalents = tuple(dictionary.equivalents(term.source, index.source_morphology))
            renderings = index.rendering_matches(segment.target, t, equivalents)
            if not renderings or len(renderings) > len(occurrences):
                continue
            for n, r in enumerate(renderings):
                source_span = occurrences[n].span if len(occurrences) == len(renderings) else occurrences[0].span
                uses.setdefault(t, []).append((segment, r, source_span))
    for t, used in uses.items():
        keys = [u[1].item.text.lower() for u in used]
        if len(set(keys)) < 2:
            continue
        term = index.terms[t]
        approved = [u for u in used if u[1].item.list == APPROVED]
        if approved:
            preferred = approved[0][1].item
        else:
            counts = Counter(keys)
            best = max(counts.values())
            preferred = next(u[1].item for u in used if counts[u[1].item.text.lower()] == best)
        first = next(u for u in used if u[1].item.text.lower() == preferred.text.lower())
        first_text = first[1].span.text(first[0].target)
        for segment, r, source_span in used:
            if r.item.text.lower() == preferred.text.lower() or r.item.list == FORBIDDEN:
                continue
            used_text = r.span.text(segment.target)
            both_approved = r.item.list == APPROVED
            ranked = [Suggestion(first_text, "glossary" if preferred.list == APPROVED else "document")]
            ranked += [
                s
                for s in suggestions(term, t, segment, index, ctx, exclude=(used_text,))
                if s.text.lower() != first_text.lower()
            ]
            where = f"segment {first[0].id}" if first[0] is not segment else "this segment"
            yield Finding(
                check="term-inconsistent",
                severity=Severity.INFO if both_approved else Severity.MINOR,
                segment=segment.id,
                source_span=source_span,
                target_span=r.span,
                message=(
                    f"«{source_span.text(segment.source)}» is rendered \"{used_text}\" here "
                    f"but \"{first_text}\" in {where}"
                ),
                suggestions=ranked,
                note=term.note,
            )


__all__ = ["CANDIDATE", "term_forbidden", "term_inconsistent", "term_missing"]
