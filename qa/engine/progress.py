"""An engine called in chunks: each chunk's pivots and scores reach the result cache as soon as it
is done, so an interrupted run (kill -9 included) loses at most the chunk in progress and the next
run resumes from there; an optional callback is told how many sentences are done.

Chunking happens in every mode, with a progress bar or without (CI): what a segment's pivot and
scores are does not depend on it, because the engines batch each sentence the same way whatever
else a call holds (:func:`qa.engine.batches.length_batches`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Progress = Callable[[str, int, int], None]  # (stage, done, total)
CHUNK = 128  # sentences per engine call: small enough for the cache to keep progress, large enough to batch


class ChunkedEngine:
    """Wraps an engine: calls it in chunks and reports (when given a callback) how many sentences are done."""

    def __init__(self, engine: Any, progress: Progress | None = None, chunk: int = CHUNK):
        self._engine = engine
        self._progress = progress or (lambda stage, done, total: None)
        self._chunk = max(1, chunk)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def signature(self) -> dict[str, Any]:
        return self._engine.signature()

    def translate(self, sources: list[str]) -> list[str | None]:
        return self._chunked("translate", lambda part: self._engine.translate(part), sources)

    def score(self, sources: list[str], targets: list[str]) -> list[Any]:
        pairs = list(zip(sources, targets, strict=True))
        return self._chunked("score", lambda part: self._engine.score([s for s, _ in part], [t for _, t in part]), pairs)

    def _chunked(self, stage: str, call, items: list) -> list:
        out: list = []
        self._progress(stage, 0, len(items))
        if getattr(self._engine, "unit", "sentence") != "sentence":  # e.g. pivots from a file: all at once
            out = list(call(items))
            self._progress(stage, len(out), len(items))
            return out
        for start in range(0, len(items), self._chunk):
            out += call(items[start : start + self._chunk])
            self._progress(stage, len(out), len(items))
        return out
