"""A Markdown summary for pull-request comments and job summaries (GitHub-flavoured).

The gate's decision, each document's scores and findings, findings by check
and severity, the worst segments, and the findings that failed the gate (at
most ``GATING_SHOWN``). Text from the documents is escaped so that it cannot
break the tables or inject HTML, links or mentions.
"""

from __future__ import annotations

import re

from qa.gate import GATING
from qa.records import Report
from qa.report.controls import visible
from qa.report.summary import (
    SCORE_NAMES,
    SEVERITIES,
    by_check,
    document_rows,
    excerpt,
    finding_states,
    worst_segments,
)

GATING_SHOWN = 20
_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")


def md(text: str) -> str:
    """Text safe inside a Markdown table cell: no HTML, no line breaks, Markdown syntax escaped,
    control characters and bidi controls written as their escapes (qa.report.controls)."""
    text = visible(" ".join(str(text).split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    return text.replace("@", "@\u200b")  # no mentions


def render(report: Report) -> str:
    lines: list[str] = []
    gate = report.gate
    summary = report.summary()
    if gate is not None:
        verdict = "✅ **mtqa gate passed**" if gate.passed else "❌ **mtqa gate failed**"
        lines.append(verdict)
        for reason in gate.reasons:
            lines.append(f"- {md(reason)}")
    else:
        lines.append("**mtqa report**")
    lines.append("")
    lines.append(
        f"{summary['documents']} document(s), {summary['segments']} segment(s), {summary['findings']} finding(s)"
        + (f"; baseline accepted {gate.baseline['accepted']}, {len(gate.baseline['stale'])} stale" if gate is not None and gate.baseline else "")
    )
    lines.append("")

    present = [(k, n) for k, n in SCORE_NAMES if any(k in d.scores for d in report.documents)]
    head = ["document", "segments", *(n for _, n in present), *(s.value for s in SEVERITIES), "gating"]
    lines += [_row(head), _row(["---"] + ["--:"] * (len(head) - 1))]
    for row in document_rows(report):
        d = row.document
        lines.append(
            _row(
                [
                    md(d.id),
                    str(len(d.segments)),
                    *(f"{d.scores[k]:.2f}" if k in d.scores else "–" for k, _ in present),
                    *(str(row.by_severity[s]) for s in SEVERITIES),
                    str(row.gating),
                ]
            )
        )
    lines.append("")

    checks = by_check(report)
    if checks:
        lines.append("**Findings by check**")
        lines.append("")
        head = ["check", *(s.value for s in SEVERITIES), "total"]
        lines += [_row(head), _row(["---"] + ["--:"] * (len(head) - 1))]
        for check_id, counts in checks.items():
            lines.append(_row([f"`{check_id}`", *(str(counts[s]) for s in SEVERITIES), str(sum(counts.values()))]))
        lines.append("")

    worst = worst_segments(report)
    if worst:
        lines.append("**Worst segments**")
        lines.append("")
        lines += [_row(["document", "segment", "chrF++", "checks", "target"]), _row(["---", "---", "--:", "---", "---"])]
        for document, segment in worst:
            chrf = segment.scores.get("chrf")
            lines.append(
                _row(
                    [
                        md(document.id),
                        md(segment.id),
                        f"{chrf:.1f}" if chrf is not None else "–",
                        ", ".join(f"`{c}`" for c in sorted({f.check for f in segment.findings})),
                        md(excerpt(segment.target or "(no target)")),
                    ]
                )
            )
        lines.append("")

    states = finding_states(report)
    gating = [(d, f) for d in report.documents for f in d.findings if states[id(f)] == GATING]
    if gating:
        lines.append(f"<details><summary>Findings that fail the gate ({len(gating)})</summary>")
        lines.append("")
        for document, finding in gating[:GATING_SHOWN]:
            where = f"{md(document.id)} §{md(finding.segment)}" if finding.segment is not None else md(document.id)
            suggestion = ""
            if finding.suggestions:
                first = finding.suggestions[0]
                suggestion = f" → {md(first.text)} ({md(first.origin)})"
            lines.append(f"- **{finding.severity.value}** `{finding.check}` {where}: {md(finding.message)}{suggestion}")
        if len(gating) > GATING_SHOWN:
            lines.append(f"- … and {len(gating) - GATING_SHOWN} more")
        lines.append("")
        lines.append("</details>")
        lines.append("")
    lines.append(f"<sub>{md(report.signature.get('string', ''))}</sub>")
    return "\n".join(lines) + "\n"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
