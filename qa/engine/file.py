"""The `file` engine: pivots supplied by the user (another system's output, a human reference).

The pivot file has the layout of the source: one line per source line (paragraph)
for an article pair, one line per row for an aligned file. The pipeline splits
each pivot paragraph into sentences and aligns them to the source sentences.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from qa.errors import InputError
from qa.records import ModelScore


class FileEngine:
    name = "file"
    unit = "paragraph"  # one pivot a line of the source file: a paragraph or a row
    cacheable = False  # the file is the store

    @classmethod
    def from_settings(cls, settings: Any) -> FileEngine | OwnPivots:
        """The engine of the first ``--pivot`` file (the others: :meth:`others`); without one, each
        document's own first pivot file (a batch's ``--pivot-pattern`` or manifest pivot column)."""
        return cls(settings.pivot_files[0]) if settings.pivot_files else OwnPivots()

    @classmethod
    def others(cls, settings: Any) -> list[FileEngine]:
        """One engine for each ``--pivot`` file after the first: the further retranslations."""
        return [cls(path) for path in settings.pivot_files[1:]]

    def __init__(self, path: str | Path):
        from qa.load.decode import read_text
        from qa.load.text import lines_of

        self.path = Path(path)
        text, self.encoding = read_text(self.path)
        self.lines = lines_of(text)
        self._digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def signature(self) -> dict[str, Any]:
        return {"engine": "file", "pivot_file": self.path.name, "pivot_sha256": self._digest}

    def translate(self, sources: list[str]) -> list[str | None]:
        if len(sources) != len(self.lines):
            raise InputError(
                f"{self.path}: the pivot file has {len(self.lines)} lines but the source has {len(sources)};"
                " it must be aligned line by line with the source"
            )
        return list(self.lines)

    def score(self, sources: list[str], targets: list[str]) -> list[ModelScore | None]:
        return [None] * len(sources)


class OwnPivots:
    """``--engine file`` in a batch whose documents bring their own pivot files: each document's
    first is its pivot (read with the document; :mod:`qa.engine.pivots` takes it from there)."""

    name = "file"
    unit = "document"
    cacheable = False

    def signature(self) -> dict[str, Any]:
        return {"engine": "file", "pivot_file": "each document's own"}

    def translate(self, sources: list[str]) -> list[str | None]:
        raise InputError(NEEDS_PIVOT)

    def score(self, sources: list[str], targets: list[str]) -> list[ModelScore | None]:
        return [None] * len(sources)


NEEDS_PIVOT = (
    "--engine file needs --pivot FILE (a file aligned line by line with the source), or in a batch"
    " each document's own pivot file (--pivot-pattern, or a manifest's pivot column)"
)
