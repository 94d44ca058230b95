"""The gate: thresholds (``thresholds``) and a baseline of accepted findings (``baseline``) decide
pass or fail, once, as a :class:`GateResult` that the renderers read; exit codes are decided
here only: 0 pass, 1 gate failed, 2 usage / input / config / model unavailable, 3 internal error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.errors import QAError
from qa.records import Finding, Report, Severity

EXIT_PASS = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

#: a finding's state in the gate
GATING, ACCEPTED, BELOW = "gating", "accepted", "below-threshold"


@dataclass
class GateResult:
    """The gate's decision over one report, and each finding's state in it."""

    passed: bool
    fail_on: Severity
    reasons: list[str] = field(default_factory=list)
    gating: list[Finding] = field(default_factory=list)
    baseline: dict[str, Any] | None = None  # path, accepted, accepted_fingerprints, stale entries
    stale: list[Any] = field(default_factory=list)  # baseline entries that matched no finding
    _states: dict[int, str] = field(default_factory=dict, repr=False)

    @property
    def accepted(self) -> int:
        """How many findings the baseline accepted."""
        return sum(state == ACCEPTED for state in self._states.values())

    def state(self, finding: Finding) -> str:
        """GATING, ACCEPTED (by the baseline) or BELOW (the --fail-on threshold)."""
        known = self._states.get(id(finding))
        if known is not None:
            return known
        return GATING if finding.severity >= self.fail_on else BELOW

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "passed": self.passed,
            "reasons": list(self.reasons),
            "gating_findings": len(self.gating),
            "accepted": self.accepted,
            "fail_on": self.fail_on.value,
        }
        if self.baseline is not None:
            out["baseline"] = dict(self.baseline)
        return out


def decide(report: Report, settings, baseline=None, baseline_path: str | Path | None = None) -> GateResult:
    """The gate over a report: the baseline's findings accepted, then --fail-on and the thresholds."""
    from qa.gate.thresholds import threshold_reasons

    match = baseline.match(report) if baseline is not None else None
    is_accepted = match.is_accepted if match is not None else (lambda finding: False)
    states: dict[int, str] = {}
    gating: list[Finding] = []
    for finding in report.findings:
        if is_accepted(finding):
            states[id(finding)] = ACCEPTED
        elif finding.severity >= settings.fail_on:
            states[id(finding)] = GATING
            gating.append(finding)
        else:
            states[id(finding)] = BELOW
    reasons = [f"{len(gating)} new finding(s) at or above {settings.fail_on.value}"] if gating else []
    reasons += threshold_reasons(report, settings, is_accepted)
    described = None
    if match is not None:
        described = {"path": str(baseline_path)} if baseline_path else {}
        described.update(match.to_dict())
    return GateResult(
        passed=not reasons,
        fail_on=settings.fail_on,
        reasons=reasons,
        gating=gating,
        baseline=described,
        stale=list(match.stale) if match is not None else [],
        _states=states,
    )


def return_code(result: GateResult | None = None, error: BaseException | None = None) -> int:
    """The process exit code for a finished run (a result) or a failed one (an error)."""
    if error is not None:
        return EXIT_USAGE if isinstance(error, QAError) else EXIT_INTERNAL
    if result is None:
        return EXIT_PASS
    return EXIT_PASS if result.passed else EXIT_GATE_FAILED


__all__ = ["ACCEPTED", "BELOW", "GATING", "EXIT_GATE_FAILED", "EXIT_INTERNAL", "EXIT_PASS", "EXIT_USAGE", "GateResult", "decide", "return_code"]
