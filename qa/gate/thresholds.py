"""The thresholds: what makes a report fail the gate besides a gating finding (too many
findings of a check, a document's or a segment's score below its floor)."""

from __future__ import annotations

from collections.abc import Callable

from qa.records import Finding, Report


def threshold_reasons(report: Report, settings, is_accepted: Callable[[Finding], bool]) -> list[str]:
    """Why the thresholds fail the report (empty: they pass); accepted findings count against no limit."""
    reasons: list[str] = []
    counts: dict[str, int] = {}
    for finding in report.findings:
        if not is_accepted(finding):
            counts[finding.check] = counts.get(finding.check, 0) + 1
    for check_id, limit in settings.max_findings.items():
        if counts.get(check_id, 0) > limit:
            reasons.append(f"{counts[check_id]} {check_id} finding(s), more than {limit}")
    for document in report.documents:
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
    return reasons
