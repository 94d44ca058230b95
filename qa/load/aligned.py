"""Aligned files: one segment per row, source and target (and an optional id).

TSV: ``source<TAB>target[<TAB>id]``, an optional header row ``source target [id]``.
JSONL: one object per line with ``source``, ``target`` and optional ``id``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qa.errors import InputError
from qa.load.decode import DEFAULT_LIMITS, Limits, check_text, read_text
from qa.records import Bitext


def load_tsv(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Bitext:
    text, encoding = read_text(path, limits)
    sources, targets, ids = [], [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if number == 1 and [f.strip().lower() for f in fields[:2]] == ["source", "target"]:
            continue
        if len(fields) not in (2, 3):
            raise InputError(f"{path}:{number}: expected 2 or 3 tab-separated columns (source, target, id), found {len(fields)}")
        if not fields[0].strip() and not fields[1].strip():
            continue  # a row with neither side says nothing (as a blank line)
        sources.append(fields[0].strip())
        targets.append(fields[1].strip())
        ids.append(fields[2].strip() if len(fields) == 3 and fields[2].strip() else str(len(ids) + 1))
    return _bitext(path, sources, targets, ids, encoding)


def json_lines(text: str, path: str | Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) of each non-blank line of a JSONL text; InputError naming the line."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        yield number, parse_json(line, f"{path}:{number}")


def parse_json(text: str, where: str) -> Any:
    """A JSON value; InputError naming ``where`` for text that is not JSON or that Python's json
    refuses to build (integers of more than 4,300 digits, nesting deeper than the interpreter's
    recursion limit)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg})") from None
    except ValueError as exc:  # int digits limit (Python 3.11+)
        raise InputError(f"{where}: not usable JSON ({str(exc).split(';')[0]})") from None
    except RecursionError:
        raise InputError(f"{where}: not usable JSON (nested too deep)") from None


def load_jsonl(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Bitext:
    text, encoding = read_text(path, limits)
    sources, targets, ids = [], [], []
    for number, row in json_lines(text, path):
        if not isinstance(row, dict) or not isinstance(row.get("source"), str) or not isinstance(row.get("target"), str):
            raise InputError(f'{path}:{number}: expected an object with string "source" and "target"')
        segment_id = row.get("id")
        if segment_id is not None and (isinstance(segment_id, bool) or not isinstance(segment_id, (str, int, float))):
            raise InputError(f'{path}:{number}: "id" must be a string or a number, not {type(segment_id).__name__}')
        segment_id = str(segment_id) if segment_id not in (None, "") else None
        for value in (row["source"], row["target"], segment_id or ""):
            check_text(value, path, limits, line=number)  # escapes: \u0000, a lone \ud800
        if not row["source"].strip() and not row["target"].strip():
            continue  # a row with neither side says nothing (as a blank line)
        sources.append(row["source"].strip())
        targets.append(row["target"].strip())
        ids.append(segment_id or str(len(ids) + 1))
    return _bitext(path, sources, targets, ids, encoding)


def _bitext(path, sources, targets, ids, encoding) -> Bitext:
    if not sources:
        raise InputError(f"{path}: no segments")
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    if duplicates:
        raise InputError(f"{path}: duplicate segment id {duplicates[0]!r}")
    return Bitext(
        id=Path(path).stem,
        source_path=str(path),
        target_path=str(path),
        sources=sources,
        targets=targets,
        aligned=True,
        ids=ids,
        encodings={"source": encoding, "target": encoding},
    )
