"""The JSON report (schema ``mtqa-report/1``, documented in the README)."""

from __future__ import annotations

import json

from qa.records import Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
