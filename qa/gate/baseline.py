"""A baseline: findings accepted as they are, so that the gate fails only on new ones.

A finding is fingerprinted by its check, the normalised source and target text
of its segment, and the normalised text under its spans: not by line number,
segment id or document name, so edits elsewhere in a file, or a renamed file,
leave the baseline valid. Identical findings (the same sentence twice) are
counted, and a baseline accepts as many of them as it recorded.

The file is JSON meant to be reviewed in a pull request::

    {"schema": "mtqa-baseline/1", "signature": "...",
     "entries": [{"fingerprint": "…", "check": "omission", "severity": "major",
                  "count": 1, "document": "…", "source": "…", "target": "…",
                  "span": "…", "message": "…"}]}
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.errors import ConfigError
from qa.records import Document, Finding, Report, Segment, Severity

SCHEMA = "mtqa-baseline/1"


def normalise(text: str | None) -> str:
    """NFKC, whitespace collapsed, trimmed: what survives re-wrapping and re-encoding a file."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


def fingerprint(finding: Finding, segment: Segment | None) -> str:
    """A stable id of a finding: check, segment source and target, span texts (not positions)."""
    if segment is None:
        parts = [finding.check, "", "", "", "", normalise(finding.message)]
    else:
        parts = [
            finding.check,
            normalise(segment.source),
            normalise(segment.target),
            normalise(finding.source_span.text(segment.source)) if finding.source_span else "",
            normalise(finding.target_span.text(segment.target)) if finding.target_span else "",
            "",
        ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def located_findings(report: Report) -> Iterator[tuple[Document, Segment | None, Finding]]:
    """Every finding of the report with its document and segment (None for document findings), in order."""
    for document in report.documents:
        by_id = {s.id: s for s in document.segments}
        for finding in document.findings:
            yield document, by_id.get(finding.segment) if finding.segment is not None else None, finding


@dataclass
class Entry:
    fingerprint: str
    check: str
    severity: str
    count: int = 1
    document: str | None = None
    source: str = ""
    target: str = ""
    span: str = ""
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "check": self.check,
            "severity": self.severity,
            "count": self.count,
            "document": self.document,
            "source": self.source,
            "target": self.target,
            "span": self.span,
            "message": self.message,
        }


@dataclass
class Match:
    """What a baseline accepted in a report, and which of its entries matched nothing (stale)."""

    accepted: list[Finding] = field(default_factory=list)
    stale: list[Entry] = field(default_factory=list)
    fingerprints: Counter = field(default_factory=Counter)  # accepted fingerprints, counted
    count: int | None = None  # how many were accepted (set by a Matcher that does not keep them)
    _ids: set[int] = field(default_factory=set, repr=False)

    def is_accepted(self, finding: Finding) -> bool:
        return id(finding) in self._ids

    def to_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.count if self.count is not None else len(self.accepted),
            "accepted_fingerprints": dict(sorted(self.fingerprints.items())),
            "stale": [e.to_dict() for e in self.stale],
        }


