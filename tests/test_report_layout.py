"""What the terminal, summary and Markdown reports show of the gate, and how they fit the width.

Golden files: tests/data/golden/ (``MTQA_UPDATE_GOLDEN=1`` rewrites them, as for
tests/data/reports/), from the hand-made batch of tests/layout_sample.py at 80 and 120 columns.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from layout_sample import NAME, layout_report, write_files
from report_sample import sample_report
from report_sample import write_files as write_sample_files
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

import qa
from qa.cli import app
from qa.gate import decide
from qa.records import Severity
from qa.report import RENDERERS, summary, terminal
from qa.report.gating import gating_lines
from qa.report.markdown import md
from qa.report.score_table import Column, Row, show_table
from qa.report.signature import short_signature
from qa.settings import Settings

GOLDEN = Path(__file__).parent / "data" / "golden"
SEED = Path("corpora/izvestia-ru-us-2025").resolve()
GATING_LINE = re.compile(r"^\S+:\d+:\d+: [a-z-]+ ")
runner = CliRunner()


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path)
    return tmp_path


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("MTQA_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path} differs (MTQA_UPDATE_GOLDEN=1 rewrites it)"


RENDERINGS = {"summary": summary.render, "table": terminal.render}


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("kind", ["summary", "table"])
def test_golden_at_80_and_120_columns(in_tmp, kind, width):
    _golden(f"{kind}-{width}.txt", RENDERINGS[kind](layout_report(), width=width))


def test_markdown_golden(in_tmp):
    _golden("batch.md", RENDERERS["markdown"](layout_report()))


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("kind", ["summary", "table"])
def test_every_line_fits_but_the_gating_lines(in_tmp, kind, width):
    lines = RENDERINGS[kind](layout_report(), width=width).splitlines()
    # the gating lines and the decision are never wrapped: editors, CI logs and pre-commit read them whole
    too_long = [line for line in lines if len(line) > width and not GATING_LINE.match(line) and not line.startswith("gate: ")]
    assert too_long == []
    assert sum(bool(GATING_LINE.match(line)) for line in lines) == 3  # never wrapped: editors read them whole


@pytest.mark.parametrize("width", [80, 120])
def test_numbers_are_never_cut(in_tmp, width):
    text = summary.render(layout_report(), width=width)
    for value in ["41.27", "12.50", "119.51", "-11.23", "-0.559", "100.00", "+0.900"]:
        assert re.search(rf"(?<![\d.]){re.escape(value)}(?![\d.])", text), value
    assert "…" not in text.split("Findings by check")[0]


def _layout(width: int, name: str) -> list[str]:
    buffer = io.StringIO()
    columns = [Column("segments", "seg"), Column("chrF++", "chrF"), Column("critical", "crit")]
    show_table("Documents", "document", columns, [Row(name, [Text("1234"), Text("100.00"), Text("7")])], Console(file=buffer, width=width), "LEGEND")
    return buffer.getvalue().splitlines()


# (console width, document name, header line, the document's lines, legend shown)
LAYOUTS = [
    (36, "short", "document  segments  chrF++  critical", ["short         1234  100.00         7"], False),
    (35, "short", "document   seg    chrF  crit", ["short     1234  100.00     7"], True),
    (35, "a-name-longer-than-the-room-left", "   seg    chrF  crit", ["a-name-longer-than-the-room-left", "  1234  100.00     7"], True),
]


@pytest.mark.parametrize("width, name, header, rows, legend", LAYOUTS)
def test_the_documents_table_takes_the_first_layout_that_fits(width, name, header, rows, legend):
    title, head, rule, *rest = _layout(width, name)
    assert (title, head.rstrip()) == ("Documents", header)
    assert set(rule) == {"─"}
    assert [r.rstrip() for r in rest[: len(rows)]] == rows
    assert (rest[len(rows):] == ["LEGEND"]) is legend


def test_the_texts_wrap_under_their_text_not_under_the_label(in_tmp):
    lines = terminal.render(layout_report(), width=80).splitlines()
    at = lines.index(next(line for line in lines if line.startswith("  src Министр")))
    assert lines[at + 1].startswith("      ") and lines[at + 1].strip()  # the continuation, indented
    assert lines[at + 2].startswith("  tgt ")


def test_the_signature_is_short_unless_verbose(in_tmp):
    report = layout_report()
    full = report.signature["string"]
    assert len(full) > 150 and short_signature(report.signature) == "mtqa 0.0.test · ru-en · ct2 opus-mt-ru-en-ct2 int8 · glossary"
    for render in (summary.render, terminal.render):
        assert f"signature: {short_signature(report.signature)}\n" in render(report) and full not in render(report)
        assert full in render(report, verbose=True).replace("\n", "")
    markdown = RENDERERS["markdown"](report)
    assert f"<sub>{short_signature(report.signature)}</sub>" in markdown
    assert md(full) in markdown  # folded, but there
    for name in ("json", "sarif", "junit"):
        assert full in RENDERERS[name](report)


# --- the gating lines: where SARIF places the findings ------------------------------------------------


@pytest.fixture
def in_sample_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_sample_files(tmp_path)
    return tmp_path


# (fail_on, the gating lines of the sample report)
GATING = [
    ("major", [
        "article.en.txt:2:20: untranslated critical Cyrillic left in the target: 'Кремль' → Kremlin (glossary)",
        "article.ru.txt:3:1: omission major source sentence with no translation → Third paragraph. (pivot)",
    ]),
    ("info", [
        "article.en.txt:1:1: addition minor the document is 10% longer than its source",  # a document finding: 1:1
        'article.en.txt:1:10: untranslated info quotes "…" where the source has «…»',
        "article.en.txt:2:20: untranslated critical Cyrillic left in the target: 'Кремль' → Kremlin (glossary)",
        "article.en.txt:2:1: low-agreement minor chrF++ 18.2 against the pivot < 20",
        "article.ru.txt:3:1: omission major source sentence with no translation → Third paragraph. (pivot)",
    ]),
]


@pytest.mark.parametrize("fail_on, expected", GATING)
def test_gating_lines_place_each_finding(in_sample_tmp, fail_on, expected):
    assert gating_lines(sample_report(fail_on)) == expected


def test_gating_lines_agree_with_sarif(in_sample_tmp):
    log = json.loads(RENDERERS["sarif"](sample_report("info")))
    places = [
        f"{r['locations'][0]['physicalLocation']['artifactLocation']['uri']}:{r['locations'][0]['physicalLocation']['region']['startLine']}:{r['locations'][0]['physicalLocation']['region']['startColumn']}"
        for r in log["runs"][0]["results"]
        if "region" in r["locations"][0]["physicalLocation"]
    ]
    assert [line.split(": ")[0] for line in gating_lines(sample_report("info")) if not line.startswith("article.en.txt:1:1:")] == places


def test_a_text_not_found_in_its_file_is_placed_at_its_start(in_sample_tmp):
    (in_sample_tmp / "article.en.txt").write_text("a different translation\n", encoding="utf-8")
    assert gating_lines(sample_report())[0].startswith("article.en.txt:1:1: untranslated critical")


def test_gating_lines_show_control_characters_escaped(in_sample_tmp):
    report = sample_report()
    report.documents[0].findings[2].message = "bell \x07 and\nnewline"
    assert "untranslated critical bell \\x07 and newline →" in gating_lines(report)[0]


# --- the thresholds of the mtqa score -------------------------------------------------------------


# (settings, the reasons they add to the layout report's gate)
MTQA_THRESHOLDS = [
    ({"min_mtqa_segment": 0.0}, [f"{NAME}: 1 segment(s) with mtqa score < +0"]),
    ({"min_mtqa_segment": -1.0}, []),
    ({"min_mtqa_document": -0.5}, [f"{NAME}: document mtqa score -0.559 < -0.5"]),
    ({"min_mtqa_document": 0.95}, [f"{NAME}: document mtqa score -0.559 < +0.95", "a: document mtqa score +0.900 < +0.95"]),
]


@pytest.mark.parametrize("settings, reasons", MTQA_THRESHOLDS)
def test_mtqa_score_thresholds(settings, reasons):
    report = layout_report()
    gate = decide(report, Settings(fail_on=Severity.CRITICAL, **settings))
    assert gate.reasons == reasons and gate.passed is not reasons


def _pivot_batch(tmp_path: Path) -> Path:
    """The seed article, and a short pair whose pivot (p.en.txt) is its own translation."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.ru.txt").write_bytes((SEED / "source.ru.txt").read_bytes())
    (docs / "a.en.txt").write_bytes((SEED / "target.en.txt").read_bytes())
    short = tmp_path / "short"
    short.mkdir()
    (short / "p.ru.txt").write_text("Стороны договорились продолжить консультации.\nВстреча прошла в Нью-Йорке.\n", encoding="utf-8")
    (short / "p.en.txt").write_text("The parties agreed to continue consultations.\nThe meeting took place in New York.\n", encoding="utf-8")
    return docs


