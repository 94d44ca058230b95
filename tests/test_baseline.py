"""Baselines: fingerprints survive edits elsewhere, identical findings are counted, stale entries are told."""

from __future__ import annotations

import json

import pytest

from qa.errors import ConfigError
from qa.gate import ACCEPTED, GATING, decide
from qa.gate.baseline import Baseline, fingerprint, normalise
from qa.records import Document, Finding, Report, Segment, Severity, Span
from qa.settings import Settings


def _finding(segment: Segment, check="untranslated", severity=Severity.MAJOR, span=(0, 6), message="m") -> Finding:
    finding = Finding(check, severity, segment.id, None, Span(*span) if span else None, message)
    segment.findings.append(finding)
    return finding


def _report(*documents: Document) -> Report:
    for document in documents:
        document.findings = [f for s in document.segments for f in s.findings] + document.findings
    return Report(signature={"string": "test"}, documents=list(documents))


def _doc(doc_id: str, pairs: list[tuple[str, str]]) -> Document:
    return Document(doc_id, None, None, "ru", "en", segments=[Segment(str(n + 1), s, t) for n, (s, t) in enumerate(pairs)])


# two findings are the same finding when (same, different) ...
SAME = [
    ("segment id and position", dict(id="1"), dict(id="17"), True),
    ("whitespace", dict(target="Кремль said  so."), dict(target="Кремль said\nso."), True),
    ("NFKC", dict(target="Кремль said ﬁne."), dict(target="Кремль said fine."), True),
    ("message wording", dict(message="old"), dict(message="new"), True),
    ("target text", dict(target="Кремль said so."), dict(target="Кремль said no."), False),
    ("source text", dict(source="Кремль сказал."), dict(source="Кремль заявил."), False),
    ("check", dict(check="untranslated"), dict(check="names"), False),
    ("span text", dict(span=(0, 6)), dict(span=(7, 11)), False),
]


@pytest.mark.parametrize("name, left, right, same", SAME, ids=[row[0] for row in SAME])
def test_fingerprint(name, left, right, same):
    def make(id="1", source="Кремль сказал.", target="Кремль said so.", check="untranslated", span=(0, 6), message="m"):
        segment = Segment(id, source, target)
        return fingerprint(_finding(segment, check=check, span=span, message=message), segment)

    assert (make(**left) == make(**right)) is same


def test_normalise():
    assert normalise("  a\u00a0 b\n\tc ") == "a b c"
    assert normalise(None) == ""


def test_accepts_old_findings_after_edits_elsewhere():
    before = _doc("a", [("Один.", "One."), ("Два Кремль.", "Two Кремль."), ("Три.", "Three.")])
    old = _finding(before.segments[1], span=(4, 10))
    baseline = Baseline.from_report(_report(before))
    # a paragraph inserted before it, the document renamed: same finding, other segment id
    after = _doc("renamed", [("Ноль.", "Zero."), ("Один.", "One."), ("Два Кремль.", "Two Кремль."), ("Три.", "Three.")])
    moved = _finding(after.segments[2], span=(4, 10))
    new = _finding(after.segments[0], check="numbers", span=(0, 4))
    match = baseline.match(_report(after))
    assert match.is_accepted(moved) and not match.is_accepted(new)
    assert match.stale == []
    assert old.check == moved.check


def test_counts_identical_findings():
    before = _doc("a", [("Да.", "Да."), ("Да.", "Да.")])
    for segment in before.segments:
        _finding(segment, span=(0, 2))
    baseline = Baseline.from_report(_report(before))
    assert [e.count for e in baseline.entries] == [2]
    after = _doc("a", [("Да.", "Да.")] * 3)
    findings = [_finding(segment, span=(0, 2)) for segment in after.segments]
    match = baseline.match(_report(after))
    assert [match.is_accepted(f) for f in findings] == [True, True, False]


def test_stale_entries():
    before = _doc("a", [("Кремль.", "Кремль."), ("Два.", "Two.")])
    _finding(before.segments[0], span=(0, 6))
    _finding(before.segments[1], check="numbers", span=None)
    baseline = Baseline.from_report(_report(before))
    after = _doc("a", [("Кремль.", "The Kremlin."), ("Два.", "Two.")])
    _finding(after.segments[1], check="numbers", span=None)
    match = baseline.match(_report(after))
    assert [e.check for e in match.stale] == ["untranslated"]
    assert match.stale[0].target == "Кремль."


def test_gate_fails_on_new_findings_only():
    document = _doc("a", [("Кремль.", "Кремль."), ("Два.", "Two.")])
    _finding(document.segments[0], span=(0, 6))
    report = _report(document)
    baseline = Baseline.from_report(report)
    settings = Settings(fail_on=Severity.MAJOR, max_findings={"untranslated": 0})
    result = decide(report, settings, baseline, "b.json")
    assert result.passed, result.reasons  # accepted findings count against no limit either
    assert result.baseline["accepted"] == 1 and result.to_dict()["fail_on"] == "major"
    assert result.baseline["path"] == "b.json"
    assert [result.state(f) for f in report.findings] == [ACCEPTED]
    new = _finding(document.segments[1], check="numbers", span=(0, 3))
    document.findings = [f for s in document.segments for f in s.findings]
    result = decide(Report(signature={}, documents=[document]), settings, baseline)
    assert not result.passed and result.gating == [new]
    assert result.state(new) == GATING and "path" not in result.baseline


def test_round_trip(tmp_path):
    document = _doc("a", [("Кремль.", "Кремль.")])
    _finding(document.segments[0], span=(0, 6))
    baseline = Baseline.from_report(_report(document))
    path = tmp_path / "b.json"
    baseline.write(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "mtqa-baseline/1"
    assert data["entries"][0]["span"] == "Кремль" and data["entries"][0]["document"] == "a"
    assert Baseline.read(path).entries == baseline.entries


BAD_FILES = [
    ("{", "not a baseline file"),
    ('{"schema": "other", "entries": []}', 'expected "schema": "mtqa-baseline/1"'),
    ('{"schema": "mtqa-baseline/1", "entries": [{"check": "x"}]}', "entry 1 needs fingerprint, check and severity"),
    ('{"schema": "mtqa-baseline/1", "entries": [{"fingerprint": "f", "check": "x", "severity": "major", "count": 0}]}', "entry 1"),
]


@pytest.mark.parametrize("text, message", BAD_FILES)
def test_bad_baseline_files(tmp_path, text, message):
    path = tmp_path / "b.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        Baseline.read(path)


def test_missing_baseline_file(tmp_path):
    with pytest.raises(ConfigError, match="baseline file not found"):
        Baseline.read(tmp_path / "none.json")
