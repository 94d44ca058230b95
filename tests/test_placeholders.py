"""Placeholders and markup in localization files (translate-toolkit's tests): a table of cases,
and a broken PO file against its fixed twin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.checks.base import CheckContext
from qa.checks.placeholders import placeholders
from qa.cli import app
from qa.records import Document, Segment
from qa.settings import Settings

DATA = Path("tests/data/localization")

# (source, target, expected [(test, severity, source text, target text)])
CASES = [
    ("У вас %d новых сообщений", "You have new messages", [("printf", "major", "%d", None)]),
    ("У вас %d новых сообщений", "You have %d new messages", []),
    ("%1$s из %2$s", "%2$s of %1$s", []),  # reordered with positions: legitimate
    ("Привет, {name}!", "Hello, {nmae}!", [("pythonbraceformat", "major", "{name}", "{nmae}")]),
    ("Привет, {name}!", "{name}, hello!", []),  # moved: legitimate
    ("Нажмите <b>здесь</b>.", "Click here.", [("xmltags", "major", "<b>", None)]),
    ("Нажмите <b>здесь</b>.", "Click <b>here</b>.", []),
    ("См. https://example.org/a", "See the page", [("urls", "major", "https://example.org/a", None)]),
    ("Пишите на a@example.org", "Write to a@example.org", []),
    ("Файлы (%s)", "Files %s", [("brackets", "minor", None, None)]),
    ("Москва заявила.", "Moscow said.", []),
]


def _found(source: str, target: str, path: str = "strings.po"):
    segment = Segment(id="1", source=source, target=target)
    document = Document(id="d", source_path=path, target_path=path, source_lang="ru", target_lang="en", segments=[segment])
    return [
        (f.message.split(":")[0], f.severity.value, f.source_span.text(source) if f.source_span else None, f.target_span.text(target) if f.target_span else None)
        for f in placeholders(document, CheckContext(settings=Settings()))
    ]


@pytest.mark.parametrize("source, target, expected", CASES)
def test_placeholder_cases(source, target, expected):
    assert _found(source, target) == expected


def test_article_pairs_are_not_read_as_software_strings():
    assert _found("У вас %d новых сообщений", "You have new messages", path="article.ru.txt") == []


def _check(path: Path):
    result = CliRunner().invoke(app, ["check", str(path), "--engine", "none", "--no-cache", "-f", "json"])
    report = json.loads(result.stdout)
    return result.exit_code, [f for d in report["documents"] for f in d["findings"] if f["check"] == "placeholders"], report


def test_every_defect_of_a_broken_po_file_is_caught_and_its_fix_passes():
    code, findings, _ = _check(DATA / "placeholders-broken.po")
    assert code == 1
    assert [(f["segment"], f["message"].split(":")[0]) for f in findings] == [
        ("1", "printf"), ("2", "pythonbraceformat"), ("3", "xmltags"), ("4", "urls"), ("5", "emails"), ("6", "brackets"),
    ]
    assert all(f["source_span"] is not None for f in findings if f["severity"] == "major")
    code, findings, report = _check(DATA / "placeholders-fixed.po")
    assert findings == [] and report["summary"]["findings"] == 0 and code == 0


def test_an_empty_unit_of_a_localization_file_is_untranslated_not_omitted():
    _, _, report = _check(DATA / "messages.po")
    findings = [(f["check"], f["segment"]) for d in report["documents"] for f in d["findings"]]
    assert ("untranslated", "2") in findings and not any(check == "omission" for check, _ in findings)


def test_an_empty_target_sentence_of_an_article_is_still_an_omission(tmp_path):
    from qa.checks import CHECKS
    from qa.checks.runner import apply_checks

    segment = Segment(id="1", source="Москва заявила.", target="")
    document = Document(id="d", source_path="a.ru.txt", target_path="a.en.txt", source_lang="ru", target_lang="en", segments=[segment])
    apply_checks(document, {c: CHECKS[c] for c in ("omission", "untranslated")}, CheckContext(settings=Settings()))
    assert [f.check for f in document.findings] == ["omission"]


def test_a_fuzzy_entry_is_reported_as_such():
    code, _, report = _check(DATA / "fuzzy.po")
    findings = [(f["check"], f["severity"], f["segment"]) for d in report["documents"] for f in d["findings"]]
    assert findings == [("fuzzy", "minor", "1")] and code == 0  # minor: below the default gate
    assert "fuzzy" not in report["documents"][0]  # the report's document keys are unchanged
