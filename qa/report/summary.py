"""The batch summary: each document's scores and findings, findings by check and severity, the worst segments.

Also what the other renderers share about the gate: each finding's state
(``finding_states``), as the gate decided it (:class:`qa.gate.GateResult` in
``report.gate``).
"""

from __future__ import annotations

import io
import math
from collections import Counter
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape as escape_markup
from rich.table import Table
from rich.text import Text

from qa.gate import BELOW, GATING
from qa.records import Document, Finding, Report, Segment, Severity
from qa.report.controls import visible
from qa.report.gating import gating_lines
from qa.report.score_table import Column, Row, show_table
from qa.report.signature import shown_signature

SCORE_NAMES = (("chrf", "chrF++"), ("bleu", "BLEU"), ("ter", "TER"), ("logprob", "logprob"), ("mtqa", "mtqa"))
SEVERITIES = [Severity.CRITICAL, Severity.MAJOR, Severity.MINOR, Severity.INFO]
STYLES = {Severity.INFO: "cyan", Severity.MINOR: "yellow", Severity.MAJOR: "bold red", Severity.CRITICAL: "bold white on red"}


def escape(text: str) -> str:
    """Text from the documents for rich markup: markup escaped, control characters made visible."""
    return escape_markup(visible(text))


def finding_states(report: Report) -> dict[int, str]:
    """id(finding) -> GATING, ACCEPTED (by the baseline) or BELOW, as the gate decided (before it
    is decided: against the default --fail-on, major)."""
    gate = report.gate
    if gate is None:
        return {id(f): GATING if f.severity >= Severity.MAJOR else BELOW for f in report.findings}
    return {id(f): gate.state(f) for f in report.findings}


@dataclass
class DocumentRow:
    document: Document
    by_severity: dict[Severity, int]
    gating: int


def document_rows(report: Report) -> list[DocumentRow]:
    states = finding_states(report)
    rows = []
    for document in report.documents:
        counts = Counter(f.severity for f in document.findings)
        rows.append(
            DocumentRow(
                document=document,
                by_severity={s: counts.get(s, 0) for s in SEVERITIES},
                gating=sum(1 for f in document.findings if states[id(f)] == GATING),
            )
        )
    return rows


def by_check(report: Report) -> dict[str, dict[Severity, int]]:
    """check id -> severity -> count, checks sorted by id."""
    table: dict[str, Counter] = {}
    for finding in report.findings:
        table.setdefault(finding.check, Counter())[finding.severity] += 1
    return {check: {s: table[check].get(s, 0) for s in SEVERITIES} for check in sorted(table)}


def worst_segments(report: Report, limit: int = 10) -> list[tuple[Document, Segment]]:
    """Segments with findings, worst first: highest severity, then lowest chrF++, then most findings."""
    ranked = []
    for document in report.documents:
        for segment in document.segments:
            if not segment.findings:
                continue
            worst = max(f.severity.rank for f in segment.findings)
            chrf = segment.scores.get("chrf", math.inf)
            ranked.append(((-worst, chrf, -len(segment.findings)), document, segment))
    ranked.sort(key=lambda row: row[0])
    return [(document, segment) for _, document, segment in ranked[:limit]]


def worst_finding(segment: Segment) -> Finding:
    return max(segment.findings, key=lambda f: f.severity.rank)


def excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def score_text(key: str, value: float | None, digits: int = 2) -> str:
    """A score as the reports print it: the mtqa score signed, with three decimals; "–" for none."""
    if value is None:
        return "–"
    return f"{value:+.3f}" if key == "mtqa" else f"{value:.{digits}f}"


def plain(text: str) -> str:
    """Console output for a file: the spaces that pad table cells to the end of a line removed."""
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def render(report: Report, verbose: bool = False, width: int = 120) -> str:
    buffer = io.StringIO()
    show(report, Console(file=buffer, width=width, no_color=True, highlight=False, soft_wrap=False), verbose=verbose)
    return plain(buffer.getvalue())


#: the documents table's columns, their abbreviations when the full headers do not fit, and the legend of those
_SCORE_COLUMNS = {"chrf": Column("chrF++", "chrF"), "bleu": Column("BLEU", "BLEU"), "ter": Column("TER", "TER"), "logprob": Column("logprob", "lp"), "mtqa": Column("mtqa", "mtqa")}
_SEVERITY_COLUMNS = [Column(s.value, {"critical": "crit", "major": "maj", "minor": "min"}.get(s.value, s.value)) for s in SEVERITIES]
LEGEND = "seg: segments · lp: logprob · crit/maj/min: critical/major/minor · gate: gating"


