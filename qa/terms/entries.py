"""The glossary records: one :class:`Term` per source term, a :class:`Glossary` of them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from qa.lang.morphology import fold
from qa.records import Severity

#: kinds of entry; for the first three a missing approved rendering is ``term-missing``,
#: for the others only forbidden renderings are flagged
REQUIRED_KINDS = ("term", "institution", "title")
FLEXIBLE_KINDS = ("jargon", "slang", "idiom")
KINDS = REQUIRED_KINDS + FLEXIBLE_KINDS

#: the columns of a glossary file, in their standard order
COLUMNS = ("source", "approved", "forbidden", "note", "kind", "severity", "reference", "case_sensitive", "pos")


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    source: the source-language term in citation form (any inflection matches).
    approved: accepted target renderings, best first.
    forbidden: literal or wrong renderings to flag (base forms; inflections match).
    kind: term | institution | title | jargon | slang | idiom.
    severity: the severity of a forbidden rendering (and of a missing one for terms).
    origin: where the entry was read, ``path:line``.
    """

    source: str
    approved: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str | None = None
    kind: str = "term"
    severity: Severity = Severity.MAJOR
    reference: str | None = None
    case_sensitive: bool = False
    pos: str | None = None
    origin: str = ""

    @property
    def requires_rendering(self) -> bool:
        """Whether a missing approved rendering is a finding (terms, institutions, titles)."""
        return self.kind in REQUIRED_KINDS

    @property
    def key(self) -> str:
        """What identifies the entry when glossaries are merged: the folded source term."""
        return " ".join(fold(self.source).split())

    def to_row(self) -> dict[str, str]:
        return {
            "source": self.source,
            "approved": "|".join(self.approved),
            "forbidden": "|".join(self.forbidden),
            "note": self.note or "",
            "kind": self.kind,
            "severity": self.severity.value,
            "reference": self.reference or "",
            "case_sensitive": "yes" if self.case_sensitive else "",
            "pos": self.pos or "",
        }


@dataclass
class Glossary:
    """Terms merged from one or more glossary files; a later file's entry replaces an earlier one.

    sources: ``{"path": ..., "sha256": ..., "terms": n}`` for each file read, in order.
    """

    terms: list[Term] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def get(self, source: str) -> Term | None:
        key = " ".join(fold(source).split())
        for term in self.terms:
            if term.key == key:
                return term
        return None

    def merge(self, terms: list[Term], source: dict[str, Any]) -> None:
        """Add the terms of one file; an entry with the same source term replaces the earlier one."""
        index = {t.key: i for i, t in enumerate(self.terms)}
        for term in terms:
            if term.key in index:
                self.terms[index[term.key]] = term
            else:
                index[term.key] = len(self.terms)
                self.terms.append(term)
        self.sources.append(source)

    def hash(self) -> str:
        """SHA-256 over the merged entries (not the files' bytes): equal glossaries hash equal."""
        rows = [t.to_row() for t in self.terms]
        blob = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def signature(self) -> dict[str, Any]:
        """What pins the glossary in a report: files read, entry count and hash."""
        return {
            "files": [dict(s) for s in self.sources],
            "terms": len(self.terms),
            "hash": "sha256:" + self.hash()[:16],
        }
