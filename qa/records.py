"""The values that flow through mtqa: segments, findings, documents, reports.

Everything here is a plain dataclass with no behaviour beyond small derived
properties and `to_dict` for the JSON report. Character spans are half-open
``[start, end)`` offsets into the text of one segment's source or target.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    """How bad a finding is; ordered info < minor < major < critical."""

    INFO = "info"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def __ge__(self, other: Severity) -> bool:  # type: ignore[override]
        return self.rank >= Severity(other).rank

    def __gt__(self, other: Severity) -> bool:  # type: ignore[override]
        return self.rank > Severity(other).rank

    def __le__(self, other: Severity) -> bool:  # type: ignore[override]
        return self.rank <= Severity(other).rank

    def __lt__(self, other: Severity) -> bool:  # type: ignore[override]
        return self.rank < Severity(other).rank


_SEVERITY_RANK = {Severity.INFO: 0, Severity.MINOR: 1, Severity.MAJOR: 2, Severity.CRITICAL: 3}


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` into one segment's text."""

    start: int
    end: int

    def text(self, of: str) -> str:
        return of[self.start : self.end]

    def to_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class Suggestion:
    """A replacement proposed for a finding, with where it came from.

    origin: "glossary", "pivot", "dictionary", "model", ...
    """

    text: str
    origin: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "origin": self.origin}


@dataclass
class Finding:
    """One thing that looks off in one segment (or, with segment None, a document)."""

    check: str = ""  # the check runner fills in the id, the default severity and a segment check's segment
    severity: Severity | None = None
    segment: str | None = None
    source_span: Span | None = None
    target_span: Span | None = None
    message: str = ""
    suggestions: list[Suggestion] = field(default_factory=list)
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity.value,
            "segment": self.segment,
            "source_span": self.source_span.to_list() if self.source_span else None,
            "target_span": self.target_span.to_list() if self.target_span else None,
            "message": self.message,
            "suggestions": [s.to_dict() for s in self.suggestions],
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Finding:
        def span(value):
            return Span(*value) if value is not None else None

        return cls(
            check=row["check"],
            severity=Severity(row["severity"]),
            segment=row["segment"],
            source_span=span(row["source_span"]),
            target_span=span(row["target_span"]),
            message=row["message"],
            suggestions=[Suggestion(**s) for s in row["suggestions"]],
            note=row.get("note"),
        )


@dataclass(frozen=True)
class TokenScore:
    """One target token under the model: its text, its span in the target, its log-probability."""

    text: str
    span: Span | None
    logprob: float


class LazyAlignment(Sequence):
    """A word alignment the engine computes on first use (CTranslate2 needs a second, forced
    decoding for the cross-attention; most segments never need their alignment).

    ``owner.alignments_for(pairs)`` computes it (``pairs``: one ``(source, target)``); it
    behaves as the list of links it stands for, and pickles as that list.
    """

    def __init__(self, owner: Any, source: str, target: str):
        self.owner = owner
        self.pair = (source, target)
        self._links: list[tuple[Span, Span]] | None = None

    @property
    def resolved(self) -> bool:
        return self._links is not None

    def set(self, links: list[tuple[Span, Span]]) -> None:
        self._links = list(links)

    def links(self) -> list[tuple[Span, Span]]:
        if self._links is None:
            (self._links,) = self.owner.alignments_for([self.pair])
        return self._links

    def __len__(self) -> int:
        return len(self.links())

    def __getitem__(self, index):
        return self.links()[index]

    def __iter__(self):
        return iter(self.links())

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def __repr__(self) -> str:
        return f"LazyAlignment({self._links!r})" if self.resolved else "LazyAlignment(<not computed>)"

    def __reduce__(self):
        return (list, (self.links(),))


def resolve_alignments(alignments: Iterable[Any]) -> None:
    """Compute every unresolved :class:`LazyAlignment` among ``alignments``, in one batch per owner
    (before documents go to other processes, where no engine is)."""
    pending: dict[int, list[LazyAlignment]] = {}
    owners: dict[int, Any] = {}
    for alignment in alignments:
        if isinstance(alignment, LazyAlignment) and not alignment.resolved:
            pending.setdefault(id(alignment.owner), []).append(alignment)
            owners[id(alignment.owner)] = alignment.owner
    for key, lazies in pending.items():
        for lazy, links in zip(lazies, owners[key].alignments_for([a.pair for a in lazies]), strict=True):
            lazy.set(links)


