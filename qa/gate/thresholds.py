"""The gate: thresholds (and accepted findings) decide pass or fail; exit codes are decided here only.

0 pass, 1 gate failed, 2 usage / input / config / model unavailable, 3 internal error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from qa.errors import QAError
from qa.records import Finding, Report
from qa.settings import Settings

EXIT_PASS = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


@dataclass
class GateResult:
    passed: bool
    reasons: list[str] = field(default_factory=list)
    gating: list[Finding] = field(default_factory=list)
    accepted: int = 0

    def to_dict(self) -> dict:
        return {"passed": self.passed, "reasons": list(self.reasons), "gating_findings": len(self.gating), "accepted": self.accepted}


def evaluate(report: Report, settings: Settings, is_accepted: Callable[[Finding], bool] | None = None) -> GateResult:
    """Decide pass or fail, and record the decision in the report."""
    reasons: list[str] = []
    accepted = 0
    gating: list[Finding] = []
    for finding in report.findings:
        if is_accepted is not None and is_accepted(finding):
            accepted += 1
            continue
        if finding.severity >= settings.fail_on:
            gating.append(finding)
    if gating:
        reasons.append(f"{len(gating)} new finding(s) at or above {settings.fail_on.value}")
    counts: dict[str, int] = {}
    for finding in report.findings:
        if is_accepted is not None and is_accepted(finding):
            continue  # findings a baseline accepted count against no limit
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
    result = GateResult(passed=not reasons, reasons=reasons, gating=gating, accepted=accepted)
    report.gate = result.to_dict()
    return result


def return_code(result: GateResult | None = None, error: BaseException | None = None) -> int:
    """The process exit code for a finished run (a result) or a failed one (an error)."""
    if error is not None:
        return EXIT_USAGE if isinstance(error, QAError) else EXIT_INTERNAL
    if result is None:
        return EXIT_PASS
    return EXIT_PASS if result.passed else EXIT_GATE_FAILED
