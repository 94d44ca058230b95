"""The terminal report (rich): summary, document scores, then each segment that has findings.

Readable at 80 columns: no wide tables for segment text, which wraps. Text from the documents
(and paths, ids, messages that quote it) is shown with its control characters and bidi controls
escaped (qa.report.controls): the input cannot move the cursor, recolour or reorder the report.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from qa.records import Document, Finding, Report, Segment, Severity
from qa.report.controls import visible, visible_offsets
from qa.report.summary import SCORE_NAMES, plain, score_text, show_verdict

STYLES = {Severity.INFO: "cyan", Severity.MINOR: "yellow", Severity.MAJOR: "bold red", Severity.CRITICAL: "bold white on red"}


def render(report: Report, verbose: bool = False, width: int = 100) -> str:
    """The report as plain text (for -o FILE)."""
    buffer = io.StringIO()
    show(report, Console(file=buffer, width=width, no_color=True, highlight=False, soft_wrap=False), verbose=verbose)
    return plain(buffer.getvalue())


def show(report: Report, console: Console, quiet: bool = False, *, documents: bool = True, verbose: bool = False) -> None:
    """Each document's segments with findings (unless not ``documents``), the totals and the gate's
    decision with the findings that fail it; ``quiet``: those findings and the decision only."""
    if documents and not quiet:
        for document in report.documents:
            _document(document, console)
    if not quiet:
        _summary(report, console)
    show_verdict(report, console, baseline=False, quiet=quiet, verbose=verbose)


def _summary(report: Report, console: Console) -> None:
    summary = report.summary()
    by = summary["by_severity"]
    severities = ", ".join(f"[{STYLES[Severity(k)]}]{v} {k}[/]" for k, v in by.items() if v)
    console.print(
        f"[bold]{summary['documents']} document(s), {summary['segments']} segment(s), "
        f"{summary['findings']} finding(s)[/]" + (f": {severities}" if severities else "")
    )
    if summary["by_check"]:
        console.print("by check: " + ", ".join(f"{k} {v}" for k, v in summary["by_check"].items()))


def _document(document: Document, console: Console) -> None:
    console.rule(Text(visible(document.id), style="bold"))
    paths = f"{document.source_path} → {document.target_path}" if document.source_path != document.target_path else document.source_path
    encodings = ", ".join(f"{side} {name}" for side, name in document.encodings.items())
    console.print(Text(visible(f"{paths}  ({encodings})"), style="dim"), overflow="fold")
    if document.scores:
        table = Table(box=None, show_header=True, pad_edge=False)
        present = [(key, name) for key, name in SCORE_NAMES if key in document.scores]
        for _, name in present:
            table.add_column(name, justify="right")
        table.add_row(*(score_text(key, document.scores[key]) for key, _ in present))
        console.print(table)
    else:
        console.print(Text("no pivot: agreement scores not computed", style="dim"))
    for segment in document.segments:
        if segment.findings:
            _segment(segment, console)
    console.print()


def _segment(segment: Segment, console: Console) -> None:
    scores = "  ".join(f"{name} {score_text(key, segment.scores[key], 1)}" for key, name in SCORE_NAMES if key in segment.scores)
    console.print(Text.assemble(("\n§" + visible(segment.id), "bold"), f"  ¶{segment.paragraph}  {visible(segment.link)}  ", (scores, "dim")))
    # the texts and the findings in a grid: a wrapped line goes on under its text, not under the label
    lines = Table.grid(padding=(0, 1), pad_edge=False)
    lines.add_column(no_wrap=True)
    lines.add_column(overflow="fold")
    spans = [f.target_span for f in segment.findings if f.target_span]
    lines.add_row(Text("  src", style="dim"), _highlight(segment.source, [f.source_span for f in segment.findings if f.source_span]))
    lines.add_row(Text("  tgt", style="dim"), _highlight(segment.target, spans))
    if segment.pivot:
        lines.add_row(Text("  piv", style="dim"), Text(visible(segment.pivot), style="italic"))
    console.print(lines)
    findings = Table.grid(padding=(0, 1), pad_edge=False)
    findings.add_column(no_wrap=True, min_width=10)
    findings.add_column(overflow="fold")
    for finding in segment.findings:
        _finding(finding, findings)
    console.print(findings)


def _finding(finding: Finding, grid: Table) -> None:
    line = Text.assemble((f"{visible(finding.check)}: ", "bold"), visible(finding.message))
    grid.add_row(Text("  " + finding.severity.value, style=STYLES[finding.severity]), line)
    if finding.note:
        grid.add_row("", Text(visible(finding.note), style="dim"))
    if finding.suggestions:
        shown = "; ".join(f"{visible(repr(s.text))} ({visible(s.origin)})" for s in finding.suggestions[:4] if s.text)
        if shown:
            grid.add_row("", Text(f"→ {shown}", style="green"))


def _highlight(text: str, spans) -> Text:
    shown, at = visible_offsets(text)
    out = Text(shown)
    for span in spans:
        start, end = max(0, min(span.start, len(text))), max(0, min(span.end, len(text)))
        if end > start and not (start == 0 and end == len(text)):
            out.stylize("bold underline", at[start], at[end])
    return out
