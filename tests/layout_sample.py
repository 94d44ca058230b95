"""A hand-made batch report for the layout tests: a long document name, every score (the mtqa
score, a TER over 100, a negative logprob), long texts that wrap, gating findings on both sides,
a clean document and a source without its translation.

:func:`write_files` writes the files it names into the working directory, so that the gating
lines find their lines and columns; the paths are relative, so the output does not depend on
where the test runs.
"""

from __future__ import annotations

from pathlib import Path

from qa.gate import decide
from qa.pipeline import signature_string
from qa.records import Document, Finding, Report, Segment, Severity, Span, Suggestion
from qa.settings import Settings

NAME = "politics/2025-09-22-lavrov-rubio-meeting-in-new-york"
SOURCES = [
    "Министр иностранных дел России Сергей Лавров встретился с госсекретарём США Марко Рубио в Нью-Йорке.",
    "Ведь именно «слоны» считаются бенефициарами американского ВПК, а потому многим выгодно продолжение боевых действий.",
    "Стороны договорились продолжить консультации.",
]
TARGETS = [
    "Russian Foreign Minister Sergei Lavrov met with US Secretary of State Marco Rubio in New York.",
    'After all, it is the "elephants" who are considered the beneficiaries of the American military-industrial complex.',
    "",
]
PIVOTS = [
    "Russian Foreign Minister Sergey Lavrov met US Secretary of State Marco Rubio in New York.",
    'After all, it is the "elephants" who are the beneficiaries of the American military-industrial complex, so many benefit.',
    "The parties agreed to continue consultations.",
]


def write_files(folder: Path) -> None:
    (folder / "politics").mkdir(exist_ok=True)
    (folder / f"{NAME}.ru.txt").write_text("\n".join(SOURCES) + "\n", encoding="utf-8")
    (folder / f"{NAME}.en.txt").write_text("\n".join(t for t in TARGETS if t) + "\n", encoding="utf-8")
    (folder / "a.ru.txt").write_text("Да.\n", encoding="utf-8")
    (folder / "a.en.txt").write_text("Yes.\n", encoding="utf-8")


def layout_report() -> Report:
    segments = [
        Segment(id=str(n), source=s, target=t, pivot=p, paragraph=n, link="1:1" if t else "1:0")
        for n, (s, t, p) in enumerate(zip(SOURCES, TARGETS, PIVOTS, strict=True), start=1)
    ]
    segments[0].scores = {"chrf": 88.42, "bleu": 61.2, "ter": 21.05, "logprob": -0.4123, "mtqa": 0.3127}
    segments[1].scores = {"chrf": 67.9, "bleu": 40.1, "ter": 35.3, "logprob": -1.873, "mtqa": -0.2104}
    elephants = Finding(
        check="term-forbidden",
        severity=Severity.MAJOR,
        segment="2",
        target_span=Span(22, 31),
        message='"elephants" renders «слоны» (slang) literally; the sense is lost in English',
        suggestions=[Suggestion("Republicans", "glossary"), Suggestion("GOP", "glossary")],
        note="Russian political slang for the US Republicans, after the party's elephant symbol.",
    )
    longer = Finding(check="addition", severity=Severity.MINOR, segment="2", target_span=Span(0, 9), message="the target says more than the source: 'After all'")
    omission = Finding(
        check="omission", severity=Severity.MAJOR, segment="3", source_span=Span(0, 45), message="source sentence with no translation",
        suggestions=[Suggestion("The parties agreed to continue consultations.", "pivot")],
    )
    name = Finding(check="names", severity=Severity.INFO, segment="1", target_span=Span(32, 38), message="Sergei: the pivot spells it Sergey")
    segments[0].findings = [name]
    segments[1].findings = [elephants, longer]
    segments[2].findings = [omission]
    long = Document(
        id=NAME, source_path=f"{NAME}.ru.txt", target_path=f"{NAME}.en.txt", source_lang="ru", target_lang="en",
        encodings={"source": "utf-8", "target": "utf-8"}, segments=segments,
        scores={"chrf": 41.27, "bleu": 12.5, "ter": 119.51, "logprob": -11.234, "mtqa": -0.5591},
        findings=[name, elephants, longer, omission],
    )
    short = Document(
        id="a", source_path="a.ru.txt", target_path="a.en.txt", source_lang="ru", target_lang="en",
        encodings={"source": "utf-8", "target": "utf-8"},
        segments=[Segment(id="1", source="Да.", target="Yes.", pivot="Yes.", paragraph=1, scores={"chrf": 100.0, "mtqa": 0.9})],
        scores={"chrf": 100.0, "bleu": 100.0, "ter": 0.0, "logprob": -0.05, "mtqa": 0.9},
    )
    engine = {
        "engine": "ct2", "model": "models/opus-mt-ru-en-ct2", "revision": "sha256:2cf1f55dd54902f1+ct2-int8",
        "compute_type": "int8", "beam_size": 1, "backend": "ctranslate2", "libraries": {"ctranslate2": "4.8.5"},
    }
    signature = {
        "mtqa": "0.0.test", "engine": engine, "metrics": {"chrf": "nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0"},
        "glossary": {"hash": "sha256:f6b793677d6631f0"}, "calibration": "sha256:0b3928b67eeeb2b6", "checks": [], "languages": "ru-en",
    }
    signature["string"] = signature_string(signature)
    report = Report(signature=signature, documents=[long, short])
    report.gate = decide(report, Settings())
    report.gate.fail_missing([("new.ru.txt", "new.en.txt")])
    return report
