"""The report formats: JSON, JUnit and SARIF valid against their schemas; Markdown, CSV and HTML escape and mark.

The schemas: qa/report/report.schema.json (ours), tests/data/schemas/junit-10.xsd
and tests/data/schemas/sarif-2.1.0.json (see tests/data/schemas/README.md).
Golden files: tests/data/reports/ (MTQA_UPDATE_GOLDEN=1 rewrites them).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from lxml import etree
from lxml import html as lxml_html
from report_sample import sample_report, write_files

from qa.gate import ACCEPTED, BELOW, GATING, decide
from qa.gate.baseline import fingerprint
from qa.records import Severity
from qa.report import RENDERERS
from qa.report.summary import finding_states, worst_segments
from qa.settings import Settings

DATA = Path(__file__).parent / "data"
SCHEMAS = DATA / "schemas"
REPORT_SCHEMA = Path(__file__).parents[1] / "qa" / "report" / "report.schema.json"


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path)
    return tmp_path


def _json_validator():
    return jsonschema.Draft202012Validator(json.loads(REPORT_SCHEMA.read_text(encoding="utf-8")))


def _sarif_validator():
    return jsonschema.Draft202012Validator(json.loads((SCHEMAS / "sarif-2.1.0.json").read_text(encoding="utf-8")))


def _junit_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))


def _golden(name: str, text: str) -> None:
    path = DATA / "reports" / name
    if os.environ.get("MTQA_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path} differs (MTQA_UPDATE_GOLDEN=1 rewrites it)"


# --- JSON ---------------------------------------------------------------------------------------


def test_json_report_is_valid():
    data = json.loads(RENDERERS["json"](sample_report()))
    _json_validator().validate(data)
    assert data["summary"]["gate"]["fail_on"] == "major"


BROKEN_JSON = [
    ("severity unknown", lambda d: d["documents"][0]["findings"][0].update(severity="fatal")),
    ("span of three", lambda d: d["documents"][0]["findings"][1].update(target_span=[1, 2, 3])),
    ("segment without target", lambda d: d["documents"][0]["segments"][0].pop("target")),
    ("wrong schema name", lambda d: d.update(schema="mtqa-report/2")),
    ("unknown document key", lambda d: d["documents"][0].update(extra=1)),
    ("link not n:m", lambda d: d["documents"][0]["segments"][0].update(link="one")),
]


@pytest.mark.parametrize("name, breaks", BROKEN_JSON, ids=[row[0] for row in BROKEN_JSON])
def test_json_schema_rejects(name, breaks):
    data = json.loads(RENDERERS["json"](sample_report()))
    broken = copy.deepcopy(data)
    breaks(broken)
    with pytest.raises(jsonschema.ValidationError):
        _json_validator().validate(broken)


# --- gate states shared by the renderers ------------------------------------------------------------


STATE_CASES = [
    # fail_on, accepted fingerprints (by finding index in report.findings), expected states in report.findings order
    ("major", [], [BELOW, BELOW, GATING, BELOW, GATING]),
    ("minor", [], [GATING, BELOW, GATING, GATING, GATING]),
    ("major", [2], [BELOW, BELOW, ACCEPTED, BELOW, GATING]),
    ("info", [0, 4], [ACCEPTED, GATING, GATING, GATING, ACCEPTED]),
]


@pytest.mark.parametrize("fail_on, accepted, expected", STATE_CASES)
def test_finding_states(fail_on, accepted, expected):
    report = sample_report(fail_on)
    located = _located(report)
    keys = {}
    for index in accepted:
        key = fingerprint(*located[index])
        keys[key] = keys.get(key, 0) + 1
    report = sample_report(fail_on, accepted=keys)
    states = finding_states(report)
    assert [states[id(f)] for f in report.findings] == expected


def _located(report):
    out = []
    for document in report.documents:
        by_id = {s.id: s for s in document.segments}
        out += [(f, by_id.get(f.segment)) for f in document.findings]
    return out


def test_worst_segments_order():
    report = sample_report()
    assert [s.id for _, s in worst_segments(report)] == ["2", "3", "1"]


# --- JUnit --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fail_on, failures", [("major", 2), ("minor", 4), ("critical", 1)])
def test_junit_a_suite_per_document_a_testcase_per_gating_finding(in_tmp, fail_on, failures):
    report = sample_report(fail_on)
    tree = etree.fromstring(RENDERERS["junit"](report).encode("utf-8"))
    _junit_schema().assertValid(tree)
    article, clean = tree.findall("testsuite")
    assert [s.get("name") for s in (article, clean)] == ["article", "clean & <tidy>"]
    cases = article.findall("testcase")
    assert len(cases) == failures == report.gate.gating_count
    assert all(len(c.findall("failure")) == 1 for c in cases)  # one failure each: CI servers list each
    assert (article.get("tests"), article.get("failures")) == (str(failures), str(failures))
    (passing,) = clean.findall("testcase")
    assert passing.find("failure") is None and clean.get("failures") == "0"
    assert (tree.get("tests"), tree.get("failures")) == (str(failures + 1), str(failures))
    for case in [*cases, passing]:
        assert {"name", "classname", "time"} <= set(case.keys())


def test_junit_testcases_are_named_by_check_and_place(in_tmp):
    tree = etree.fromstring(RENDERERS["junit"](sample_report()).encode("utf-8"))
    cases = tree.find("testsuite").findall("testcase")
    assert [c.get("name") for c in cases] == ["untranslated article.en.txt:2:20", "omission article.ru.txt:3:1"]
    assert cases[0].find("failure").get("message") == "article.en.txt:2:20: untranslated critical Cyrillic left in the target: 'Кремль' → Kremlin (glossary)"


def test_junit_threshold_reasons_fail_their_document_and_the_gate(in_tmp):
    report = sample_report("critical")
    report.gate = decide(report, Settings(fail_on=Severity.CRITICAL, min_chrf_document=40, max_findings={"untranslated": 0}))
    report.gate.fail_missing([("new.ru.txt", "new.en.txt")])
    assert report.gate.reasons == ["1 new finding(s) at or above critical", "2 untranslated finding(s), more than 0", "article: document chrF++ 35.0 < 40", "1 source(s) without a translation"]
    tree = etree.fromstring(RENDERERS["junit"](report).encode("utf-8"))
    _junit_schema().assertValid(tree)
    article, _, gate = tree.findall("testsuite")
    assert [c.find("failure").get("type") for c in article.findall("testcase")] == ["untranslated", "threshold"]
    assert gate.get("name") == "gate"
    limit, missing = gate.findall("testcase")
    assert limit.find("failure").get("message").startswith("2 untranslated")
    assert (missing.get("name"), missing.find("failure").get("type")) == ("missing-translation new.ru.txt", "missing-translation")


def test_junit_schema_can_fail():
    bad = etree.fromstring(b'<testsuites><testsuite name="x"><testcase/></testsuite></testsuites>')
    assert not _junit_schema().validate(bad)


def test_junit_golden(in_tmp):
    _golden("sample.junit.xml", RENDERERS["junit"](sample_report()))


def test_junit_control_characters_are_replaced(in_tmp):
    report = sample_report()
    report.documents[0].findings[2].message = "bell \x07 and nul \x00"
    tree = etree.fromstring(RENDERERS["junit"](report).encode("utf-8"))
    assert "\ufffd" in tree.find(".//failure").get("message")


# --- SARIF --------------------------------------------------------------------------------------


def test_sarif_valid_and_located(in_tmp):
    log = json.loads(RENDERERS["sarif"](sample_report()))
    _sarif_validator().validate(log)
    run = log["runs"][0]
    from qa.checks import CHECKS

    assert [r["id"] for r in run["tool"]["driver"]["rules"]][: len(CHECKS)] == list(CHECKS)
    by_message = {r["message"]["text"]: r for r in run["results"]}
    cyrillic = by_message["Cyrillic left in the target: 'Кремль'"]
    location = cyrillic["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "article.en.txt"
    region = location["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 20, 26)
    assert region["snippet"]["text"] == "Кремль"
    assert cyrillic["level"] == "error"
    assert cyrillic["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "Kremlin"
    omission = by_message["source sentence with no translation"]["locations"][0]["physicalLocation"]
    assert omission["artifactLocation"]["uri"] == "article.ru.txt"
    assert (omission["region"]["startLine"], omission["region"]["snippet"]["text"]) == (3, "Третий абзац.")
    quotes = by_message['quotes "…" where the source has «…»']["locations"][0]["physicalLocation"]["region"]
    assert (quotes["startLine"], quotes["startColumn"], quotes["snippet"]["text"]) == (1, 10, '"Kremlin"')
    document_level = by_message["the document is 10% longer than its source"]
    assert "region" not in document_level["locations"][0]["physicalLocation"]


def test_sarif_baseline_findings_are_suppressed(in_tmp):
    report = sample_report()
    finding, segment = _located(report)[2]
    report = sample_report(accepted={fingerprint(finding, segment): 1})
    log = json.loads(RENDERERS["sarif"](report))
    _sarif_validator().validate(log)
    suppressed = [r for r in log["runs"][0]["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["untranslated"]
    assert suppressed[0]["properties"]["gate"] == ACCEPTED


def test_sarif_text_not_found_gets_no_region(in_tmp):
    (in_tmp / "article.en.txt").write_text("a different translation\n", encoding="utf-8")
    log = json.loads(RENDERERS["sarif"](sample_report()))
    _sarif_validator().validate(log)
    targets = [r for r in log["runs"][0]["results"] if r["ruleId"] == "untranslated"]
    assert all("region" not in r["locations"][0]["physicalLocation"] for r in targets)


def test_sarif_schema_can_fail(in_tmp):
    log = json.loads(RENDERERS["sarif"](sample_report()))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        _sarif_validator().validate(log)


# --- Markdown -----------------------------------------------------------------------------------


def test_markdown_golden(in_tmp):
    _golden("sample.md", RENDERERS["markdown"](sample_report()))


ESCAPES = [
    # raw text in a document, a pattern that must not appear, what appears instead
    ("<script>", r"<script>", "&lt;script&gt;"),
    ("| Кремль", r"(?<!\\)\| Кремль", "\\| Кремль"),
    ("@someone", r"@someone", "@\u200bsomeone"),
    ("[link](http://x)", r"(?<!\\)\[link", "\\[link\\](http://x)"),
]


@pytest.mark.parametrize("raw, forbidden, escaped", ESCAPES)
def test_markdown_escapes(in_tmp, raw, forbidden, escaped):
    report = sample_report()
    report.documents[0].segments[1].target = f"{raw} text"
    report.documents[0].id = f"{raw} doc"
    text = RENDERERS["markdown"](report)
    assert not re.search(forbidden, text)
    assert escaped in text


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_rows(in_tmp):
    rows = list(csv.DictReader(io.StringIO(RENDERERS["csv"](sample_report()))))
    assert len(rows) == 5
    cyrillic = [r for r in rows if r["target_text"] == "Кремль"]
    assert len(cyrillic) == 1
    row = cyrillic[0]
    assert (row["check"], row["severity"], row["gate"], row["target_span"]) == ("untranslated", "critical", GATING, "19:25")
    assert row["suggestions"] == "Kremlin (glossary) | <Kremlin & co> (pivot)"
    assert rows[0]["segment"] == "" and rows[0]["message"].startswith("the document")


# --- HTML (structure; rendering in a browser: tests/test_html_browser.py) ----------------------------


def test_html_escapes_and_marks(in_tmp):
    text = RENDERERS["html"](sample_report())
    assert "<script>alert(1)</script>" not in text
    assert "<b>цитата</b>" not in text
    tree = lxml_html.fromstring(text)
    # the text stays text (its words marked where the pivot lacks them), and the only script is ours
    assert '<script>alert(1)</script>' in tree.xpath("//td[@class='target']")[0].text_content()
    assert len(tree.xpath("//script")) == 1 and not tree.xpath("//td//b")
    marks = tree.xpath("//td[@class='target']//mark[@data-findings]")
    texts = [m.text_content() for m in marks]
    # segment 2: the whole target is low-agreement, "Кремль" also untranslated: split into three pieces
    assert texts == ['"Kremlin"', "Second paragraph | ", "Кремль", " here."]
    assert [m.get("class") for m in marks][2] == "sev-critical"
    assert len(marks[2].get("data-findings").split()) == 2
    # nothing is loaded from anywhere
    assert not tree.xpath("//*[@src] | //link[@href] | //*[starts-with(@href, 'http')]")
    assert "default-src 'none'" in tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]


def test_html_every_finding_listed_once(in_tmp):
    report = sample_report()
    tree = lxml_html.fromstring(RENDERERS["html"](report))
    items = tree.xpath("//li[contains(concat(' ', @class, ' '), ' finding ')]")
    assert len(items) == len(report.findings)
    assert sorted(i.get("data-check") for i in items) == sorted(f.check for f in report.findings)


def test_summary_text(in_tmp):
    text = RENDERERS["summary"](sample_report())
    assert "Worst segments" in text and "gate: failed" in text and "clean & <tidy>" in text
