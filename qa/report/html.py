"""A self-contained HTML report: source | target | pivot side by side, findings highlighted at their spans.

One file with inline CSS and JavaScript (``html.css`` and ``html.js`` beside this module) and a
Content-Security-Policy that forbids loading anything and runs no script or style but the
report's own (each allowed by its SHA-256 hash, never 'unsafe-inline'), so it opens from disk with
no network and text that got past the escaping could still not run. Every text from the
documents is escaped, its control characters and bidi controls shown as their escapes
(``\u202e``: qa.report.controls), so a text cannot reorder the report.

The page opens with the documents table (each document's ``mtqa`` score, its other scores and its
findings by severity; sortable by any column), the findings by check, and one block per document:
its summary line (name, scores, findings, a chart of its segments' scores: qa.report.html_chart)
and, inside, its segments side by side. A document without findings starts collapsed, and so does
every document of a batch (the table is its index; a link into a document opens it). Each finding
links to its segment's row and each row to its findings; the words where target and pivot
disagree are marked in both columns (qa.report.html_marks). The script adds filters by severity
and by check (which hide findings and their highlights, collapse the documents left without any,
and can hide the segments without), a search over the texts and findings, and sorting; without
it, every document is still there to open and read.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from importlib import resources

from qa.gate import ACCEPTED, GATING
from qa.records import Document, Finding, Report, Segment
from qa.report.controls import visible
from qa.report.html_chart import segment_chart
from qa.report.html_marks import disagreements, marked
from qa.report.summary import SCORE_NAMES, SEVERITIES, by_check, document_rows, finding_states

#: the scores the HTML shows, the calibrated headline score first
SCORES = (("mtqa", "mtqa"), *((key, name) for key, name in SCORE_NAMES if key != "mtqa"))
#: a segment id that can stand in an element id as it is
_PLAIN_ID = re.compile(r"[A-Za-z0-9._:-]+")


def escape(text: str) -> str:
    """Text for HTML (content or a quoted attribute): escaped, controls and bidi controls visible."""
    return html.escape(visible(text))


def source_hash(text: str) -> str:
    """A CSP source that allows exactly one inline script or style: ``'sha256-...'`` of its text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _asset(name: str) -> str:
    return resources.files("qa.report").joinpath(name).read_text(encoding="utf-8")


STYLE = _asset("html.css")
SCRIPT = _asset("html.js")
CSP = f"default-src 'none'; style-src {source_hash(STYLE)}; script-src {source_hash(SCRIPT)}; img-src data:"


def score_text(key: str, value: float, digits: int = 2) -> str:
    """A score as the report shows it: ``mtqa`` signed, to two places (0 is an average MT segment);
    the others to ``digits`` places."""
    if key == "mtqa":
        return f"{round(value, 2) + 0.0:+.2f}"  # + 0.0: no "-0.00"
    return f"{value:.{digits}f}"


def render(report: Report) -> str:
    states = finding_states(report)
    summary = report.summary()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>mtqa report</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<h1>mtqa report</h1>",
    ]
    gate = report.gate
    if gate is not None:
        verdict = "passed" if gate.passed else "failed"
        reasons = "; ".join(gate.reasons)
        parts.append(f'<p class="gate {verdict}" id="gate">gate {verdict}{escape(": " + reasons) if reasons else ""}</p>')
    parts.append(
        f'<p id="totals">{summary["documents"]} document(s), {summary["segments"]} segment(s), '
        f'{summary["findings"]} finding(s), <span id="shown-count">{summary["findings"]}</span> shown '
        f'in <span id="shown-documents">{sum(1 for d in report.documents if d.findings)}</span> document(s)</p>'
    )
    parts.append(f'<p class="signature">{escape(report.signature.get("string", ""))}</p>')
    pivots = any(segment.pivot for document in report.documents for segment in document.segments)
    parts.append(
        '<p class="legend">Highlights: the spans of findings, coloured by severity '
        + " ".join(f'<mark class="sev-{s.value}">{s.value}</mark>' for s in SEVERITIES)
        + ('; <mark class="diff">underlined</mark>: words of the target the pivot lacks, and of the pivot the target lacks' if pivots else "")
        + ".</p>"
    )
    parts += _summary_tables(report)
    parts += _filters(report, pivots)
    counter = _Counter()
    batch = len(report.documents) > 1
    for number, document in enumerate(report.documents):
        parts += _document(number, document, states, counter, open_=bool(document.findings) and not batch)
    parts.append(f"<script>{SCRIPT}</script>")
    parts.append("</body>")
    parts.append("</html>")
    return "\n".join(parts) + "\n"


