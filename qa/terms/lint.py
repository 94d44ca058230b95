"""``mtqa glossary lint``: what is wrong with a glossary file, line by line."""

from __future__ import annotations

from pathlib import Path

from qa.terms.readers import LintProblem, read_glossary


def lint_glossary(path: str | Path) -> list[LintProblem]:
    """Every problem in one glossary file (errors and warnings), in line order."""
    _, problems = read_glossary(path)
    return sorted(problems, key=lambda p: (p.line or 0, p.level != "error"))


def has_errors(problems: list[LintProblem]) -> bool:
    return any(p.level == "error" for p in problems)
