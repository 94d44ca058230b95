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
from qa.report.summary import show_verdict

STYLES = {Severity.INFO: "cyan", Severity.MINOR: "yellow", Severity.MAJOR: "bold red", Severity.CRITICAL: "bold white on red"}
SCORE_NAMES = (("chrf", "chrF++"), ("bleu", "BLEU"), ("ter", "TER"), ("logprob", "logprob"))


def render(report: Report) -> str:
    """The report as plain text (for -o FILE)."""
    buffer = io.StringIO()
    show(report, Console(file=buffer, width=100, no_color=True, highlight=False, soft_wrap=False))
    return buffer.getvalue()


def show(report: Report, console: Console, quiet: bool = False) -> None:
    if not quiet:
        for document in report.documents:
            _document(document, console)
    _summary(report, console)


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
    show_verdict(report, console, baseline=False)


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
        table.add_row(*(f"{document.scores[key]:.2f}" for key, _ in present))
        console.print(table)
    else:
        console.print(Text("no pivot: agreement scores not computed", style="dim"))
    for segment in document.segments:
        if segment.findings:
            _segment(segment, console)
    console.print()


def _segment(segment: Segment, console: Console) -> None:
    scores = "  ".join(f"{name} {segment.scores[key]:.1f}" for key, name in SCORE_NAMES if key in segment.scores)
    console.print(Text.assemble(("\n§" + visible(segment.id), "bold"), f"  ¶{segment.paragraph}  {visible(segment.link)}  ", (scores, "dim")))
    spans = [f.target_span for f in segment.findings if f.target_span]
    console.print(Text.assemble(("  src ", "dim"), _highlight(segment.source, [f.source_span for f in segment.findings if f.source_span])))
    console.print(Text.assemble(("  tgt ", "dim"), _highlight(segment.target, spans)))
    if segment.pivot:
        console.print(Text.assemble(("  piv ", "dim"), (visible(segment.pivot), "italic")))
    for finding in segment.findings:
        _finding(finding, segment, console)


def _finding(finding: Finding, segment: Segment, console: Console) -> None:
    line = Text("  ")
    line.append(f"{finding.severity.value:<8}", style=STYLES[finding.severity])
    line.append(f"{visible(finding.check)}: ", style="bold")
    line.append(visible(finding.message))
    console.print(line)
    if finding.note:
        console.print(Text(f"           {visible(finding.note)}", style="dim"))
    if finding.suggestions:
        shown = "; ".join(f"{visible(repr(s.text))} ({visible(s.origin)})" for s in finding.suggestions[:4] if s.text)
        if shown:
            console.print(Text(f"           → {shown}", style="green"))


def _highlight(text: str, spans) -> Text:
    shown, at = visible_offsets(text)
    out = Text(shown)
    for span in spans:
        start, end = max(0, min(span.start, len(text))), max(0, min(span.end, len(text)))
        if end > start and not (start == 0 and end == len(text)):
            out.stylize("bold underline", at[start], at[end])
    return out
