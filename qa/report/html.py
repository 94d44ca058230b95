"""A self-contained HTML report: source | target | pivot side by side, findings highlighted at their spans.

One file with inline CSS and JavaScript and a Content-Security-Policy that
forbids loading anything and runs no script or style but the report's own (each
allowed by its SHA-256 hash, never 'unsafe-inline'), so it opens from disk with
no network and text that got past the escaping could still not run. Every text
from the documents is escaped, its control characters and bidi controls shown
as their escapes (``\u202e``: qa.report.controls), so a text cannot reorder
the report. Filters by severity and by check hide findings and their
highlights; a third hides segments without (shown) findings.
"""

from __future__ import annotations

import base64
import hashlib
import html

from qa.gate import ACCEPTED, GATING
from qa.records import Document, Finding, Report, Segment, Span
from qa.report.controls import visible
from qa.report.summary import SCORE_NAMES, SEVERITIES, by_check, document_rows, finding_states


def escape(text: str) -> str:
    """Text for HTML (content or a quoted attribute): escaped, controls and bidi controls visible."""
    return html.escape(visible(text))


def source_hash(text: str) -> str:
    """A CSP source that allows exactly one inline script or style: ``'sha256-...'`` of its text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"

STYLE = """
:root { --critical: #b00020; --major: #e65100; --minor: #f9a825; --info: #0277bd; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 1.5rem 3rem; color: #1b1b1b; }
h1 { margin: 1rem 0 .25rem; font-size: 1.4rem; }
h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; font-size: 1.15rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ddd; padding: .3rem .5rem; vertical-align: top; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.segments { width: 100%; table-layout: fixed; }
table.segments col.id { width: 5.5rem; }
.gate { font-weight: bold; padding: .3rem .6rem; display: inline-block; border-radius: 4px; }
.gate.passed { background: #e8f5e9; color: #1b5e20; }
.gate.failed { background: #ffebee; color: #b71c1c; }
.signature { color: #666; font-size: 12px; word-break: break-all; }
.paths { color: #555; font-size: 12px; word-break: break-all; }
mark { border-radius: 2px; padding: 0 1px; color: inherit; }
mark.sev-critical { background: #ffcdd2; box-shadow: inset 0 -2px var(--critical); }
mark.sev-major { background: #ffe0b2; box-shadow: inset 0 -2px var(--major); }
mark.sev-minor { background: #fff59d; box-shadow: inset 0 -2px var(--minor); }
mark.sev-info { background: #b3e5fc; box-shadow: inset 0 -2px var(--info); }
mark.off { background: none; box-shadow: none; }
mark.point { padding: 0; }
td.pivot { color: #444; font-style: italic; }
tr.findings td { background: #fafafa; }
ul.findings { margin: 0; padding-left: 1.2rem; }
li.finding { margin: .15rem 0; }
.badge { display: inline-block; min-width: 4.2rem; font-size: 11px; font-weight: bold; text-transform: uppercase; color: #fff; border-radius: 3px; padding: 0 .3rem; text-align: center; }
.badge.sev-critical { background: var(--critical); } .badge.sev-major { background: var(--major); }
.badge.sev-minor { background: var(--minor); color: #222; } .badge.sev-info { background: var(--info); }
.state { font-size: 11px; color: #666; margin-left: .3rem; }
.state.gating { color: #b71c1c; font-weight: bold; }
ul.suggestions { margin: .1rem 0; padding-left: 1.2rem; color: #1b5e20; }
.origin { color: #666; font-size: 11px; }
.score { color: #666; font-size: 12px; display: block; }
form#filters { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid #ddd; z-index: 1; }
form#filters fieldset { display: inline-block; border: 1px solid #ddd; margin: 0 .5rem .25rem 0; }
[hidden] { display: none !important; }
"""

SCRIPT = """
(function () {
  "use strict";
  var form = document.getElementById("filters");
  function checked(name) {
    var values = new Set();
    form.querySelectorAll("input[name='" + name + "']:checked").forEach(function (input) { values.add(input.value); });
    return values;
  }
  function apply() {
    var severities = checked("severity"), checks = checked("check");
    var only = document.getElementById("only-findings").checked;
    var shown = new Set(), count = 0;
    document.querySelectorAll("li.finding").forEach(function (item) {
      var on = severities.has(item.dataset.severity) && checks.has(item.dataset.check);
      item.hidden = !on;
      if (on) { shown.add(item.dataset.finding); count += 1; }
    });
    document.querySelectorAll("mark[data-findings]").forEach(function (mark) {
      var on = mark.dataset.findings.split(" ").some(function (id) { return shown.has(id); });
      mark.classList.toggle("off", !on);
    });
    document.querySelectorAll("tr.segment").forEach(function (row) {
      var ids = (row.dataset.findings || "").split(" ").filter(Boolean);
      var any = ids.some(function (id) { return shown.has(id); });
      row.hidden = only && !any;
      var next = row.nextElementSibling;
      if (next && next.classList.contains("findings")) { next.hidden = row.hidden || !any; }
    });
    document.getElementById("shown-count").textContent = String(count);
  }
  form.addEventListener("change", apply);
  apply();
})();
"""


CSP = f"default-src 'none'; style-src {source_hash(STYLE)}; script-src {source_hash(SCRIPT)}; img-src data:"


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
        f'{summary["findings"]} finding(s), <span id="shown-count">{summary["findings"]}</span> shown</p>'
    )
    parts.append(f'<p class="signature">{escape(report.signature.get("string", ""))}</p>')
    parts += _summary_tables(report)
    parts += _filters(report)
    counter = _Counter()
    for number, document in enumerate(report.documents):
        parts += _document(number, document, states, counter)
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


def _summary_tables(report: Report) -> list[str]:
    present = [(k, n) for k, n in SCORE_NAMES if any(k in d.scores for d in report.documents)]
    out = ['<table id="documents"><thead><tr><th>document</th><th class="num">segments</th>']
    out += [f'<th class="num">{escape(name)}</th>' for _, name in present]
    out += [f'<th class="num">{s.value}</th>' for s in SEVERITIES]
    out.append('<th class="num">gating</th></tr></thead><tbody>')
    for number, row in enumerate(document_rows(report)):
        d = row.document
        cells = [f'<td><a href="#doc-{number}">{escape(d.id)}</a></td>', f'<td class="num">{len(d.segments)}</td>']
        cells += [f'<td class="num">{d.scores[k]:.2f}</td>' if k in d.scores else '<td class="num">–</td>' for k, _ in present]
        cells += [f'<td class="num">{row.by_severity[s]}</td>' for s in SEVERITIES]
        cells.append(f'<td class="num">{row.gating}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
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


def _filters(report: Report) -> list[str]:
    out = ['<form id="filters" autocomplete="off"><fieldset><legend>severity</legend>']
    for severity in SEVERITIES:
        out.append(
            f'<label><input type="checkbox" name="severity" value="{severity.value}" checked> '
            f'<span class="badge sev-{severity.value}">{severity.value}</span></label> '
        )
    out.append("</fieldset><fieldset><legend>check</legend>")
    for check_id in sorted({f.check for f in report.findings}):
        out.append(f'<label><input type="checkbox" name="check" value="{escape(check_id)}" checked> <code>{escape(check_id)}</code></label> ')
    out.append("</fieldset>")
    out.append('<label><input type="checkbox" id="only-findings"> only segments with findings</label></form>')
    return out


def _document(number: int, document: Document, states: dict[int, str], counter: _Counter) -> list[str]:
    out = [f'<section class="document" id="doc-{number}">', f"<h2>{escape(document.id)}</h2>"]
    paths = document.target_path if document.source_path == document.target_path else f"{document.source_path} → {document.target_path}"
    encodings = ", ".join(f"{side} {name}" for side, name in document.encodings.items())
    out.append(f'<p class="paths">{escape(str(paths))}{escape(f" ({encodings})") if encodings else ""}</p>')
    if document.scores:
        out.append('<table class="scores"><tr>' + "".join(f"<th>{escape(name)}</th>" for key, name in SCORE_NAMES if key in document.scores) + "</tr>")
        out.append("<tr>" + "".join(f'<td class="num">{document.scores[key]:.2f}</td>' for key, _ in SCORE_NAMES if key in document.scores) + "</tr></table>")
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
        out += _segment(number, document, segment, states, counter)
    out.append("</tbody></table></section>")
    return out


def _segment(number: int, document: Document, segment: Segment, states, counter: _Counter) -> list[str]:
    ids = [counter.id(number, f) for f in segment.findings]
    scores = " ".join(f"{name} {segment.scores[key]:.1f}" for key, name in SCORE_NAMES[:1] if key in segment.scores)
    source_spans = [(f.source_span, f) for f in segment.findings if f.source_span is not None]
    target_spans = [(f.target_span, f) for f in segment.findings if f.target_span is not None]
    row = [
        f'<tr class="segment" id="doc-{number}-seg-{escape(segment.id)}" data-findings="{" ".join(ids)}">',
        f'<td>{escape(segment.id)}<span class="score">{escape(segment.link)}</span><span class="score">{escape(scores)}</span></td>',
        f'<td class="source" lang="{escape(document.source_lang)}">{_marked(segment.source, source_spans, number, counter)}</td>',
        f'<td class="target" lang="{escape(document.target_lang)}">{_marked(segment.target, target_spans, number, counter)}</td>',
        f'<td class="pivot" lang="{escape(document.target_lang)}">{escape(segment.pivot or "")}</td>',
        "</tr>",
    ]
    if segment.findings:
        row.append('<tr class="findings"><td></td><td colspan="3"><ul class="findings">')
        row += [_finding_item(number, f, states, counter, segment) for f in segment.findings]
        row.append("</ul></td></tr>")
    return row


def _finding_item(number: int, finding: Finding, states, counter: _Counter, segment: Segment | None = None) -> str:
    state = states.get(id(finding), "")
    label = {GATING: "fails the gate", ACCEPTED: "accepted (baseline)"}.get(state, "")
    sev = finding.severity.value
    text = [
        f'<li class="finding sev-{sev}" id="{counter.id(number, finding)}" data-finding="{counter.id(number, finding)}" '
        f'data-severity="{sev}" data-check="{escape(finding.check)}">',
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


def _marked(text: str, spans: list[tuple[Span, Finding]], number: int, counter: _Counter) -> str:
    """The text escaped, with a <mark> over each stretch that findings cover (overlaps split into pieces)."""
    if not text:
        return ""
    size = len(text)
    ranges = [(max(0, min(s.start, size)), max(0, min(s.end, size)), f) for s, f in spans]
    points = [(a, f) for a, b, f in ranges if a == b]
    ranges = [(a, b, f) for a, b, f in ranges if a < b]
    bounds = sorted({0, size} | {a for a, _, _ in ranges} | {b for _, b, _ in ranges} | {a for a, _ in points})
    out = []
    for a, b in zip(bounds, bounds[1:] + [size], strict=True):
        here = [f for p, f in points if p == a]
        if here:
            out.append(_mark("‸", here, number, counter, extra=" point"))
        if a >= b:
            continue
        covering = [f for s, e, f in ranges if s <= a and b <= e]
        piece = text[a:b]
        out.append(_mark(piece, covering, number, counter) if covering else escape(piece))
    return "".join(out)


def _mark(piece: str, findings: list[Finding], number: int, counter: _Counter, extra: str = "") -> str:
    worst = max(findings, key=lambda f: f.severity.rank)
    ids = " ".join(counter.id(number, f) for f in findings)
    title = "; ".join(f"{f.severity.value} {f.check}: {f.message}" for f in findings)
    return (
        f'<mark class="sev-{worst.severity.value}{extra}" data-findings="{ids}" data-severity="{worst.severity.value}" '
        f'title="{escape(title)}">{escape(piece)}</mark>'
    )