@pytest.mark.parametrize("flag", ["--min-mtqa", "--min-mtqa-document"])
@pytest.mark.parametrize("command", ["check", "batch"])
def test_mtqa_flags_gate_check_and_batch(tmp_path, command, flag):
    short = _pivot_batch(tmp_path).parent / "short"
    inputs = [str(short / "p.ru.txt"), str(short / "p.en.txt")] if command == "check" else [str(short)]
    common = [command, *inputs, "--engine", "file", "--pivot", str(short / "p.en.txt"), "--no-cache", "--fail-on", "critical", "-f", "json"]
    report = json.loads(runner.invoke(app, common).stdout)
    score = report["documents"][0]["scores"]["mtqa"]
    low = runner.invoke(app, [*common, flag, "-9"])
    high = runner.invoke(app, [*common, flag, "9"])
    assert (low.exit_code, high.exit_code) == (0, 1), (score, high.output)
    assert any("mtqa score" in r for r in json.loads(high.stdout)["summary"]["gate"]["reasons"])


def test_mtqa_thresholds_are_configuration_keys(tmp_path, monkeypatch):
    short = _pivot_batch(tmp_path).parent / "short"
    (tmp_path / ".git").mkdir()
    (tmp_path / "mtqa.toml").write_text("min-mtqa = 9\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["batch", str(short), "--engine", "file", "--pivot", str(short / "p.en.txt"), "--no-cache", "--fail-on", "critical", "-q"])
    assert result.exit_code == 1 and "segment(s) with mtqa score < +9" in result.stdout


def test_the_mtqa_score_is_shown(in_tmp):
    report = layout_report()
    assert "mtqa" in summary.render(report).split("\n")[1]  # a column of the documents table
    assert re.search(r"mtqa\s*\n.*-0\.559", terminal.render(report))  # the document's scores
    assert "mtqa +0.313" in terminal.render(report)  # and the segment's
    assert "| mtqa |" in RENDERERS["markdown"](report) and "| -0.559 |" in RENDERERS["markdown"](report)


# --- batch: --quiet, --verbose, missing translations, progress ----------------------------------------


def _batch_folder(tmp_path: Path, lonely: bool = True) -> Path:
    docs = _pivot_batch(tmp_path)
    if lonely:
        (docs / "b.ru.txt").write_bytes((SEED / "source.ru.txt").read_bytes())
    return docs


def test_a_source_without_its_translation_fails_the_gate(tmp_path):
    docs = _batch_folder(tmp_path)
    args = ["batch", str(docs), "--engine", "none", "--no-cache", "--fail-on", "critical"]
    failed = runner.invoke(app, args)
    assert failed.exit_code == 1, failed.output
    assert f"{docs / 'b.ru.txt'}:1:1: missing-translation no translation found (expected {docs / 'b.en.txt'})" in failed.stdout
    assert "1 source(s) without a translation" in failed.stdout and "warning" not in failed.stderr
    report = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    jsonschema.Draft202012Validator(json.loads(Path("qa/report/report.schema.json").read_text(encoding="utf-8"))).validate(report)
    gate = report["summary"]["gate"]
    assert gate["missing"] == [{"source": str(docs / "b.ru.txt"), "expected": str(docs / "b.en.txt")}]
    allowed = runner.invoke(app, [*args, "--allow-missing"])
    assert allowed.exit_code == 0, allowed.output
    assert f"mtqa: warning: {docs / 'b.ru.txt'}: no translation found" in allowed.stderr
    assert "missing-translation" not in allowed.stdout


def test_a_source_named_alone_fails_the_gate_as_pre_commit_passes_it(tmp_path):
    docs = _batch_folder(tmp_path)
    result = runner.invoke(app, ["batch", str(docs / "b.ru.txt"), "--engine", "none", "--no-cache", "-q"])
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        f"{docs / 'b.ru.txt'}:1:1: missing-translation no translation found (expected {docs / 'b.en.txt'})",
        "gate: failed — 1 source(s) without a translation",
    ]
    refused = runner.invoke(app, ["batch", str(docs / "b.ru.txt"), "--engine", "none", "--no-cache", "--allow-missing"])
    assert refused.exit_code == 2 and "no documents to check" in refused.stderr


