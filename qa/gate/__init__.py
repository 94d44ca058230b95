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
    #: (source, expected target) of each source a batch found without its translation
    missing: list[tuple[str, str]] = field(default_factory=list)
    _states: dict[int, str] = field(default_factory=dict, repr=False)
    #: how many findings are in each state (what a gate folded without its findings still knows)
    _counts: dict[str, int] | None = field(default=None, repr=False)

    @property
    def accepted(self) -> int:
        """How many findings the baseline accepted."""
        if self._counts is not None:
            return self._counts[ACCEPTED]
        return sum(state == ACCEPTED for state in self._states.values())

    @property
    def gating_count(self) -> int:
        """How many findings fail the gate."""
        return self._counts[GATING] if self._counts is not None else len(self.gating)

    def state(self, finding: Finding) -> str:
        """GATING, ACCEPTED (by the baseline) or BELOW (the --fail-on threshold)."""
        known = self._states.get(id(finding))
        if known is not None:
            return known
        return GATING if finding.severity >= self.fail_on else BELOW

    def fail_missing(self, missing: list[tuple[str, str]]) -> None:
        """Fail the gate on sources found without their translation (``mtqa batch`` without
        ``--allow-missing``): a translation that is not there is not one that passed."""
        if not missing:
            return
        self.missing = list(missing)
        self.passed = False
        self.reasons.append(f"{len(missing)} source(s) without a translation")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "passed": self.passed,
            "reasons": list(self.reasons),
            "gating_findings": self.gating_count,
            "accepted": self.accepted,
            "fail_on": self.fail_on.value,
        }
        if self.missing:
            out["missing"] = [{"source": source, "expected": expected} for source, expected in self.missing]
        if self.baseline is not None:
            out["baseline"] = dict(self.baseline)
        return out


def decide(report: Report, settings, baseline=None, baseline_path: str | Path | None = None) -> GateResult:
    """The gate over a report: the baseline's findings accepted, then --fail-on and the thresholds."""
    tally = GateTally(settings, baseline, baseline_path)
    for document in report.documents:
        tally.add(document)
    return tally.result()


class GateTally:
    """The gate folded over documents, one at a time and in the report's order: what :func:`decide`
    computes over a whole report, for a batch that is never held whole (``mtqa batch --executor
    ray``). With ``keep=False`` it keeps counts instead of the findings, so its memory is bounded by
    the baseline and the failing documents, not by the batch."""

    def __init__(self, settings, baseline=None, baseline_path: str | Path | None = None, *, keep: bool = True):
        from qa.gate.thresholds import DocumentThresholds

        self.settings = settings
        self.keep = keep
        self.baseline_path = baseline_path
        self._matcher = baseline.matcher(keep=keep) if baseline is not None else None
        self._thresholds = DocumentThresholds(settings)
        self._states: dict[int, str] = {}
        self._gating: list[Finding] = []
        self._counts: dict[str, int] = {GATING: 0, ACCEPTED: 0, BELOW: 0}

    def add(self, document) -> dict[int, str]:
        """Fold one document in; id(finding) -> its state, for this document's findings."""
        states: dict[int, str] = {}
        accepted = self._matcher.accept_document(document) if self._matcher is not None else set()
        for finding in document.findings:
            if id(finding) in accepted:
                state = ACCEPTED
            elif finding.severity >= self.settings.fail_on:
                state = GATING
                if self.keep:
                    self._gating.append(finding)
            else:
                state = BELOW
            states[id(finding)] = state
            self._counts[state] += 1
        self._thresholds.add(document, lambda finding: states[id(finding)] == ACCEPTED)
        if self.keep:
            self._states.update(states)
        return states

    def result(self) -> GateResult:
        gating = self._counts[GATING]
        reasons = [f"{gating} new finding(s) at or above {self.settings.fail_on.value}"] if gating else []
        reasons += self._thresholds.reasons()
        match = self._matcher.finish() if self._matcher is not None else None
        described = None
        if match is not None:
            described = {"path": str(self.baseline_path)} if self.baseline_path else {}
            described.update(match.to_dict())
        return GateResult(
            passed=not reasons,
            fail_on=self.settings.fail_on,
            reasons=reasons,
            gating=self._gating,
            baseline=described,
            stale=list(match.stale) if match is not None else [],
            _states=self._states,
            _counts=dict(self._counts),
        )


def return_code(result: GateResult | None = None, error: BaseException | None = None) -> int:
    """The process exit code for a finished run (a result) or a failed one (an error)."""
    if error is not None:
        return EXIT_USAGE if isinstance(error, QAError) else EXIT_INTERNAL
    if result is None:
        return EXIT_PASS
    return EXIT_PASS if result.passed else EXIT_GATE_FAILED


__all__ = ["ACCEPTED", "BELOW", "GATING", "EXIT_GATE_FAILED", "EXIT_INTERNAL", "EXIT_PASS", "EXIT_USAGE", "GateResult", "GateTally", "decide", "return_code"]
