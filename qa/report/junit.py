"""JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test reporters): a ``<testsuite>`` per
document, a ``<testcase>`` per finding that fails the gate (its one ``<failure>``), and one passing
testcase for a document without any.

Each failing testcase is named by the finding's check and place (``untranslated
article.en.txt:2:20``, the place of :mod:`qa.report.gating`), so that a CI server lists each
failure on its own line and follows it across runs. A gate threshold a document misses (document
or segment chrF++ or mtqa score) is one more failing testcase of its suite; what is not about one
document (--max-findings, a source without its translation) fails testcases of a last suite named
"gate". Valid against the Jenkins/Ant ``junit-10.xsd`` (the copy in tests/data/schemas/ is
validated against in the tests); every report carries the full signature as a property.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from qa.gate import GATING
from qa.gate.baseline import located_findings
from qa.records import Report
from qa.report.gating import MISSING, finding_line
from qa.report.regions import Locator

# characters XML 1.0 cannot carry
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PASSED = "no finding fails the gate"


def render(report: Report) -> str:
    gate = report.gate
    reasons = list(gate.reasons) if gate is not None else []
    locator = Locator()
    suites = ET.Element("testsuites", name="mtqa")
    by_document: dict[int, list] = {id(d): [] for d in report.documents}
    for document, segment, finding in located_findings(report):
        if gate is not None and gate.state(finding) == GATING:
            by_document[id(document)].append((segment, finding))
    for document in report.documents:
        suite = _suite(suites, document.id, report, gate)
        for segment, finding in by_document[id(document)]:
            region = locator.finding_region(document, segment, finding)
            where = f"{region.path}:{region.start_line}:{region.start_column}" if region else (document.target_path or document.source_path or document.id)
            case = _case(suite, f"{finding.check} {where}", document.id)
            failure = ET.SubElement(case, "failure", type=finding.check, message=_clean(f"{where}: {finding_line(finding, exact=True)}"))
            failure.text = _clean(_details(finding, segment))
        prefix = f"{document.id}: "
        for reason in [r for r in reasons if r.startswith(prefix)]:
            reasons.remove(reason)
            ET.SubElement(_case(suite, reason, document.id), "failure", type="threshold", message=_clean(reason))
        if not len(suite.findall("testcase")):
            _case(suite, PASSED, document.id)
        paths = document.target_path if document.source_path == document.target_path else f"{document.source_path} -> {document.target_path}"
        out = ET.SubElement(suite, "system-out")
        out.text = _clean(f"{paths}\n" + ", ".join(f"{k} {v:.2f}" for k, v in document.scores.items()))
    # told by the testcases above: the count of gating findings, the count of missing translations
    leftover = [r for r in reasons if " at or above " not in r and not r.endswith(" without a translation")]
    missing = gate.missing if gate is not None else []
    if leftover or missing:
        suite = _suite(suites, "gate", report, gate)
        for reason in leftover:
            ET.SubElement(_case(suite, reason, "gate"), "failure", type="threshold", message=_clean(reason))
        for source, expected in missing:
            message = f"{source}: no translation found (expected {expected})"
            ET.SubElement(_case(suite, f"{MISSING} {source}", "gate"), "failure", type=MISSING, message=_clean(message))
    for suite in suites.findall("testsuite"):
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suites.set("tests", str(sum(int(s.get("tests")) for s in suites.findall("testsuite"))))
    suites.set("failures", str(sum(int(s.get("failures")) for s in suites.findall("testsuite"))))
    suites.set("errors", "0")
    suites.set("time", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _suite(suites: ET.Element, name: str, report: Report, gate) -> ET.Element:
    suite = ET.SubElement(suites, "testsuite", name=_clean(name), tests="0", failures="0", errors="0", skipped="0", time="0")
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="signature", value=_clean(report.signature.get("string", "")))
    if gate is not None:
        ET.SubElement(properties, "property", name="fail_on", value=gate.fail_on.value)
    return suite


def _case(suite: ET.Element, name: str, classname: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", name=_clean(name), classname=_clean(classname), time="0")


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
