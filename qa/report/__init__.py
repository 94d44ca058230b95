"""Renderers over one Report value. ``RENDERERS`` maps a --format name to ``render(report) -> str``."""

from __future__ import annotations

from collections.abc import Callable

from qa.records import Report
from qa.report import findings_csv, html, json_report, junit, markdown, sarif, summary, terminal

RENDERERS: dict[str, Callable[[Report], str]] = {
    "table": terminal.render,
    "json": json_report.render,
    "summary": summary.render,
    "junit": junit.render,
    "sarif": sarif.render,
    "markdown": markdown.render,
    "html": html.render,
    "csv": findings_csv.render,
}

__all__ = ["RENDERERS"]