def show(report: Report, console: Console, worst: int = 10, *, quiet: bool = False, verbose: bool = False) -> None:
    """Print the summary tables (documents, checks, worst segments) and the gate's decision with
    the findings that fail it; ``quiet``: those findings and the decision only."""
    if not quiet:
        present = [k for k, _ in SCORE_NAMES if any(k in d.scores for d in report.documents)]
        columns = [Column("segments", "seg"), *(_SCORE_COLUMNS[k] for k in present), *_SEVERITY_COLUMNS, Column("gating", "gate")]
        rows = [
            Row(
                visible(row.document.id),
                [
                    Text(str(len(row.document.segments))),
                    *(Text(score_text(k, row.document.scores.get(k))) for k in present),
                    *(Text(str(row.by_severity[s]), style=STYLES[s] if row.by_severity[s] else "") for s in SEVERITIES),
                    Text(str(row.gating), style="bold red" if row.gating else ""),
                ],
            )
            for row in document_rows(report)
        ]
        if rows:
            show_table("Documents", "document", columns, rows, console, LEGEND)
        _checks_table(by_check(report), console)
        _worst_table(worst_segments(report, worst), console)
    show_verdict(report, console, baseline=True, quiet=quiet, verbose=verbose)


def show_streamed(batch, console: Console, worst: int = 10, *, quiet: bool = False, verbose: bool = False) -> None:
    """The summary of a batch folded one document at a time (``--executor ray``): the totals
    instead of a row per document, then the checks, the worst segments and the gate's decision."""
    verdict = Report(signature=batch.signature, documents=[], gate=batch.gate)
    if quiet:
        show_verdict(verdict, console, baseline=True, quiet=True, streamed=batch.gating_lines)
        return
    counts = ", ".join(f"{batch.by_severity[s.value]} {s.value}" for s in SEVERITIES)
    console.print(f"{batch.documents} document(s), {batch.segments} segment(s), {batch.findings} finding(s): {counts}")
    if batch.from_cache:
        console.print(f"{batch.from_cache} document(s) from the cache, {batch.checked} checked")
    checks = {c: {s: batch.checks_by_severity[c].get(s, 0) for s in SEVERITIES} for c in sorted(batch.checks_by_severity)}
    _checks_table(checks, console)
    _worst_table(batch.worst_segments()[:worst], console)
    show_verdict(verdict, console, baseline=True, verbose=verbose, streamed=batch.gating_lines)


def _checks_table(checks: dict[str, dict[Severity, int]], console: Console) -> None:
    if not checks:
        return
    table = Table(title="Findings by check", title_justify="left")
    table.add_column("check")
    for severity in SEVERITIES:
        table.add_column(severity.value, justify="right")
    table.add_column("total", justify="right")
    for check_id, counts in checks.items():
        table.add_row(check_id, *(_count(counts[s], s) for s in SEVERITIES), str(sum(counts.values())))
    console.print(table)


def _worst_table(rows: list[tuple[Document, Segment]], console: Console) -> None:
    if not rows:
        return
    table = Table(title="Worst segments", title_justify="left")
    table.add_column("document", overflow="fold", max_width=20)
    table.add_column("segment", overflow="fold", max_width=12)
    table.add_column("chrF++", justify="right", no_wrap=True)
    table.add_column("findings", overflow="fold")
    table.add_column("target", overflow="fold")
    for document, segment in rows:
        chrf = segment.scores.get("chrf")
        table.add_row(
            escape(document.id),
            escape(segment.id),
            f"{chrf:.1f}" if chrf is not None else "–",
            escape(", ".join(sorted({f.check for f in segment.findings}))),
            escape(excerpt(segment.target or "(no target)", 48)),
        )
    console.print(table)


def show_verdict(
    report: Report, console: Console, *, baseline: bool, quiet: bool = False, verbose: bool = False, streamed: list[str] = ()
) -> None:
    """The checks not run and why, the baseline's count (``baseline``), each finding that fails
    the gate on a line of its own (``path:line:col: check severity message → suggestion``), the
    gate's decision and the signature (the full one when ``verbose``): the last lines of the
    terminal and summary reports. ``quiet``: the checks not run, the failing findings and the decision only.
    ``streamed``: the failing findings' lines of a batch folded one document at a time (``--executor ray``)."""
    for check_id, reason in (report.signature.get("unserved_checks") or {}).items():  # a narrower gate, said even when quiet
        console.print(f"[yellow]not run:[/] {escape(check_id)} ({escape(reason)})")
    gate = report.gate
    if gate is not None:
        if baseline and gate.baseline and not quiet:
            accepted, stale = gate.baseline.get("accepted", 0), len(gate.baseline.get("stale", []))
            console.print(f"baseline: {accepted} finding(s) accepted, {stale} stale entr(ies)")
        for line in gating_lines(report, streamed=streamed):  # one line each, never wrapped: editors and CI read them
            console.print(Text(line), soft_wrap=True)
        if gate.passed:  # the decision on one line too: CI logs and pre-commit are grepped for it
            console.print("[bold green]gate: passed[/]", soft_wrap=True)
        else:
            console.print("[bold red]gate: failed[/] — " + escape("; ".join(gate.reasons)), soft_wrap=True)
    if not quiet:
        console.print(Text(visible(f"signature: {shown_signature(report.signature, verbose)}"), style="dim"), overflow="fold")


def _count(n: int, severity: Severity) -> str:
    return f"[{STYLES[severity]}]{n}[/]" if n else "0"