@dataclass
class Baseline:
    entries: list[Entry] = field(default_factory=list)
    signature: str = ""

    @classmethod
    def from_report(cls, report: Report) -> Baseline:
        """Every finding of the report, accepted."""
        entries: dict[str, Entry] = {}
        for document, segment, finding in located_findings(report):
            key = fingerprint(finding, segment)
            if key in entries:
                entries[key].count += 1
                continue
            span = finding.target_span or finding.source_span
            side = (segment.target if finding.target_span else segment.source) if segment else ""
            entries[key] = Entry(
                fingerprint=key,
                check=finding.check,
                severity=finding.severity.value,
                document=document.id,
                source=segment.source if segment else "",
                target=segment.target if segment else "",
                span=span.text(side) if span and segment else "",
                message=finding.message,
            )
        ordered = sorted(entries.values(), key=lambda e: (e.document or "", e.check, e.fingerprint))
        return cls(entries=ordered, signature=report.signature.get("string", ""))

    @classmethod
    def read(cls, path: str | Path) -> Baseline:
        path = Path(path)
        from qa.errors import InputError
        from qa.load.aligned import parse_json
        from qa.load.decode import read_bytes

        if not path.exists():
            raise ConfigError(f"{path}: baseline file not found (create it with `mtqa baseline create`)")
        try:
            text = read_bytes(path).decode("utf-8")
            data = parse_json(text, str(path))
        except InputError as exc:
            raise ConfigError(f"{exc}: not a baseline file (the JSON that `mtqa baseline create` writes)") from None
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{path}: not a baseline file (not UTF-8 at byte {exc.start})") from None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("entries"), list):
            raise ConfigError(f'{path}: not a baseline file (expected "schema": "{SCHEMA}" and a list of "entries")')
        entries = []
        for number, row in enumerate(data["entries"], start=1):
            try:
                entry = Entry(**{k: row[k] for k in ("fingerprint", "check", "severity")}, **_optional(row))
            except (KeyError, TypeError):
                raise ConfigError(f"{path}: entry {number} needs fingerprint, check and severity") from None
            problem = _entry_problem(entry)
            if problem:
                raise ConfigError(f"{path}: entry {number}: {problem}")
            entries.append(entry)
        return cls(entries=entries, signature=str(data.get("signature", "")))

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "signature": self.signature, "entries": [e.to_dict() for e in self.entries]}

    def write(self, path: str | Path) -> None:
        """The file replaced whole (a temporary file renamed into place): a failure keeps the old one."""
        from qa.outputs import write_atomically

        write_atomically(path, json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n")

    def match(self, report: Report) -> Match:
        """Accept the report's findings this baseline records (as many of each as it counted)."""
        matcher = self.matcher()
        for document in report.documents:
            matcher.accept_document(document)
        return matcher.finish()

    def matcher(self, *, keep: bool = True) -> Matcher:
        """The matching folded over documents one at a time (in the report's order)."""
        return Matcher(self, keep=keep)


class Matcher:
    """A baseline's matching, one document at a time: each fingerprint accepts as many findings as
    the baseline counted, first come first accepted. ``keep=False`` counts the accepted findings
    instead of keeping them."""

    def __init__(self, baseline: Baseline, *, keep: bool = True):
        self.entries = baseline.entries
        self.keep = keep
        self._left = Counter({e.fingerprint: e.count for e in baseline.entries})
        self._match = Match()
        self._accepted = 0

    def accept_document(self, document: Document) -> set[int]:
        """The ids of the document's findings the baseline accepts."""
        accepted: set[int] = set()
        by_id = {s.id: s for s in document.segments}
        for finding in document.findings:
            segment = by_id.get(finding.segment) if finding.segment is not None else None
            key = fingerprint(finding, segment)
            if self._left[key] > 0:
                self._left[key] -= 1
                accepted.add(id(finding))
                self._match.fingerprints[key] += 1
                self._accepted += 1
                if self.keep:
                    self._match.accepted.append(finding)
                    self._match._ids.add(id(finding))
        return accepted

    def finish(self) -> Match:
        self._match.stale = [e for e in self.entries if self._left[e.fingerprint] == e.count]
        self._match.count = self._accepted
        return self._match


def _entry_problem(entry: Entry) -> str | None:
    """What is wrong with an entry's values (each has its type; the severity is a severity), or None."""
    for name in ("fingerprint", "check", "severity", "source", "target", "span", "message"):
        if not isinstance(getattr(entry, name), str):
            return f"{name} must be a string, not {type(getattr(entry, name)).__name__}"
    if entry.document is not None and not isinstance(entry.document, str):
        return f"document must be a string, not {type(entry.document).__name__}"
    if entry.severity not in {s.value for s in Severity}:
        return f"severity must be one of {', '.join(s.value for s in Severity)}, not {entry.severity!r}"
    return None


def _optional(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("document", "source", "target", "span", "message"):
        if key in row:
            out[key] = row[key]
    if "count" in row:
        if isinstance(row["count"], bool) or not isinstance(row["count"], int) or row["count"] < 1:
            raise TypeError("count")
        out["count"] = row["count"]
    return out


__all__ = ["SCHEMA", "Baseline", "Entry", "Match", "Matcher", "fingerprint", "located_findings", "normalise"]