def test_baseline_create_takes_a_missing_translation_as_a_warning(tmp_path):
    docs = _batch_folder(tmp_path)
    result = runner.invoke(app, ["baseline", "create", str(docs), "--engine", "none", "--no-cache", "-o", str(tmp_path / "b.json")])
    assert result.exit_code == 0 and "no translation found" in result.stderr


def test_batch_quiet_prints_the_gating_lines_and_the_verdict(tmp_path):
    docs = _batch_folder(tmp_path, lonely=False)
    args = ["batch", str(docs / "a.en.txt"), "--engine", "none", "--no-cache"]  # as a pre-commit hook passes a file
    quiet = runner.invoke(app, [*args, "--quiet"])
    loud = runner.invoke(app, args)
    assert quiet.exit_code == loud.exit_code == 1
    *found, verdict = quiet.stdout.splitlines()
    assert verdict == "gate: failed — 2 new finding(s) at or above major"
    assert len(found) == 2 and all(line.startswith(f"{docs / 'a.en.txt'}:") for line in found)
    assert "Documents" in loud.stdout and "Documents" not in quiet.stdout
    assert all(line in loud.stdout.splitlines() for line in found)


@pytest.mark.parametrize("command", ["check", "batch"])
def test_verbose_prints_the_full_signature(tmp_path, command):
    docs = _batch_folder(tmp_path, lonely=False)
    inputs = [str(docs / "a.ru.txt"), str(docs / "a.en.txt")] if command == "check" else [str(docs)]
    args = [command, *inputs, "--engine", "none", "--no-cache"]
    full = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)["signature"]["string"]
    short = runner.invoke(app, args, env={"COLUMNS": "300"}).stdout
    verbose = runner.invoke(app, [*args, "--verbose"], env={"COLUMNS": "300"}).stdout
    assert "signature: mtqa " in short and full not in short
    assert f"signature: {full}" in verbose


def test_progress_is_told_of_the_checking_stage_document_by_document(tmp_path):
    docs = _pivot_batch(tmp_path)
    (docs / "b.ru.txt").write_bytes((SEED / "source.ru.txt").read_bytes())
    (docs / "b.en.txt").write_text("Another translation.\n", encoding="utf-8")
    told = []
    qa.run([(docs / "a.ru.txt", docs / "a.en.txt"), (docs / "b.ru.txt", docs / "b.en.txt")], Settings(engine="none", use_cache=False), progress=lambda *a: told.append(a))
    checking = [t for t in told if t[0] == "check"]
    assert checking[:3] == [("check", 0, 2), ("check", 1, 2), ("check", 2, 2)]
