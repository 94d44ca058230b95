"""A hand-made report for the renderer tests: texts that need escaping, spans on both sides, a baseline.

The files it names are written by :func:`write_files` into the working
directory, so that SARIF can place the findings at lines and columns.
"""

from __future__ import annotations

from pathlib import Path

from qa.gate import decide
from qa.gate.baseline import Baseline, Entry
from qa.records import Document, Finding, Report, Segment, Severity, Span, Suggestion
from qa.settings import Settings

SOURCE = "Москва & «Кремль» заявила.\nВторой абзац | <b>цитата</b>.\nТретий абзац.\n"
TARGET = 'Moscow & "Kremlin" said <script>alert(1)</script>.\nSecond paragraph | Кремль here.\n'


def write_files(folder: Path) -> None:
    (folder / "article.ru.txt").write_text(SOURCE, encoding="utf-8")
    (folder / "article.en.txt").write_text(TARGET, encoding="utf-8")


def sample_report(fail_on: str = "major", accepted: dict[str, int] | None = None) -> Report:
    s1 = Segment(
        id="1",
        source="Москва & «Кремль» заявила.",
        target='Moscow & "Kremlin" said <script>alert(1)</script>.',
        pivot="Moscow & the Kremlin said.",
        paragraph=1,
        scores={"chrf": 41.5, "bleu": 12.0},
    )
    s2 = Segment(
        id="2",
        source="Второй абзац | <b>цитата</b>.",
        target="Second paragraph | Кремль here.",
        pivot="The second paragraph | a <quote>.",
        paragraph=2,
        scores={"chrf": 18.25},
    )
    s3 = Segment(id="3", source="Третий абзац.", target="", pivot="Third paragraph.", paragraph=3, link="1:0")
    untranslated = Finding(
        check="untranslated",
        severity=Severity.CRITICAL,
        segment="2",
        source_span=None,
        target_span=Span(19, 25),
        message="Cyrillic left in the target: 'Кремль'",
        suggestions=[Suggestion("Kremlin", "glossary"), Suggestion("<Kremlin & co>", "pivot")],
    )
    low = Finding(
        check="low-agreement",
        severity=Severity.MINOR,
        segment="2",
        source_span=None,
        target_span=Span(0, 31),
        message="chrF++ 18.2 against the pivot < 20",
    )
    overlap = Finding(
        check="untranslated",
        severity=Severity.INFO,
        segment="1",
        source_span=Span(9, 17),
        target_span=Span(9, 18),
        message='quotes "…" where the source has «…»',
        note="a note with <angle> brackets",
    )
    omission = Finding(
        check="omission",
        severity=Severity.MAJOR,
        segment="3",
        source_span=Span(0, 13),
        target_span=None,
        message="source sentence with no translation",
        suggestions=[Suggestion("Third paragraph.", "pivot")],
    )
    s1.findings = [overlap]
    s2.findings = [untranslated, low]
    s3.findings = [omission]
    document_finding = Finding(
        check="addition",
        severity=Severity.MINOR,
        segment=None,
        source_span=None,
        target_span=None,
        message="the document is 10% longer than its source",
    )
    document = Document(
        id="article",
        source_path="article.ru.txt",
        target_path="article.en.txt",
        source_lang="ru",
        target_lang="en",
        encodings={"source": "utf-8", "target": "utf-8"},
        segments=[s1, s2, s3],
        scores={"chrf": 35.0, "bleu": 10.5, "ter": 80.0},
        findings=[document_finding, overlap, untranslated, low, omission],
    )
    empty = Document(
        id="clean & <tidy>",
        source_path="clean.tsv",
        target_path="clean.tsv",
        source_lang="ru",
        target_lang="en",
        segments=[Segment(id="a", source="Да.", target="Yes.", scores={"chrf": 100.0})],
        scores={"chrf": 100.0},
    )
    signature = {"mtqa": "0.0.test", "engine": {"engine": "file"}, "metrics": {"chrf": "nc:6|nw:2"}, "glossary": None, "checks": [], "languages": "ru-en"}
    signature["string"] = "mtqa:0.0.test|pair:ru-en|engine:file"
    report = Report(signature=signature, documents=[document, empty])
    baseline = None
    if accepted is not None:
        baseline = Baseline(entries=[Entry(fingerprint=key, check="", severity="", count=n) for key, n in accepted.items()])
    report.gate = decide(report, Settings(fail_on=Severity(fail_on)), baseline, "baseline.json")
    return report
