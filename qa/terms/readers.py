"""Read glossary files: TSV, CSV and TBX (TBX-Basic / TBX v2 ``martif``, TBX v3 core ``tbx``).

Every reader returns the terms it could read and the problems it met, each
with its line, so that :func:`qa.terms.lint.lint_glossary` and
:func:`qa.terms.glossary.load_glossaries` share one code path.

TSV: tab-separated, UTF-8, no quoting, multiple renderings separated by ``|``,
with the header ``source approved forbidden note kind severity reference``
(+ optional ``case_sensitive``, ``pos``). Only ``source`` and ``approved`` are
required; a file without a header is read in that column order. Lines that
start with ``#`` are comments. CSV: the same columns, standard CSV quoting.

TBX is parsed with defusedxml (no DTD entities, no external references).
Russian terms become entries; English terms in the same entry are approved,
or forbidden when their administrative status is deprecated / superseded /
not recommended.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from qa.lang import get_language
from qa.lang.morphology import WORD, normalize_pos
from qa.records import Severity
from qa.terms.entries import COLUMNS, KINDS, Term

REQUIRED_COLUMNS = ("source", "approved")

#: other header names people use for our columns
HEADER_ALIASES = {
    "ru": "source",
    "term": "source",
    "source_term": "source",
    "src": "source",
    "en": "approved",
    "target": "approved",
    "translation": "approved",
    "translations": "approved",
    "do_not_use": "forbidden",
    "notes": "note",
    "comment": "note",
    "case-sensitive": "case_sensitive",
    "case sensitive": "case_sensitive",
    "part_of_speech": "pos",
}

TRUE_VALUES = {"yes", "y", "true", "1", "x"}
FALSE_VALUES = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class LintProblem:
    """Something wrong with a glossary file: ``path:line: message``.

    level: "error" (the file cannot be used as it is) or "warning".
    """

    path: str
    line: int | None
    message: str
    level: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message}"


def read_glossary(path: str | Path, *, trusted: bool = False) -> tuple[list[Term], list[LintProblem]]:
    """The terms of one glossary file and the problems found in it (format by extension)."""
    path = Path(path)
    name = str(path)
    from qa.errors import InputError
    from qa.load.decode import read_bytes

    try:
        data = read_bytes(path, allow_empty=True)
    except InputError as exc:
        return [], [LintProblem(name, None, f"cannot read glossary: {str(exc).removeprefix(f'{path}: ')}")]
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        from qa.terms.tbx import read_tbx

        return read_tbx(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [LintProblem(name, line, "not UTF-8 text (save the glossary as UTF-8)")]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return [], [LintProblem(name, line, "holds a NUL character: not a text file")]
    if suffix == ".csv":
        return read_rows(_csv_rows(text), name, trusted=trusted)
    return read_rows(_tsv_rows(text), name, trusted=trusted)


def _tsv_rows(text: str) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        rows.append((number, line.split("\t")))
    return rows


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        rows.append((start, ["\x00csv-error", str(exc)]))
    return rows


def read_rows(rows: list[tuple[int, list[str]]], name: str, *, trusted: bool = False) -> tuple[list[Term], list[LintProblem]]:
    """Terms from (line number, cells) rows of a TSV or CSV file."""
    terms: list[Term] = []
    problems: list[LintProblem] = []
    columns: list[str] | None = None
    seen: dict[str, int] = {}
    for number, cells in rows:
        if cells and cells[0] == "\x00csv-error":
            problems.append(LintProblem(name, number, f"malformed CSV: {cells[1]}"))
            break
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if columns is None:
            header = [HEADER_ALIASES.get(c.strip().lower(), c.strip().lower()) for c in cells]
            if "source" in header:
                columns, header_problems = _check_header(header, name, number)
                problems.extend(header_problems)
                if any(p.level == "error" for p in header_problems):
                    return [], problems
                continue
            columns = list(COLUMNS)
            problems.append(
                LintProblem(name, number, "no header line: columns read as " + " ".join(COLUMNS[:7]), "warning")
            )
        term, row_problems = _term(cells, columns, name, number, trusted=trusted)
        problems.extend(row_problems)
        if term is None:
            continue
        if term.key in seen:
            problems.append(
                LintProblem(
                    name,
                    number,
                    f"duplicate source term {term.source!r} (first on line {seen[term.key]}); this row wins",
                    "warning",
                )
            )
            terms = [t for t in terms if t.key != term.key]
        seen[term.key] = number
        terms.append(term)
    if columns is None:
        problems.append(LintProblem(name, None, "empty glossary", "warning"))
    return terms, problems


def _check_header(header: list[str], name: str, number: int) -> tuple[list[str], list[LintProblem]]:
    problems = []
    for column in header:
        if column and column not in COLUMNS:
            problems.append(
                LintProblem(name, number, f"unknown column {column!r} (known: {', '.join(COLUMNS)})", "warning")
            )
    for column in REQUIRED_COLUMNS:
        if column not in header:
            problems.append(LintProblem(name, number, f"header has no {column!r} column"))
    duplicates = {c for c in header if c and header.count(c) > 1}
    for column in sorted(duplicates):
        problems.append(LintProblem(name, number, f"column {column!r} appears twice in the header"))
    return header, problems


def split_renderings(cell: str) -> tuple[list[str], bool]:
    """The ``|``-separated renderings of a cell, stripped; and whether an empty one was dropped."""
    parts = [p.strip() for p in cell.split("|")]
    kept = [p for p in parts if p]
    return kept, bool(cell.strip()) and len(kept) != len(parts)


def _same_words(a: str, b: str) -> bool:
    """Whether two renderings are the same words up to case and inflection ("irritants" / "irritant")."""
    morph = get_language("en").morphology
    wa, wb = WORD.findall(a), WORD.findall(b)
    return len(wa) == len(wb) and all(not morph.keys(x).isdisjoint(morph.keys(y)) for x, y in zip(wa, wb, strict=True))


def _term(cells: list[str], columns: list[str], name: str, number: int, trusted: bool = False) -> tuple[Term | None, list[LintProblem]]:
    problems: list[LintProblem] = []

    def problem(message: str, level: str = "error") -> None:
        problems.append(LintProblem(name, number, message, level))

    if len(cells) > len(columns):
        extra = [c for c in cells[len(columns) :] if c.strip()]
        if extra:
            problem(f"{len(cells)} fields but the header has {len(columns)} columns (a tab inside a field?)")
            return None, problems
    row = {col: (cells[i] if i < len(cells) else "") for i, col in enumerate(columns) if col}
    for col, value in row.items():
        if value != value.strip() and col in ("source", "approved", "forbidden"):
            problem(f"{col} has leading or trailing spaces", "warning")
    source = " ".join(row.get("source", "").split())
    if not source:
        problem("empty source term")
        return None, problems
    if any("a" <= c.lower() <= "z" for c in source) and not any("а" <= c.lower() <= "я" for c in source):
        problem(f"source term {source!r} has no Cyrillic letter (columns swapped?)", "warning")
    approved, dropped_a = split_renderings(row.get("approved", ""))
    forbidden, dropped_f = split_renderings(row.get("forbidden", ""))
    if dropped_a or dropped_f:
        problem("empty rendering between '|' separators", "warning")
    kind = row.get("kind", "").strip().lower() or "term"
    if kind not in KINDS:
        problem(f"unknown kind {kind!r} (one of: {', '.join(KINDS)})")
        return None, problems
    if not approved and not forbidden:
        problem("no approved rendering")
        return None, problems
    if not approved:
        level = "error" if kind in ("term", "institution", "title") else "warning"
        problem(f"no approved rendering for a {kind}", level)
        if level == "error":
            return None, problems
    # the inflection-aware comparison loads a lemmatiser: skipped for the built-in glossary,
    # whose guard test (tests/test_builtin_glossary.py) lints it in full
    both = [] if trusted else [f for f in forbidden if any(_same_words(f, a) for a in approved)]
    if both:
        problem(f"rendering {both[0]!r} is both approved and forbidden (up to inflection)")
        return None, problems
    severity_text = row.get("severity", "").strip().lower() or "major"
    try:
        severity = Severity(severity_text)
    except ValueError:
        problem(f"unknown severity {severity_text!r} (one of: {', '.join(s.value for s in Severity)})")
        return None, problems
    case_text = row.get("case_sensitive", "").strip().lower()
    if case_text not in TRUE_VALUES | FALSE_VALUES:
        problem(f"case_sensitive must be yes or no, not {case_text!r}")
        return None, problems
    pos_text = row.get("pos", "").strip()
    try:
        pos = normalize_pos(pos_text)
    except KeyError:
        problem(f"unknown part of speech {pos_text!r} (noun, adj, verb, adv, ...)")
        return None, problems
    if pos and len(source.split()) > 1:
        problem("pos applies to one-word terms only; ignored for a multi-word term", "warning")
        pos = None
    for rendering in approved + forbidden:
        if any("а" <= c.lower() <= "я" for c in rendering):
            problem(f"rendering {rendering!r} has Cyrillic letters (columns swapped?)", "warning")
    term = Term(
        source=source,
        approved=tuple(approved),
        forbidden=tuple(forbidden),
        note=row.get("note", "").strip() or None,
        kind=kind,
        severity=severity,
        reference=row.get("reference", "").strip() or None,
        case_sensitive=case_text in TRUE_VALUES,
        pos=pos,
        origin=f"{name}:{number}",
    )
    return term, problems
