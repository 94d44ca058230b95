"""Load: read article pairs and aligned files into :class:`~qa.records.Bitext`.

``ALIGNED_LOADERS`` maps a file suffix to the reader of a one-file aligned
format; article pairs (two files) go through :func:`load_text_pair`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qa.errors import InputError
from qa.load.aligned import load_jsonl, load_tsv
from qa.load.localization import LOCALIZATION_LOADERS, load_tmx
from qa.load.text import load_text_pair
from qa.records import Bitext

ALIGNED_LOADERS: dict[str, Callable[[Path], Bitext]] = {
    ".tsv": load_tsv,
    ".jsonl": load_jsonl,
    **LOCALIZATION_LOADERS,  # .xlf .xliff .tmx .po
}


def load(
    source: str | Path,
    target: str | Path | None = None,
    *,
    languages: tuple[str, str] | None = None,
    doc_id: str | None = None,
) -> Bitext:
    """One document, whatever its kind: an article pair (two files), or one aligned file (target
    None: TSV, JSONL, XLIFF, TMX, PO). ``languages`` (source, target) picks the two languages of a
    TMX, which may hold more; ``doc_id`` names the document (default: from the file names)."""
    if target is not None:
        return load_text_pair(source, target, doc_id=doc_id)
    path = Path(source)
    suffix = path.suffix.lower()
    loader = ALIGNED_LOADERS.get(suffix)
    if loader is None:
        known = ", ".join(sorted(ALIGNED_LOADERS))
        raise InputError(f"{path}: give a source and a target file, or one aligned file ({known})")
    if suffix == ".tmx" and languages is not None:  # the one format that holds several languages
        bitext = load_tmx(path, *languages)
    else:
        bitext = loader(path)
    if doc_id:
        bitext.id = doc_id
    return bitext


__all__ = ["ALIGNED_LOADERS", "load", "load_text_pair"]
