"""Where a finding lies in its file: line and column of a segment's span, for SARIF and editors.

Segments do not remember file offsets (sentences are split and joined), so the
segment's text is searched for in the decoded file, in document order, and
the span is placed inside it. Text in XML files (XLIFF, TMX) is searched for
escaped as well. A text that cannot be found gets no region (the location is
then the file alone), never a guessed one.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qa.errors import QAError
from qa.records import Document, Finding, Segment, Span

Reader = Callable[[str | Path], tuple[str, str]]


@dataclass(frozen=True)
class Region:
    path: str
    start_line: int  # 1-based
    start_column: int  # 1-based, in Unicode code points
    end_line: int
    end_column: int  # exclusive
    char_offset: int  # 0-based, in code points
    char_length: int
    snippet: str


class FileText:
    """One decoded file and its line starts."""

    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1


class Locator:
    """Finds segments in their files; one per report (files are read once, searches move forward)."""

    def __init__(self, read: Reader | None = None):
        if read is None:
            from qa.load.decode import read_text as read
        self._read = read
        self._files: dict[str, FileText | None] = {}
        self._cursor: dict[tuple[str, str], int] = {}
        self._found: dict[tuple[str, str, int], tuple[int, Callable[[str], str]] | None] = {}
        self._indexed: set[int] = set()

    def finding_region(self, document: Document, segment: Segment | None, finding: Finding) -> Region | None:
        """The region of the finding's target span (or its source span when it has none), if it can be found."""
        if segment is None:
            return None
        self._index(document)
        if finding.target_span is not None and segment.target and document.target_path:
            return self.region(document.target_path, "target", segment, finding.target_span)
        if finding.source_span is not None and segment.source and document.source_path:
            return self.region(document.source_path, "source", segment, finding.source_span)
        side = "target" if segment.target else "source"
        path = document.target_path if segment.target else document.source_path
        text = segment.target or segment.source
        if path and text:
            return self.region(path, side, segment, Span(0, len(text)))
        return None

    def region(self, path: str, side: str, segment: Segment, span: Span) -> Region | None:
        file = self._file(path)
        text = getattr(segment, side)
        if file is None or not text:
            return None
        key = (path, side, id(segment))
        if key not in self._found:
            self._found[key] = self._search(file, path, side, text)
        found = self._found[key]
        if found is None:
            return None
        start_of_text, encode = found
        start = start_of_text + len(encode(text[: span.start]))
        end = start_of_text + len(encode(text[: span.end]))
        start_line, start_column = file.position(start)
        end_line, end_column = file.position(end)
        return Region(path, start_line, start_column, end_line, end_column, start, end - start, file.text[start:end])

    def _index(self, document: Document) -> None:
        """Search every segment of the document once, in order, so repeated sentences land in turn."""
        if id(document) in self._indexed:
            return
        self._indexed.add(id(document))
        for segment in document.segments:
            for side, path in (("source", document.source_path), ("target", document.target_path)):
                text = getattr(segment, side)
                file = self._file(path) if path else None
                if file is not None and text:
                    self._found[(path, side, id(segment))] = self._search(file, path, side, text)

    def _file(self, path: str) -> FileText | None:
        if path not in self._files:
            try:
                text, _ = self._read(path)
            except (QAError, OSError):
                self._files[path] = None
            else:
                self._files[path] = FileText(text)
        return self._files[path]

    def _search(self, file: FileText, path: str, side: str, text: str):
        cursor = self._cursor.get((path, side), 0)
        for encode in (_same, _xml_text):
            needle = encode(text)
            at = file.text.find(needle, cursor)
            if at < 0:
                at = file.text.find(needle)
            if at >= 0:
                self._cursor[(path, side)] = at + len(needle)
                return at, encode
        return None


def _same(text: str) -> str:
    return text


def _xml_text(text: str) -> str:
    return html.escape(text, quote=False)
