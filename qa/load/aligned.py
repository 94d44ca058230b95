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
from qa.load.decode import read_text
from qa.records import Bitext


def load_tsv(path: str | Path) -> Bitext:
    text, encoding = read_text(path)
    sources, targets, ids = [], [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if number == 1 and [f.strip().lower() for f in fields[:2]] == ["source", "target"]:
            continue
        if len(fields) not in (2, 3):
            raise InputError(f"{path}:{number}: expected 2 or 3 tab-separated columns (source, target, id), found {len(fields)}")
        sources.append(fields[0].strip())
        targets.append(fields[1].strip())
        ids.append(fields[2].strip() if len(fields) == 3 and fields[2].strip() else str(len(ids) + 1))
    return _bitext(path, sources, targets, ids, encoding)


def json_lines(text: str, path: str | Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) of each non-blank line of a JSONL text; InputError naming the line."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from None


def load_jsonl(path: str | Path) -> Bitext:
    text, encoding = read_text(path)
    sources, targets, ids = [], [], []
    for number, row in json_lines(text, path):
        if not isinstance(row, dict) or not isinstance(row.get("source"), str) or not isinstance(row.get("target"), str):
            raise InputError(f'{path}:{number}: expected an object with string "source" and "target"')
        sources.append(row["source"].strip())
        targets.append(row["target"].strip())
        ids.append(str(row["id"]) if row.get("id") not in (None, "") else str(len(ids) + 1))
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
