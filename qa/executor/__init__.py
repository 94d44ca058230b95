"""Where a batch runs: here (``local``: one process, ``--jobs`` processes for the checks) or on a
Ray cluster (``ray``: ``mtqa batch --executor ray``), streamed through the driver.

``EXECUTORS`` maps an ``--executor`` name to the dotted path of what runs a batch there, imported
only when that executor is asked for: Ray is imported by ``ray`` alone. Both take the discovered
items, the settings and a progress callback; ``local`` returns a :class:`~qa.records.Report`,
``ray`` a :class:`~qa.executor.stream.StreamedBatch` (the summary, the gate and the documents'
reports, without the documents themselves).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qa.errors import ConfigError

EXECUTORS: dict[str, str] = {
    "local": "qa.executor.local:run_batch",
    "ray": "qa.executor.ray_batch:run_batch",
}


def executor(name: str) -> Callable[..., Any]:
    """What runs a batch on the executor ``name`` (a ConfigError for an unknown name)."""
    import importlib

    try:
        path = EXECUTORS[name]
    except KeyError:
        raise ConfigError(f"unknown executor {name!r}; choose from {', '.join(EXECUTORS)}") from None
    module, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module), attribute)


#: what a batch streamed through the driver can write: reports that do not need every document at once
STREAMED_FORMATS = ("summary", "json")


def run_batch(items, settings, progress=None, *, formats=("summary",), missing=()):
    """Check the discovered ``items`` ((source, target, id)) on the settings' executor, for reports
    in ``formats``: a :class:`~qa.records.Report` (local) or a
    :class:`~qa.executor.stream.StreamedBatch` (ray), the gate decided in either (and failed by
    the ``missing`` translations, (source, expected target) each)."""
    run = executor(settings.executor)
    if settings.executor == "local":
        report = run(items, settings, progress)
        report.gate.fail_missing(list(missing))
        return report
    refused = [f for f in formats if f not in STREAMED_FORMATS]
    if refused:
        raise ConfigError(
            f"--executor {settings.executor} writes {' and '.join(STREAMED_FORMATS)} reports (and one JSON report per "
            f"document with --report-dir), not {refused[0]}, which needs every document at once; run it locally"
        )
    temporary = None
    report_dir = settings.report_dir
    if "json" in formats and not report_dir:  # the whole JSON report is written from the documents' reports
        import tempfile

        temporary = tempfile.TemporaryDirectory(prefix="mtqa-reports-")
        report_dir = temporary.name
    batch = run(items, settings, progress, report_dir=report_dir)
    batch.gate.fail_missing(list(missing))
    batch.temporary = temporary  # removed with the batch
    return batch
