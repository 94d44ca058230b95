"""Plain-text (and Markdown) article pairs: one paragraph per line on each side.

Blank lines separate nothing and are skipped; Markdown headings and list
markers stay part of the paragraph text. The two sides may have different
numbers of paragraphs: alignment decides what corresponds.
"""

from __future__ import annotations

from pathlib import Path

from qa.load.decode import DEFAULT_LIMITS, Limits, read_text
from qa.records import Bitext


def load_text_pair(
    source_path: str | Path, target_path: str | Path, doc_id: str | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> Bitext:
    source_text, source_encoding = read_text(source_path, limits)
    target_text, target_encoding = read_text(target_path, limits)
    return Bitext(
        id=doc_id or _doc_id(Path(source_path)),
        source_path=str(source_path),
        target_path=str(target_path),
        sources=paragraphs(source_text),
        targets=paragraphs(target_text),
        aligned=False,
        encodings={"source": source_encoding, "target": target_encoding},
    )


def pivot_lines(path: str | Path, aligned: bool, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """A document's own pivot file: for an article pair, its paragraphs as the source's are read
    (blank lines skipped); for an aligned file, one line a row."""
    text, _ = read_text(path, limits)
    return lines_of(text) if aligned else paragraphs(text)


def lines_of(text: str) -> list[str]:
    """A file's lines as written, blank ones kept (a pivot file aligned with its source's lines)."""
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _doc_id(path: Path) -> str:
    name = path.name
    for suffix in (".txt", ".md", ".markdown"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    # NAME.ru -> NAME
    stem, _, lang = name.rpartition(".")
    stem = stem if stem and 2 <= len(lang) <= 3 else name
    # source.ru.txt / target.en.txt in a folder of their own: the folder names the document
    if stem.lower() in {"source", "src", "original"} and path.parent.name:
        return path.parent.name
    return stem
