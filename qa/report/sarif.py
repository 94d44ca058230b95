"""SARIF 2.1.0, for code-scanning views (GitHub, GitLab, IDEs).

Rules are the checks (``mtqa checks``); each finding is a result located in
the target file (the source file for an omission) with a line/column region
(columns in Unicode code points: ``columnKind`` says so), when its text can be
found there. Findings accepted by the baseline carry an external suppression;
every result has a partial fingerprint (the baseline's) so code-scanning
services follow it across edits. Suggestions become fixes where the region is
known. Valid against the SARIF 2.1.0 schema (tests/data/schemas/).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qa import __version__
from qa.gate import ACCEPTED
from qa.gate.baseline import fingerprint, located_findings
from qa.records import Report, Severity
from qa.report.regions import Locator, Region
from qa.report.summary import finding_states

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning", Severity.INFO: "note"}


def render(report: Report, root: str | Path | None = None, locator: Locator | None = None) -> str:
    """The report as a SARIF log; paths under ``root`` (default: the working directory) are relative."""
    return json.dumps(sarif_log(report, root, locator), ensure_ascii=False, indent=2) + "\n"


def sarif_log(report: Report, root: str | Path | None = None, locator: Locator | None = None) -> dict[str, Any]:
    from qa.checks import CHECKS

    root = Path(root or Path.cwd()).resolve()
    locator = locator or Locator()
    states = finding_states(report)
    rule_ids = list(CHECKS)
    for finding in report.findings:  # a check that is not registered (yet) still gets a rule
        if finding.check not in rule_ids:
            rule_ids.append(finding.check)
    rules = [_rule(check_id, CHECKS.get(check_id)) for check_id in rule_ids]
    results = []
    artifacts: dict[str, int] = {}
    for document, segment, finding in located_findings(report):
        region = locator.finding_region(document, segment, finding)
        path = region.path if region else (document.target_path or document.source_path)
        location: dict[str, Any] = {}
        if path:
            artifact = _artifact(path, root)
            artifacts.setdefault(artifact["uri"], len(artifacts))
            physical: dict[str, Any] = {"artifactLocation": {**artifact, "index": artifacts[artifact["uri"]]}}
            if region is not None:
                physical["region"] = _region(region)
            location["physicalLocation"] = physical
        where = f"{document.id} §{finding.segment}" if finding.segment is not None else document.id
        location["logicalLocations"] = [{"name": where, "kind": "element"}]
        result: dict[str, Any] = {
            "ruleId": finding.check,
            "ruleIndex": rule_ids.index(finding.check),
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [location],
            "partialFingerprints": {"mtqa/v1": fingerprint(finding, segment)},
            "properties": {
                "severity": finding.severity.value,
                "document": document.id,
                "segment": finding.segment,
                "gate": states[id(finding)],
                "suggestions": [s.to_dict() for s in finding.suggestions],
            },
        }
        if states[id(finding)] == ACCEPTED:
            result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": "accepted in the mtqa baseline"}]
        fixes = [_fix(s, region, root) for s in finding.suggestions if s.text] if region is not None and finding.target_span else []
        if fixes:
            result["fixes"] = fixes
        results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "mtqa",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
        "artifacts": [{"location": {"uri": uri, "uriBaseId": "%SRCROOT%"} if not uri.startswith("file:") else {"uri": uri}} for uri in artifacts],
        "results": results,
        "invocations": [{"executionSuccessful": True, "properties": {"gate": report.gate.to_dict() if report.gate is not None else {}}}],
        "properties": {"signature": report.signature.get("string", ""), "summary": _summary(report)},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule(check_id: str, check: Any) -> dict[str, Any]:
    if check is None:
        return {"id": check_id, "shortDescription": {"text": check_id}}
    return {
        "id": check_id,
        "name": "".join(part.title() for part in check_id.split("-")),
        "shortDescription": {"text": check.title},
        "fullDescription": {"text": check.description or check.title},
        "defaultConfiguration": {"level": LEVELS[check.severity]},
        "properties": {"severity": check.severity.value, "scope": check.scope},
    }


def _artifact(path: str, root: Path) -> dict[str, str]:
    resolved = Path(path).resolve()
    try:
        return {"uri": resolved.relative_to(root).as_posix(), "uriBaseId": "%SRCROOT%"}
    except ValueError:
        return {"uri": resolved.as_uri()}


def _region(region: Region) -> dict[str, Any]:
    return {
        "startLine": region.start_line,
        "startColumn": region.start_column,
        "endLine": region.end_line,
        "endColumn": region.end_column,
        "charOffset": region.char_offset,
        "charLength": region.char_length,
        "snippet": {"text": region.snippet},
    }


def _fix(suggestion, region: Region, root: Path) -> dict[str, Any]:
    return {
        "description": {"text": f"Replace with {suggestion.text!r} ({suggestion.origin})"},
        "artifactChanges": [
            {
                "artifactLocation": _artifact(region.path, root),
                "replacements": [{"deletedRegion": _region(region), "insertedContent": {"text": suggestion.text}}],
            }
        ],
    }


def _summary(report: Report) -> dict[str, Any]:
    summary = report.summary()
    summary.pop("gate", None)
    return summary
