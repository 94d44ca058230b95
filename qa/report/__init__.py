"""Renderers over one Report value. ``RENDERERS`` maps a --format name to ``render(report) -> str``."""

from __future__ import annotations

from collections.abc import Callable

from qa.records import Report
from qa.report import json_report, terminal

RENDERERS: dict[str, Callable[[Report], str]] = {
    "table": terminal.render,
    "json": json_report.render,
}

__all__ = ["RENDERERS"]
