"""Load: read article pairs and aligned files into :class:`~qa.records.Bitext`.

``ALIGNED_LOADERS`` maps a file suffix to the reader of a one-file aligned
format; article pairs (two files) go through :func:`load_text_pair`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qa.errors import InputError
from qa.load.aligned import load_jsonl, load_tsv
from qa.load.localization import LOCALIZATION_LOADERS
from qa.load.text import load_text_pair
from qa.records import Bitext

ALIGNED_LOADERS: dict[str, Callable[[Path], Bitext]] = {
    ".tsv": load_tsv,
    ".jsonl": load_jsonl,
    **LOCALIZATION_LOADERS,  # .xlf .xliff .tmx .po
}


def load(source: str | Path, target: str | Path | None = None) -> Bitext:
    """An article pair (two files), or one aligned file (target None)."""
    if target is not None:
        return load_text_pair(source, target)
    path = Path(source)
    loader = ALIGNED_LOADERS.get(path.suffix.lower())
    if loader is None:
        known = ", ".join(sorted(ALIGNED_LOADERS))
        raise InputError(f"{path}: give a source and a target file, or one aligned file ({known})")
    return loader(path)


__all__ = ["ALIGNED_LOADERS", "load", "load_text_pair"]
