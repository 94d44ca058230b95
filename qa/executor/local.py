"""The local executor: every document in this process (the checks in ``--jobs`` processes)."""

from __future__ import annotations

from qa.records import Report


def run_batch(items, settings, progress=None) -> Report:
    """The report of the batch, with the gate decided; with ``report_dir``, each document's
    report is also written there (as the Ray executor writes them)."""
    from qa.pipeline import run

    report = run(items, settings, progress=progress)
    if settings.report_dir:
        from qa.executor.stream import DocumentReports, document_report

        reports = DocumentReports(settings.report_dir, report.signature, inputs=[p for item in items for p in item[:2]])
        for document in report.documents:
            reports.write(document_report(report.signature, document), document.id)
    return report
