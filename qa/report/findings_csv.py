"""Findings as CSV, one row per finding, for spreadsheets and scripts.

Columns: document, segment, check, severity, gate (gating, accepted,
below-threshold), message, source span text, target span text, spans as
start:end, the segment's source, target and pivot, the suggestions
("text (origin)" joined by " | "), the files and the finding's fingerprint
(the baseline's).
"""

from __future__ import annotations

import csv
import io

from qa.gate.baseline import fingerprint, located_findings
from qa.records import Report
from qa.report.summary import finding_states

COLUMNS = [
    "document",
    "segment",
    "check",
    "severity",
    "gate",
    "message",
    "source_text",
    "target_text",
    "source_span",
    "target_span",
    "source",
    "target",
    "pivot",
    "suggestions",
    "source_path",
    "target_path",
    "fingerprint",
]


def render(report: Report) -> str:
    states = finding_states(report)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for document, segment, finding in located_findings(report):
        source = segment.source if segment else ""
        target = segment.target if segment else ""
        writer.writerow(
            {
                "document": document.id,
                "segment": finding.segment or "",
                "check": finding.check,
                "severity": finding.severity.value,
                "gate": states[id(finding)],
                "message": finding.message,
                "source_text": finding.source_span.text(source) if finding.source_span else "",
                "target_text": finding.target_span.text(target) if finding.target_span else "",
                "source_span": f"{finding.source_span.start}:{finding.source_span.end}" if finding.source_span else "",
                "target_span": f"{finding.target_span.start}:{finding.target_span.end}" if finding.target_span else "",
                "source": source,
                "target": target,
                "pivot": (segment.pivot or "") if segment else "",
                "suggestions": " | ".join(f"{s.text} ({s.origin})" for s in finding.suggestions),
                "source_path": document.source_path or "",
                "target_path": document.target_path or "",
                "fingerprint": fingerprint(finding, segment),
            }
        )
    return buffer.getvalue()
