"""The HTML report's parts without a browser: the words where target and pivot disagree, the chart
of a document's segments, the element ids and links, the collapsed documents, the mtqa score
(in a browser: tests/test_html_browser.py)."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from report_sample import sample_report

from qa.records import Document, Finding, Segment, Severity
from qa.report import RENDERERS
from qa.report.html import escape, row_ids, score_text
from qa.report.html_chart import HEIGHT, segment_chart
from qa.report.html_marks import disagreements, marked

# (target, pivot, target language, words of the target the pivot lacks, words of the pivot the target lacks)
DISAGREEMENTS = [
    ("The talks were held in Moscow.", "Negotiations took place in Moscow.", "en", ["talks", "held"], ["Negotiations", "took", "place"]),
    ("He signed the agreements.", "He has signed an agreement.", "en", [], []),  # lemmas meet: agreements / agreement
    ("Prices rose 5% in 2024.", "Prices rose 5% in 2025.", "en", ["2024"], ["2025"]),  # numbers count
    ("It is what it is.", "That is so.", "en", [], []),  # function words are not marked
    ("The KREMLIN said.", "The Kremlin says.", "en", [], []),  # case and inflection
    ("Text with no pivot.", None, "en", [], []),
    ("", "A pivot with no target.", "en", [], []),
    ("Сказал Кремль вчера.", "Кремль сказал.", "ru", ["вчера"], []),  # another target language: its morphology
]


@pytest.mark.parametrize("target,pivot,lang,in_target,in_pivot", DISAGREEMENTS)
def test_disagreeing_words(target, pivot, lang, in_target, in_pivot):
    target_spans, pivot_spans = disagreements(target, pivot, lang)
    assert [s.text(target) for s in target_spans] == in_target
    assert [s.text(pivot) for s in pivot_spans] == in_pivot


def test_diff_marks_nest_inside_finding_marks():
    finding = Finding(check="x", severity=Severity.MAJOR, segment="1", source_span=None, target_span=None, message="m")
    text = "a <b> word here"
    words, _ = disagreements(text, "a here", "en")
    from qa.records import Span

    out = marked(text, [(Span(0, 10), finding)], lambda f: "f-0-0", escape, words)
    tree = lxml_html.fragment_fromstring(f"<div>{out}</div>")
    (outer,) = tree.xpath("mark[@data-findings]")
    assert outer.text_content() == "a <b> word"
    assert [m.text_content() for m in tree.xpath("//mark[@class='diff']")] == ["word"]  # "b" is one letter
    assert "<b>" not in out


def _document(scores: list[dict], findings: dict[int, list[Severity]] | None = None) -> Document:
    segments = []
    for i, score in enumerate(scores):
        segment = Segment(id=str(i + 1), source="Да.", target="Yes.", scores=score)
        for severity in (findings or {}).get(i, []):
            segment.findings.append(Finding(check="c", severity=severity, segment=segment.id, source_span=None, target_span=None, message="<m>"))
        segments.append(segment)
    return Document(id="d", source_path=None, target_path=None, source_lang="ru", target_lang="en", segments=segments)


def _bars(svg: str) -> list:
    return lxml_html.fragment_fromstring(svg).xpath("//rect")


def test_chart_bars_follow_the_mtqa_score():
    document = _document([{"mtqa": 0.5, "chrf": 10.0}, {"mtqa": -1.0, "chrf": 90.0}, {"chrf": 50.0}, {"mtqa": -9.0}], {1: [Severity.MINOR, Severity.CRITICAL]})
    svg = segment_chart(document, lambda s: f"row-{s.id}", escape)
    bars = _bars(svg)
    heights = [float(b.get("height")) for b in bars]
    assert len(bars) == 4
    assert heights[0] > heights[1] > heights[3] and heights[2] == heights[3] == 2.0  # no mtqa score; below the scale
    assert [b.get("class") for b in bars] == ["bar sev-none", "bar sev-critical", "bar sev-none", "bar sev-none"]
    assert [b.getparent().get("href") for b in bars] == ["#row-1", "#row-2", "#row-3", "#row-4"]
    assert "2 findings (worst critical)" in bars[1].text_content()
    assert "<line" in svg  # the zero line of the mtqa scale


def test_chart_without_mtqa_uses_chrf_and_without_scores_is_a_strip():
    chrf = _bars(segment_chart(_document([{"chrf": 100.0}, {"chrf": 25.0}]), lambda s: s.id, escape))
    assert [float(b.get("height")) for b in chrf] == [HEIGHT, HEIGHT / 4]
    strip = _bars(segment_chart(_document([{}, {}], {0: [Severity.MAJOR]}), lambda s: s.id, escape))
    assert [float(b.get("height")) for b in strip] == [HEIGHT, HEIGHT]
    assert [b.get("class") for b in strip] == ["bar sev-major", "bar sev-none"]
    assert segment_chart(_document([]), lambda s: s.id, escape) == ""


def test_row_ids_are_plain_and_unique():
    document = _document([{}, {}, {}, {}])
    for segment, new_id in zip(document.segments, ["7", "a b", "x", "x"], strict=True):
        segment.id = new_id
    ids = list(row_ids(3, document).values())
    assert ids == ["doc-3-seg-7", "doc-3-row-1", "doc-3-row-2", "doc-3-row-3"]


def _tree(report):
    return lxml_html.fromstring(RENDERERS["html"](report))


def test_links_lead_to_elements_that_exist():
    tree = _tree(sample_report())
    ids = set(tree.xpath("//@id"))
    hrefs = [h[1:] for h in tree.xpath("//a/@href")]
    assert hrefs and all(h in ids for h in hrefs)
    for item in tree.xpath("//tr[contains(@class, 'findings')]//li[contains(@class, 'finding')]"):
        row = tree.get_element_by_id(item.xpath("a[@class='to-segment']/@href")[0][1:])
        assert item.get("id") in row.get("data-findings").split()
        assert f"#{item.get('id')}" in row.xpath(".//a[contains(@class, 'to-finding')]/@href")


def test_batch_starts_collapsed_a_single_document_with_findings_open():
    report = sample_report()
    assert [d.get("open") for d in _tree(report).xpath("//section/details")] == [None, None]
    article, clean = report.documents
    report.documents = [article]
    assert _tree(report).xpath("//section/details")[0].get("open") is not None
    report.documents = [clean]
    assert _tree(report).xpath("//section/details")[0].get("open") is None
    # every segment is in the page for a reader without the script; the controls wait for it
    assert len(_tree(sample_report()).xpath("//tr[@class='segment']")) == 4
    assert _tree(sample_report()).get_element_by_id("filters").get("hidden") is not None


def test_the_mtqa_score_shows_signed_first_in_the_documents_table():
    report = sample_report()
    report.documents[0].scores["mtqa"] = 0.25
    report.documents[0].segments[0].scores["mtqa"] = -1.5
    tree = _tree(report)
    assert tree.xpath("//table[@id='documents']//th/text()")[2] == "mtqa"
    cells = tree.xpath("//table[@id='documents']/tbody/tr/td[3]")
    assert [c.text for c in cells] == ["+0.25", "–"] and cells[0].get("data-value") == "0.25"
    assert "mtqa +0.25" in tree.xpath("//section[@id='doc-0']//summary")[0].text_content()
    assert "mtqa -1.50" in tree.get_element_by_id("doc-0-seg-1").text_content()
    assert "mtqa" not in _tree(sample_report()).xpath("//table[@id='documents']//th/text()")  # none measured: no column


@pytest.mark.parametrize(
    "key,value,digits,shown",
    [("mtqa", 0.256, 2, "+0.26"), ("mtqa", -0.004, 2, "+0.00"), ("mtqa", -1.5, 1, "-1.50"), ("chrf", 41.54, 1, "41.5"), ("ter", 80.0, 2, "80.00")],
)
def test_score_text(key, value, digits, shown):
    assert score_text(key, value, digits) == shown


def test_html_golden():
    """The page's body for the sample report with mtqa scores (the stylesheet and the script, whose
    hashes the CSP pins, left out): tests/data/reports/sample.body.html (MTQA_UPDATE_GOLDEN=1 rewrites it)."""
    import os
    from pathlib import Path

    report = sample_report()
    report.documents[0].scores["mtqa"] = -0.8
    report.documents[0].segments[0].scores["mtqa"] = 0.2
    text = RENDERERS["html"](report)
    body = text[text.index("<body>") : text.index("<script>")]
    path = Path(__file__).parent / "data" / "reports" / "sample.body.html"
    if os.environ.get("MTQA_UPDATE_GOLDEN"):
        path.write_text(body, encoding="utf-8")
    assert body == path.read_text(encoding="utf-8"), f"{path} differs (MTQA_UPDATE_GOLDEN=1 rewrites it)"


def test_without_pivots_no_disagreement_legend_or_control():
    report = sample_report()
    for document in report.documents:
        for segment in document.segments:
            segment.pivot = None
    tree = _tree(report)
    assert "underlined" not in tree.xpath("//p[@class='legend']")[0].text_content()
    assert tree.get_element_by_id("diff-marks").getparent().get("hidden") is not None
    with_pivots = _tree(sample_report())
    assert "underlined" in with_pivots.xpath("//p[@class='legend']")[0].text_content()
    assert with_pivots.get_element_by_id("diff-marks").getparent().get("hidden") is None