class _Counter:
    """Gives each finding a stable element id (f-DOC-N) for the highlights to point at."""

    def __init__(self):
        self.ids: dict[int, str] = {}

    def id(self, document_number: int, finding: Finding) -> str:
        if id(finding) not in self.ids:
            self.ids[id(finding)] = f"f-{document_number}-{len(self.ids)}"
        return self.ids[id(finding)]


def row_ids(number: int, document: Document) -> dict[int, str]:
    """id(segment) -> the element id of its row: ``doc-N-seg-ID`` where the segment's id is plain
    and unique in the document, else ``doc-N-row-I`` by its position."""
    seen: dict[str, int] = {}
    for segment in document.segments:
        seen[segment.id] = seen.get(segment.id, 0) + 1
    return {
        id(segment): f"doc-{number}-seg-{segment.id}" if _PLAIN_ID.fullmatch(segment.id) and seen[segment.id] == 1 else f"doc-{number}-row-{index}"
        for index, segment in enumerate(document.segments)
    }


def _summary_tables(report: Report) -> list[str]:
    present = [(k, n) for k, n in SCORES if any(k in d.scores for d in report.documents)]
    out = ['<table id="documents"><thead><tr><th>document</th><th class="num">segments</th>']
    out += [f'<th class="num">{escape(name)}</th>' for _, name in present]
    out += [f'<th class="num">{s.value}</th>' for s in SEVERITIES]
    out.append('<th class="num">gating</th></tr></thead><tbody>')
    for number, row in enumerate(document_rows(report)):
        d = row.document
        cells = [f'<td><a href="#doc-{number}">{escape(d.id)}</a></td>', _number(len(d.segments))]
        cells += [_number(d.scores[k], score_text(k, d.scores[k])) if k in d.scores else '<td class="num">–</td>' for k, _ in present]
        cells += [_number(row.by_severity[s]) for s in SEVERITIES]
        cells.append(_number(row.gating))
        out.append(f'<tr data-document="doc-{number}">' + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    checks = by_check(report)
    if checks:
        out.append('<h2>Findings by check</h2><table id="checks"><thead><tr><th>check</th>')
        out += [f'<th class="num">{s.value}</th>' for s in SEVERITIES]
        out.append("</tr></thead><tbody>")
        for check_id, counts in checks.items():
            out.append(f"<tr><td><code>{escape(check_id)}</code></td>" + "".join(f'<td class="num">{counts[s]}</td>' for s in SEVERITIES) + "</tr>")
        out.append("</tbody></table>")
    return out


def _number(value: float, shown: str | None = None) -> str:
    """A numeric cell of the documents table, its exact value kept for sorting."""
    return f'<td class="num" data-value="{value!r}">{shown if shown is not None else value}</td>'


def _filters(report: Report, pivots: bool) -> list[str]:
    out = [
        '<form id="filters" autocomplete="off" hidden>',
        '<fieldset><legend>search</legend><input type="search" id="search" placeholder="words, names, checks…" '
        'aria-label="search the segments and findings"></fieldset>',
        "<fieldset><legend>severity</legend>",
    ]
    for severity in SEVERITIES:
        out.append(
            f'<label><input type="checkbox" name="severity" value="{severity.value}" checked> '
            f'<span class="badge sev-{severity.value}">{severity.value}</span></label> '
        )
    out.append("</fieldset><fieldset><legend>check</legend>")
    for check_id in sorted({f.check for f in report.findings}):
        out.append(f'<label><input type="checkbox" name="check" value="{escape(check_id)}" checked> <code>{escape(check_id)}</code></label> ')
    out.append("</fieldset><fieldset><legend>show</legend>")
    out.append('<label><input type="checkbox" id="only-findings"> only segments with findings</label> ')
    out.append(
        f'<label{"" if pivots else " hidden"}><input type="checkbox" id="diff-marks" checked> <mark class="diff">words</mark> where target and pivot disagree</label> '
    )
    out.append('<button type="button" id="expand-all">expand all</button> <button type="button" id="collapse-all">collapse all</button>')
    out.append("</fieldset></form>")
    return out


def _document(number: int, document: Document, states: dict[int, str], counter: _Counter, open_: bool) -> list[str]:
    rows = row_ids(number, document)
    scores = " · ".join(f"{escape(name)} {score_text(key, document.scores[key])}" for key, name in SCORES[:2] if key in document.scores)
    gating = sum(1 for f in document.findings if states.get(id(f)) == GATING)
    meta = [scores, f"{len(document.segments)} segment(s)", f'<span class="shown">{len(document.findings)}</span> of {len(document.findings)} finding(s) shown']
    if gating:
        meta.append(f"{gating} gating")
    out = [
        f'<section class="document{"" if document.findings else " quiet"}" id="doc-{number}">',
        f"<details{' open' if open_ else ''}><summary><h2>{escape(document.id)}</h2>",
        f'<span class="meta">{" · ".join(m for m in meta if m)}</span>',
        segment_chart(document, lambda segment: rows[id(segment)], escape),
        "</summary>",
    ]
    paths = document.target_path if document.source_path == document.target_path else f"{document.source_path} → {document.target_path}"
    encodings = ", ".join(f"{side} {name}" for side, name in document.encodings.items())
    out.append(f'<p class="paths">{escape(str(paths))}{escape(f" ({encodings})") if encodings else ""}</p>')
    if document.scores:
        out.append('<table class="scores"><tr>' + "".join(f"<th>{escape(name)}</th>" for key, name in SCORES if key in document.scores) + "</tr>")
        out.append("<tr>" + "".join(f'<td class="num">{score_text(key, document.scores[key])}</td>' for key, _ in SCORES if key in document.scores) + "</tr></table>")
    loose = [f for f in document.findings if f.segment is None or all(s.id != f.segment for s in document.segments)]
    if loose:
        out.append('<ul class="findings document-findings">')
        out += [_finding_item(number, f, states, counter) for f in loose]
        out.append("</ul>")
    out.append(
        f'<table class="segments"><colgroup><col class="id"><col><col><col></colgroup><thead><tr><th>§</th>'
        f'<th>source ({escape(document.source_lang)})</th><th>target ({escape(document.target_lang)})</th><th>pivot</th></tr></thead><tbody>'
    )
    for segment in document.segments:
        out += _segment(number, document, segment, rows[id(segment)], states, counter)
    out.append("</tbody></table></details></section>")
    return out


def _segment(number: int, document: Document, segment: Segment, row_id: str, states, counter: _Counter) -> list[str]:
    ids = [counter.id(number, f) for f in segment.findings]
    scores = " ".join(f"{name} {score_text(key, segment.scores[key], 1)}" for key, name in SCORES[:2] if key in segment.scores)
    source_spans = [(f.source_span, f) for f in segment.findings if f.source_span is not None]
    target_spans = [(f.target_span, f) for f in segment.findings if f.target_span is not None]
    target_words, pivot_words = disagreements(segment.target, segment.pivot, document.target_lang)
    links = "".join(
        f'<a class="to-finding sev-{f.severity.value}" href="#{i}" title="{escape(f"{f.severity.value} {f.check}: {f.message}")}">{escape(f.check)}</a>'
        for f, i in zip(segment.findings, ids, strict=True)
    )

    def mark(text, spans, words=()):
        return marked(text, spans, lambda f: counter.id(number, f), escape, words)

    row = [
        f'<tr class="segment" id="{row_id}" data-findings="{" ".join(ids)}">',
        f'<td>{escape(segment.id)}<span class="score">{escape(segment.link)}</span><span class="score">{escape(scores)}</span>{links}</td>',
        f'<td class="source" lang="{escape(document.source_lang)}">{mark(segment.source, source_spans)}</td>',
        f'<td class="target" lang="{escape(document.target_lang)}">{mark(segment.target, target_spans, target_words)}</td>',
        f'<td class="pivot" lang="{escape(document.target_lang)}">{mark(segment.pivot or "", [], pivot_words)}</td>',
        "</tr>",
    ]
    if segment.findings:
        row.append('<tr class="findings"><td></td><td colspan="3"><ul class="findings">')
        row += [_finding_item(number, f, states, counter, segment, row_id) for f in segment.findings]
        row.append("</ul></td></tr>")
    return row


def _finding_item(number: int, finding: Finding, states, counter: _Counter, segment: Segment | None = None, row_id: str | None = None) -> str:
    state = states.get(id(finding), "")
    label = {GATING: "fails the gate", ACCEPTED: "accepted (baseline)"}.get(state, "")
    sev = finding.severity.value
    finding_id = counter.id(number, finding)
    text = [
        f'<li class="finding sev-{sev}" id="{finding_id}" data-finding="{finding_id}" data-severity="{sev}" data-check="{escape(finding.check)}">',
        f'<a class="to-segment" href="#{row_id}" title="the segment">§{escape(segment.id)}</a>' if segment is not None and row_id else "",
        f'<span class="badge sev-{sev}">{sev}</span> <code>{escape(finding.check)}</code> {escape(finding.message)}',
    ]
    if label:
        text.append(f'<span class="state {state}">{label}</span>')
    if segment is not None and finding.target_span is not None and segment.target:
        span_text = finding.target_span.text(segment.target)
        if span_text and span_text != segment.target:
            text.append(f' <q class="span">{escape(span_text)}</q>')
    if finding.note:
        text.append(f'<div class="note">{escape(finding.note)}</div>')
    if finding.suggestions:
        text.append('<ul class="suggestions">')
        text += [f'<li>{escape(s.text)} <span class="origin">{escape(s.origin)}</span></li>' for s in finding.suggestions]
        text.append("</ul>")
    text.append("</li>")
    return "".join(text)