@dataclass
class ModelScore:
    """The supplied target scored under the model (teacher forcing).

    logprob: length-normalised (mean per token) log-probability of the target.
    tokens: per-token scores, spans into the segment's target.
    alignment: source↔target word links as (source span, target span) pairs,
        taken from cross-attention (a :class:`LazyAlignment` where the engine defers it).
    """

    logprob: float
    tokens: list[TokenScore] = field(default_factory=list)
    alignment: Sequence[tuple[Span, Span]] = field(default_factory=list)


@dataclass
class Segment:
    """One aligned unit: zero or more source sentences and zero or more target sentences.

    An empty source means target text with no counterpart (an addition); an
    empty target means source text left untranslated (an omission).
    """

    id: str
    source: str
    target: str
    pivot: str | None = None  # the retranslation (the first one, where there are several)
    paragraph: int | None = None
    link: str = "1:1"
    scores: dict[str, float] = field(default_factory=dict)
    model: ModelScore | None = None
    findings: list[Finding] = field(default_factory=list)
    #: the retranslations after the first, one per further pivot source (--pivot, --model repeated)
    other_pivots: list[str | None] = field(default_factory=list)

    @property
    def pivots(self) -> list[str]:
        """Every retranslation of the segment that exists, the first one first."""
        return [p for p in (self.pivot, *self.other_pivots) if p]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "target": self.target,
            "pivot": self.pivot,
            "link": self.link,
            "paragraph": self.paragraph,
            "scores": dict(self.scores),
        }
        if self.other_pivots:
            out["other_pivots"] = list(self.other_pivots)
        if self.model is not None:
            out["model"] = {
                "logprob": self.model.logprob,
                "least_likely": [
                    {"text": t.text, "span": t.span.to_list() if t.span else None, "logprob": t.logprob}
                    for t in sorted(self.model.tokens, key=lambda t: t.logprob)[:5]
                ],
            }
        return out


@dataclass
class Bitext:
    """A loaded pair before segmentation and alignment.

    units: paragraphs of an article pair (aligned=False: the two sides may have
    different numbers of paragraphs), or pre-aligned rows of a TSV, JSONL,
    XLIFF, TMX or PO file (aligned=True: sources[i] translates to targets[i]).
    """

    id: str
    source_path: str | None
    target_path: str | None
    sources: list[str]
    targets: list[str]
    aligned: bool = False
    ids: list[str] | None = None
    encodings: dict[str, str] = field(default_factory=dict)
    fuzzy: list[str] = field(default_factory=list)  # ids of units the file marks as needing review
    # the document's own retranslations (a batch's --pivot-pattern or manifest pivot columns): each
    # file's lines, laid out as the sources (a line a paragraph, or a row), and where each was read
    pivots: list[list[str]] = field(default_factory=list)
    pivot_paths: list[str] = field(default_factory=list)


@dataclass
class Document:
    """One article pair (or one aligned file) after loading, alignment and checking."""

    id: str
    source_path: str | None
    target_path: str | None
    source_lang: str
    target_lang: str
    encodings: dict[str, str] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)  # ids of segments the file marks as needing review
    pivot_paths: list[str] = field(default_factory=list)  # the document's own pivot files, if any

    def segment(self, segment_id: str) -> Segment:
        for seg in self.segments:
            if seg.id == segment_id:
                return seg
        raise KeyError(segment_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source_path": self.source_path,
            "target_path": self.target_path,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "encodings": dict(self.encodings),
            **({"pivot_paths": list(self.pivot_paths)} if self.pivot_paths else {}),
            "scores": dict(self.scores),
            "segments": [s.to_dict() for s in self.segments],
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class Report:
    """What one run of mtqa found, with the signature of what produced it."""

    signature: dict[str, Any]
    documents: list[Document]
    gate: Any = None  # the gate's decision (qa.gate.GateResult), once decided

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]

    def summary(self) -> dict[str, Any]:
        by_severity = {s.value: 0 for s in Severity}
        by_check: dict[str, int] = {}
        for f in self.findings:
            by_severity[f.severity.value] += 1
            by_check[f.check] = by_check.get(f.check, 0) + 1
        return {
            "documents": len(self.documents),
            "segments": sum(len(d.segments) for d in self.documents),
            "findings": len(self.findings),
            "by_severity": by_severity,
            "by_check": dict(sorted(by_check.items())),
            "gate": self.gate.to_dict() if self.gate is not None else {},
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "mtqa-report/1",
            "signature": dict(self.signature),
            "summary": self.summary(),
            "documents": [d.to_dict() for d in self.documents],
        }
