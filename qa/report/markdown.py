"""A Markdown summary for pull-request comments and job summaries (GitHub-flavoured).

The gate's decision with the findings that failed it (at most ``GATING_SHOWN``,
one ``path:line:col: check severity message → suggestion`` line each, in a
code block), each document's scores (the calibrated mtqa score among them) and
findings, findings by check and severity, the worst segments, and the
signature (short, the full one folded). Text from the documents is escaped so
that it cannot break the tables or inject HTML, links or mentions.
"""

from __future__ import annotations

import re

from qa.records import Report
from qa.report.controls import visible
from qa.report.gating import gating_lines
from qa.report.signature import short_signature
from qa.report.summary import (
    SCORE_NAMES,
    SEVERITIES,
    by_check,
    document_rows,
    excerpt,
    score_text,
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
        lines += _gating_block(gating_lines(report))
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
                    *(score_text(k, d.scores.get(k)) for k, _ in present),
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

    lines.append(f"<sub>{md(short_signature(report.signature))}</sub>")
    lines.append("")
    lines.append(f"<details><summary>signature</summary>\n\n{md(report.signature.get('string', ''))}\n\n</details>")
    return "\n".join(lines) + "\n"


def _gating_block(found: list[str]) -> list[str]:
    """The findings that fail the gate, one ``path:line:col: check severity message`` line each
    (at most ``GATING_SHOWN``), in a code block: copied as they are, nothing in them rendered."""
    if not found:
        return []
    shown = found[:GATING_SHOWN] + ([f"… and {len(found) - GATING_SHOWN} more"] if len(found) > GATING_SHOWN else [])
    longest = max((len(run) for line in shown for run in re.findall("`+", line)), default=0)
    fence = "`" * max(3, longest + 1)  # longer than any run of backticks inside
    return ["", fence + "text", *shown, fence]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
