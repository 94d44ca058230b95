"""Finished documents, kept in the on-disk cache and keyed by everything that decides them.

The key covers the loaded pair as it was read (texts, paths, encodings), the
engine's signature, the checks chosen, the glossary's signature, the settings,
and the code and data of the installed ``qa`` package. A re-check of an
unchanged article then does no segmentation, alignment, translation, scoring or
checking at all: the stored document (segments, pivots, model scores, findings,
combined score) comes back as it was. Any change to any of these is a miss,
never a stale result.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from qa.cache.versions import library_versions
from qa.records import Bitext, Document, Finding, Segment

# settings that decide nothing in a document: where results are kept, how many sentences an engine
# call holds, how many processes check, where they run, how files are paired, and the gate (decided
# on the report afterwards)
_IGNORED_SETTINGS = {
    "cache",
    "use_cache",
    "chunk_size",
    "jobs",
    "executor",
    "ray_address",
    "engine_actors",
    "report_dir",
    "pair_pattern",
    "fail_on",
    "min_chrf_segment",
    "min_chrf_document",
    "min_mtqa_document",
    "max_findings",
    "baseline",
}


#: the libraries whose results a document holds: metrics, sentence splitting, morphology, lemmas,
#: NER and word counts (natasha's embedding), edit distance, transliteration; a new version is a miss
LIBRARIES = (
    "sacrebleu",
    "razdel",
    "pymorphy3",
    "pymorphy3-dicts-ru",
    "simplemma",
    "natasha",
    "navec",
    "slovnet",
    "rapidfuzz",
    "cyrtranslit",
    "iuliia",
)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every file of the qa package (code and data): a new check or glossary row is a miss."""
    root = Path(__file__).resolve().parents[1]  # the qa package
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class DocumentCache:
    """Documents of one run's configuration in a :class:`~qa.cache.results.ResultCache`."""

    def __init__(self, store: Any, *, check_ids: list[str], glossary: Any, settings: Any, engine: dict[str, Any]):
        self.store = store
        config = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings) if f.name not in _IGNORED_SETTINGS}
        self._run = {
            "code": code_fingerprint(),
            "libraries": library_versions(LIBRARIES),
            "checks": sorted(check_ids),
            "glossary": glossary.signature() if glossary is not None else None,
            "settings": config,
            "engine": engine,
        }

    def key(self, bitext: Bitext) -> str:
        content = {**self._run, "bitext": dataclasses.asdict(bitext)}
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        return "document:" + hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, bitext: Bitext) -> tuple[Document, dict[str, str]] | None:
        """The stored document and the metric signatures it was scored with, or None."""
        stored = self.store.get_document(self.key(bitext))
        if stored is None:
            return None
        try:
            data = json.loads(stored)
            return load_document(data["document"]), data["metrics"]
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            return None  # written by another version, or a damaged row: recomputed and replaced

    def put(self, bitext: Bitext, document: Document, metrics: dict[str, str]) -> None:
        value = json.dumps({"document": dump_document(document), "metrics": metrics}, ensure_ascii=False)
        self.store.put_document(self.key(bitext), value)


def dump_document(document: Document) -> dict[str, Any]:
    """Everything a document holds (the report's ``to_dict`` keeps only a digest of the model scores)."""
    from qa.cache.results import score_to_json

    index = {id(f): n for n, f in enumerate(document.findings)}
    out = {f.name: getattr(document, f.name) for f in dataclasses.fields(document) if f.name not in {"segments", "findings"}}
    out["findings"] = [f.to_dict() for f in document.findings]
    out["segments"] = [
        {
            **{f.name: getattr(s, f.name) for f in dataclasses.fields(s) if f.name not in {"model", "findings"}},
            "model": score_to_json(s.model) if s.model is not None else None,
            # a segment's findings, in its own order, as positions in the document's list
            "findings": [index[id(f)] if id(f) in index else f.to_dict() for f in s.findings],
        }
        for s in document.segments
    ]
    return out


def load_document(data: dict[str, Any]) -> Document:
    from qa.cache.results import score_from_json

    findings = [Finding.from_dict(row) for row in data["findings"]]
    segments = []
    for row in data["segments"]:
        fields = {k: v for k, v in row.items() if k not in {"model", "findings"}}
        segment = Segment(**fields)
        segment.model = score_from_json(row["model"]) if row["model"] is not None else None
        segment.findings = [findings[f] if isinstance(f, int) else Finding.from_dict(f) for f in row["findings"]]
        segments.append(segment)
    fields = {k: v for k, v in data.items() if k not in {"segments", "findings"}}
    return Document(**fields, segments=segments, findings=findings)
