"""A batch folded one document at a time: the summary, the gate and the documents' reports, with
memory bounded by what is in flight, not by the batch.

:class:`StreamedBatch` is what the Ray executor hands back: documents are :meth:`added
<StreamedBatch.add>` in discovery order (as a local run holds them), folded into the summary's
counts, the ten worst segments and the gate (:class:`qa.gate.GateTally`), and dropped; each
document's JSON report goes to a folder (:class:`DocumentReports`). The whole JSON report is then
written from those files, byte for byte what a local run writes.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from qa.errors import ConfigError
from qa.records import Document, Report, Segment, Severity
from qa.report.gating import document_lines
from qa.report.regions import Locator


def document_report(signature: dict[str, Any], document: Document) -> str:
    """One document's JSON report: the batch's signature, the document's summary (the gate is the
    batch's, decided once, so it is left out here) and the document."""
    from qa.report.json_report import render

    return render(Report(signature=signature, documents=[document]))


def slim(document: Document) -> Document:
    """What the driver keeps of a document while it folds it: the scores and the findings, with the
    text of the segments they point at (the baseline's fingerprints read it), not the rest."""
    pointed = {f.segment for f in document.findings}
    segments = [
        Segment(
            id=s.id,
            source=s.source if s.id in pointed or s.findings else "",
            target=s.target if s.id in pointed or s.findings else "",
            link=s.link,
            scores=s.scores,
            findings=s.findings,
        )
        for s in document.segments
    ]
    return Document(
        id=document.id,
        source_path=document.source_path,
        target_path=document.target_path,
        source_lang=document.source_lang,
        target_lang=document.target_lang,
        segments=segments,
        scores=document.scores,
        findings=document.findings,
    )


class DocumentReports:
    """One JSON report per document in a folder, named by its place in the batch and its id
    (``0000001-ID.json``), each written whole (a temporary file renamed), never over an input."""

    def __init__(self, folder: str | Path, signature: dict[str, Any], inputs=()):
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise ConfigError(f"{self.folder}: not a folder (--report-dir)")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"{self.folder}: cannot make the folder ({exc.strerror or exc})") from None
        self.signature = signature
        self._inputs = {Path(p).resolve() for p in inputs if p is not None}
        self.names: list[str] = []

    def write(self, text: str, document_id: str) -> Path:
        """Write the next document's report (its JSON text, :func:`document_report`)."""
        name = f"{len(self.names) + 1:07d}-{re.sub(r'[^A-Za-z0-9._-]+', '_', document_id or 'document')[:80]}.json"
        path = self.folder / name
        if path.resolve() in self._inputs:
            raise ConfigError(f"{path}: the report would overwrite an input file")
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
        self.names.append(name)
        return path

    def documents(self):
        """Each document's dict, in the batch's order, read back from its report."""
        for name in self.names:
            yield json.loads((self.folder / name).read_text(encoding="utf-8"))["documents"][0]


class StreamedBatch:
    """The summary and the gate of a batch whose documents arrive one at a time, in order."""

    def __init__(self, signature: dict[str, Any], settings, baseline=None, reports: DocumentReports | None = None, worst: int = 10):
        from qa.gate import GateTally

        self.signature = signature
        self.reports = reports
        self.gate = None
        self._tally = GateTally(settings, baseline, settings.baseline, keep=False)
        self._worst_limit = worst
        self._worst: list[tuple[tuple, int, Document, Segment]] = []
        self.documents = 0
        self.segments = 0
        self.findings = 0
        self.by_severity = {s.value: 0 for s in Severity}
        self.by_check: Counter = Counter()
        self.checks_by_severity: dict[str, Counter] = {}
        self.scores_present: set[str] = set()
        self.from_cache = 0  # documents that came back from the document cache
        self.checked = 0  # documents checked in this run
        self._seen = 0
        self.temporary = None  # a temporary folder of the documents' reports, removed with the batch
        self.gating_lines: list[str] = []  # each finding that fails the gate, as the summary prints it
        self._locator = Locator()

    def add(self, document: Document, report_text: str | None = None, *, cached: bool = False) -> None:
        """Fold in the next document (its report, :func:`document_report`, written first when
        reports are kept; ``document`` may be :func:`slim`)."""
        if self.reports is not None:
            self.reports.write(report_text, document.id)
        states = self._tally.add(document)
        self.gating_lines += document_lines(document, states, self._locator)  # a line each: few, whatever the batch
        self.documents += 1
        self.segments += len(document.segments)
        self.findings += len(document.findings)
        self.from_cache += cached
        self.checked += not cached
        self.scores_present.update(document.scores)
        for finding in document.findings:
            self.by_severity[finding.severity.value] += 1
            self.by_check[finding.check] += 1
            self.checks_by_severity.setdefault(finding.check, Counter())[finding.severity] += 1
        for segment in document.segments:
            if segment.findings:
                key = (-max(f.severity.rank for f in segment.findings), segment.scores.get("chrf", math.inf), -len(segment.findings))
                self._seen += 1
                self._worst.append((key, self._seen, document, segment))
        if len(self._worst) > 8 * self._worst_limit:
            self._worst = sorted(self._worst, key=lambda row: row[:2])[: self._worst_limit]

    def finish(self) -> StreamedBatch:
        """Decide the gate, once, over every document added."""
        self.gate = self._tally.result()
        return self

    def worst_segments(self) -> list[tuple[Document, Segment]]:
        rows = sorted(self._worst, key=lambda row: row[:2])[: self._worst_limit]
        return [(document, segment) for _, _, document, segment in rows]

    def summary(self) -> dict[str, Any]:
        """The report's ``summary``, as :meth:`qa.records.Report.summary` makes it."""
        return {
            "documents": self.documents,
            "segments": self.segments,
            "findings": self.findings,
            "by_severity": dict(self.by_severity),
            "by_check": dict(sorted(self.by_check.items())),
            "gate": self.gate.to_dict() if self.gate is not None else {},
        }

    def write_json(self, path) -> None:
        """The whole JSON report, written from the documents' reports: what a local run's
        ``--format json`` writes, without holding the documents."""
        head = json.dumps(
            {"schema": "mtqa-report/1", "signature": dict(self.signature), "summary": self.summary(), "documents": []},
            ensure_ascii=False,
            indent=2,
        )
        assert head.endswith('"documents": []\n}')
        with contextlib.ExitStack() as stack:
            out = path if hasattr(path, "write") else stack.enter_context(open(path, "w", encoding="utf-8"))
            if not self.documents:
                out.write(head + "\n")
                return
            out.write(head[: -len("[]\n}")] + "[\n")
            for number, document in enumerate(self.reports.documents()):
                text = json.dumps(document, ensure_ascii=False, indent=2)
                out.write((",\n" if number else "") + "\n".join("    " + line for line in text.split("\n")))
            out.write("\n  ]\n}\n")
