"""The batch folded one document at a time (qa.executor.stream, what the Ray driver runs) says what
the whole report says: the same summary, the same gate, the same JSON, byte for byte. No Ray here."""

from __future__ import annotations

import pytest
from report_sample import sample_report

from qa.executor.stream import DocumentReports, StreamedBatch, document_report, slim
from qa.gate.baseline import Baseline, fingerprint
from qa.records import Severity
from qa.report.json_report import render
from qa.settings import Settings


def _streamed(report, settings, baseline, folder):
    reports = DocumentReports(folder, report.signature)
    batch = StreamedBatch(report.signature, settings, baseline, reports)
    for document in report.documents:
        batch.add(slim(document), document_report(report.signature, document))
    return batch.finish()


def _first_fingerprint(report) -> str:
    document = report.documents[0]
    finding = document.findings[0]
    return fingerprint(finding, document.segment(finding.segment) if finding.segment else None)


@pytest.mark.parametrize(
    "settings, accept",
    [
        (Settings(), False),
        (Settings(fail_on=Severity.CRITICAL), False),
        (Settings(max_findings={"untranslated": 0}, min_chrf_segment=20.0, min_chrf_document=50.0), False),
        (Settings(), True),  # a baseline accepting one finding, and a stale entry
    ],
    ids=["default", "fail-on-critical", "thresholds", "baseline"],
)
def test_streamed_batch_says_what_the_report_says(tmp_path, settings, accept):
    from qa.gate import decide
    from qa.gate.baseline import Entry

    report = sample_report()
    baseline = None
    if accept:
        baseline = Baseline(entries=[Entry(fingerprint=_first_fingerprint(report), check="", severity=""), Entry(fingerprint="0" * 32, check="", severity="")])
        settings = settings.replace(baseline="baseline.json")
    report.gate = decide(report, settings, baseline, settings.baseline)
    batch = _streamed(report, settings, baseline, tmp_path / "documents")
    assert batch.summary() == report.summary()
    assert batch.gate.to_dict() == report.gate.to_dict() and batch.gate.passed is report.gate.passed
    assert [e.fingerprint for e in batch.gate.stale] == [e.fingerprint for e in report.gate.stale]
    batch.write_json(tmp_path / "report.json")
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == render(report)
    if accept:
        assert report.gate.accepted == batch.gate.accepted == 1
    # the findings that fail the gate, a line each, as the local summary prints them
    from qa.report.gating import gating_lines

    assert batch.gating_lines == gating_lines(report)
    assert len(batch.gating_lines) == report.gate.to_dict()["gating_findings"]


def test_document_reports_refuse_to_overwrite_an_input(tmp_path):
    report = sample_report()
    document = report.documents[0]
    taken = tmp_path / f"0000001-{document.id.replace(' ', '_')}.json"
    taken.write_text("input", encoding="utf-8")
    reports = DocumentReports(tmp_path, report.signature, inputs=[taken])
    from qa.errors import ConfigError

    with pytest.raises(ConfigError, match="would overwrite an input file"):
        reports.write(document_report(report.signature, document), document.id)
    assert taken.read_text(encoding="utf-8") == "input"
