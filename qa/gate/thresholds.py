"""The thresholds: what makes a report fail the gate besides a gating finding (too many
findings of a check, a document's or a segment's score below its floor)."""

from __future__ import annotations

from collections.abc import Callable

from qa.records import Document, Finding, Report


def threshold_reasons(report: Report, settings, is_accepted: Callable[[Finding], bool]) -> list[str]:
    """Why the thresholds fail the report (empty: they pass); accepted findings count against no limit."""
    thresholds = DocumentThresholds(settings)
    for document in report.documents:
        thresholds.add(document, is_accepted)
    return thresholds.reasons()


class DocumentThresholds:
    """The thresholds folded over documents one at a time: the counts of findings by check, and
    the reasons of the documents that fall below a floor."""

    def __init__(self, settings):
        self.settings = settings
        self._counts: dict[str, int] = {}
        self._document_reasons: list[str] = []

    def add(self, document: Document, is_accepted: Callable[[Finding], bool]) -> None:
        settings = self.settings
        for finding in document.findings:
            if not is_accepted(finding):
                self._counts[finding.check] = self._counts.get(finding.check, 0) + 1
        reasons = self._document_reasons
        if settings.min_chrf_document is not None and "chrf" in document.scores:
            if document.scores["chrf"] < settings.min_chrf_document:
                reasons.append(f"{document.id}: document chrF++ {document.scores['chrf']:.1f} < {settings.min_chrf_document:g}")
        if settings.min_mtqa_document is not None and "mtqa" in document.scores:
            if document.scores["mtqa"] < settings.min_mtqa_document:
                reasons.append(f"{document.id}: document mtqa score {document.scores['mtqa']:+.3f} < {settings.min_mtqa_document:+g}")
        if settings.min_chrf_segment is not None:
            low = [s.id for s in document.segments if "chrf" in s.scores and s.scores["chrf"] < settings.min_chrf_segment]
            if low:
                reasons.append(f"{document.id}: {len(low)} segment(s) with chrF++ < {settings.min_chrf_segment:g}")
        if settings.min_mtqa_segment is not None:
            low = [s.id for s in document.segments if "mtqa" in s.scores and s.scores["mtqa"] < settings.min_mtqa_segment]
            if low:
                reasons.append(f"{document.id}: {len(low)} segment(s) with mtqa score < {settings.min_mtqa_segment:+g}")

    def reasons(self) -> list[str]:
        """Why the thresholds fail what was added (empty: they pass): the limits first, then the documents."""
        out = []
        for check_id, limit in self.settings.max_findings.items():
            if self._counts.get(check_id, 0) > limit:
                out.append(f"{self._counts[check_id]} {check_id} finding(s), more than {limit}")
        return out + self._document_reasons
