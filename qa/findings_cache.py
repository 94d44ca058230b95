"""Each document's findings, kept in the on-disk cache and keyed by everything that decides them.

The key covers the checks' own code and data (a hash of the installed ``qa``
package), the chosen checks, the glossary's signature, the settings, and the
document as the checks see it (segments with their pivots, scores and model
scores). A re-check of an unchanged article then runs no check at all; any
change to any of these is a miss, never a stale result.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from qa.records import Document, Finding

_IGNORED_SETTINGS = {"cache", "use_cache", "jobs"}


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every file of the qa package (code and data): a new check or glossary row is a miss."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def document_key(document: Document, check_ids: list[str], glossary: Any, settings: Any) -> str:
    config = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings) if f.name not in _IGNORED_SETTINGS}
    content = {
        "code": code_fingerprint(),
        "checks": sorted(check_ids),
        "glossary": glossary.signature() if glossary is not None else None,
        "settings": config,
        "languages": [document.source_lang, document.target_lang],
        "segments": [
            [s.id, s.source, s.target, s.pivot, s.link, s.paragraph, s.scores, _model(s.model)] for s in document.segments
        ],
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dump(document: Document) -> str:
    return json.dumps([f.to_dict() for f in document.findings], ensure_ascii=False)


def restore(document: Document, stored: str) -> None:
    """Put stored findings back on the document and its segments."""
    findings = [Finding.from_dict(row) for row in json.loads(stored)]
    by_id = {s.id: s for s in document.segments}
    for segment in document.segments:
        segment.findings = []
    for finding in findings:
        if finding.segment in by_id:
            by_id[finding.segment].findings.append(finding)
    document.findings = findings


def _model(model) -> Any:
    if model is None:
        return None
    from qa.engine.cache import score_to_json

    return score_to_json(model)
