"""Glossaries: approved and forbidden target renderings of source terms.

``load_glossaries(paths, builtin=True)`` merges the built-in Russian→English
glossary (``qa/data/glossary-ru-en.tsv``) with the user's files (TSV, CSV,
TBX), later files winning, and raises :class:`qa.errors.GlossaryError` naming
the file and line of the first malformed row. ``lint_glossary(path)`` lists
every problem instead of stopping at the first.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path

from qa.errors import GlossaryError
from qa.terms.entries import COLUMNS, KINDS, Glossary, Term
from qa.terms.lint import has_errors, lint_glossary
from qa.terms.readers import LintProblem, read_glossary

BUILTIN_NAME = "glossary-ru-en.tsv"


def builtin_path() -> Path:
    """Where the built-in Russian→English glossary lives (inside the installed package)."""
    return Path(__file__).resolve().parent.parent / "data" / BUILTIN_NAME


def load_glossary(path: str | Path, label: str | None = None, *, trusted: bool = False) -> tuple[list[Term], dict]:
    """The terms of one file and its signature entry; GlossaryError on the first error."""
    path = Path(path)
    if not path.exists():
        raise GlossaryError(f"{path}: glossary file not found")
    terms, problems = read_glossary(path, trusted=trusted)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more; run `mtqa glossary lint {path}`)" if len(errors) > 1 else ""
        raise GlossaryError(f"{errors[0]}{more}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return terms, {"path": label or str(path), "sha256": digest[:16], "terms": len(terms)}


def load_glossaries(paths: Iterable[str | Path], builtin: bool = True) -> Glossary:
    """The built-in glossary (when ``builtin``) merged with each file in ``paths``, in order."""
    glossary = Glossary()
    if builtin:
        path = builtin_path()
        if path.is_file():
            terms, source = load_glossary(path, label=f"builtin:{BUILTIN_NAME}", trusted=True)
            glossary.merge(terms, source)
        else:
            # an installation without its data file: say so in the report's signature and the log
            logging.getLogger("qa").warning("%s: built-in glossary missing from the installation", path)
            glossary.sources.append({"path": f"builtin:{BUILTIN_NAME}", "missing": True, "terms": 0})
    for path in paths:
        terms, source = load_glossary(path)
        glossary.merge(terms, source)
    return glossary


__all__ = [
    "COLUMNS",
    "KINDS",
    "Glossary",
    "LintProblem",
    "Term",
    "builtin_path",
    "has_errors",
    "lint_glossary",
    "load_glossaries",
    "load_glossary",
    "read_glossary",
]
