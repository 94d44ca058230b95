"""What failed the gate, one line each, as compilers and linters print it (ruff, gcc, mypy):
``path:line:col: check severity message → suggestion``, which terminals, editors and CI problem
matchers turn into links.

The place is the one SARIF gives (:class:`qa.report.regions.Locator`): the target file's line and
column of the finding's target span, the source file's for a finding with a source span only (an
omission), the start of its segment for a finding without spans; for XLIFF, TMX and PO files the
line of the unit. A document finding, or a segment whose text cannot be found in its file, is
placed at ``1:1`` of the file (as linters place a file's own problems). A source that a batch found
without its translation fails the gate too (unless ``--allow-missing``): it gets a line of check
``missing-translation``.
"""

from __future__ import annotations

from qa.gate import GATING
from qa.gate.baseline import located_findings
from qa.records import Document, Finding, Report
from qa.report.controls import visible
from qa.report.regions import Locator

MISSING = "missing-translation"


def gating_lines(report: Report, locator: Locator | None = None, streamed: list[str] = ()) -> list[str]:
    """One line per finding that fails the gate, in document order, then one per missing
    translation. ``streamed``: the lines of documents no longer held (:func:`document_lines`)."""
    gate = report.gate
    if gate is None:
        return []
    locator = locator or Locator()
    lines = list(streamed)
    for document, segment, finding in located_findings(report):
        if gate.state(finding) == GATING:
            lines.append(_line(document, segment, finding, locator))
    for source, expected in gate.missing:
        lines.append(visible(f"{source}:1:1: {MISSING} no translation found (expected {expected})"))
    return lines


def document_lines(document: Document, states: dict[int, str], locator: Locator) -> list[str]:
    """The lines of one document's findings that fail the gate, ``states`` (id(finding) -> state)
    as :meth:`qa.gate.GateTally.add` gives them: for a batch folded one document at a time."""
    report = Report(signature={}, documents=[document])
    return [_line(d, s, f, locator) for d, s, f in located_findings(report) if states.get(id(f)) == GATING]


def _line(document: Document, segment, finding: Finding, locator: Locator) -> str:
    region = locator.finding_region(document, segment, finding)
    if region is not None:
        where = f"{region.path}:{region.start_line}:{region.start_column}"
    else:
        where = f"{document.target_path or document.source_path or document.id}:1:1"
    return f"{visible(where)}: {finding_line(finding)}"


def finding_line(finding: Finding, exact: bool = False) -> str:
    """``check severity message → suggestion`` (the first suggestion, with its origin), on one
    line; control characters shown as escapes unless ``exact`` (for reports whose readers escape)."""
    text = f"{finding.check} {finding.severity.value} {_one_line(finding.message)}"
    suggestion = next((s for s in finding.suggestions if s.text), None)
    if suggestion is not None:
        text += f" → {_one_line(suggestion.text)} ({suggestion.origin})"
    return text if exact else visible(text)


def _one_line(text: str) -> str:
    return " ".join(text.split())
