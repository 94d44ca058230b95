"""JUnit XML for CI servers: a testcase per document, a failure per gating finding.

Valid against the Jenkins/Ant ``junit-10.xsd`` that CI servers read (the copy
in tests/data/schemas/ is validated against in the tests). A document fails
on each finding that gates (at or above --fail-on, not accepted by the
baseline) and on each gate threshold it misses (document or segment chrF++);
thresholds that are not about one document (--max-findings) fail a last
testcase named "gate".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from qa.gate import GATING
from qa.records import Report
from qa.report.summary import finding_states

# characters XML 1.0 cannot carry
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(report: Report) -> str:
    states = finding_states(report)
    reasons = list(report.gate.reasons) if report.gate is not None else []
    suites = ET.Element("testsuites", name="mtqa")
    suite = ET.SubElement(suites, "testsuite", name="mtqa", errors="0", skipped="0")
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="signature", value=_clean(report.signature.get("string", "")))
    if report.gate is not None:
        ET.SubElement(properties, "property", name="fail_on", value=report.gate.fail_on.value)
    tests = failures = 0
    for document in report.documents:
        tests += 1
        case = ET.SubElement(suite, "testcase", name=_clean(document.id), classname="mtqa")
        by_id = {s.id: s for s in document.segments}
        failed = False
        for finding in document.findings:
            if states[id(finding)] != GATING:
                continue
            failed = True
            where = f"segment {finding.segment}" if finding.segment is not None else "document"
            failure = ET.SubElement(
                case,
                "failure",
                type=finding.check,
                message=_clean(f"{finding.severity.value} {finding.check} ({where}): {finding.message}"),
            )
            failure.text = _clean(_details(finding, by_id.get(finding.segment)))
        prefix = f"{document.id}: "
        for reason in [r for r in reasons if r.startswith(prefix)]:
            reasons.remove(reason)
            failed = True
            ET.SubElement(case, "failure", type="threshold", message=_clean(reason))
        failures += failed
        paths = document.target_path if document.source_path == document.target_path else f"{document.source_path} -> {document.target_path}"
        out = ET.SubElement(case, "system-out")
        out.text = _clean(f"{paths}\n" + ", ".join(f"{k} {v:.2f}" for k, v in document.scores.items()))
    # the gate's reason "N new finding(s) at or above SEVERITY" is told by the failures above
    leftover = [r for r in reasons if " at or above " not in r]
    if leftover:
        tests += 1
        failures += 1
        case = ET.SubElement(suite, "testcase", name="gate", classname="mtqa")
        for reason in leftover:
            ET.SubElement(case, "failure", type="threshold", message=_clean(reason))
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _details(finding, segment) -> str:
    lines = []
    if segment is not None:
        lines += [f"source: {segment.source}", f"target: {segment.target}"]
        if segment.pivot:
            lines.append(f"pivot:  {segment.pivot}")
        if finding.target_span and segment.target:
            lines.append(f"span:   {finding.target_span.text(segment.target)!r}")
    for suggestion in finding.suggestions:
        lines.append(f"suggestion ({suggestion.origin}): {suggestion.text}")
    if finding.note:
        lines.append(finding.note)
    return "\n".join(lines)


def _clean(text: str) -> str:
    return _INVALID.sub("\ufffd", text)
