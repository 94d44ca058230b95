"""Load: read article pairs and aligned files into :class:`~qa.records.Bitext`.

``ALIGNED_LOADERS`` maps a file suffix to the reader of a one-file aligned
format; article pairs (two files) go through :func:`load_text_pair`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qa.errors import InputError
from qa.load.aligned import load_jsonl, load_tsv
from qa.load.decode import DEFAULT_LIMITS, Limits, check_text
from qa.load.localization import LOCALIZATION_LOADERS, load_tmx
from qa.load.text import load_text_pair
from qa.records import Bitext

ALIGNED_LOADERS: dict[str, Callable[..., Bitext]] = {  # loader(path, *, limits)
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
    limits: Limits = DEFAULT_LIMITS,
    pivots: tuple[str | Path, ...] = (),
) -> Bitext:
    """One document, whatever its kind: an article pair (two files), or one aligned file (target
    None: TSV, JSONL, XLIFF, TMX, PO). ``languages`` (source, target) picks the two languages of a
    TMX, which may hold more; ``doc_id`` names the document (default: from the file names).
    ``limits``: the most a file and a line may hold. Whatever the format, no text of the document
    holds a NUL character or a lone surrogate (an InputError naming the segment). ``pivots``: the
    document's own retranslations, each a file laid out as the source (a line a paragraph or a row)."""
    if target is not None:
        return _with_pivots(check_bitext(load_text_pair(source, target, doc_id=doc_id, limits=limits), limits), pivots, limits)
    path = Path(source)
    suffix = path.suffix.lower()
    loader = ALIGNED_LOADERS.get(suffix)
    if loader is None:
        known = ", ".join(sorted(ALIGNED_LOADERS))
        raise InputError(f"{path}: give a source and a target file, or one aligned file ({known})")
    if suffix == ".tmx" and languages is not None:  # the one format that holds several languages
        bitext = load_tmx(path, *languages, limits=limits)
    else:
        bitext = loader(path, limits=limits)
    if doc_id:
        bitext.id = doc_id
    return _with_pivots(check_bitext(bitext, limits), pivots, limits)


def _with_pivots(bitext: Bitext, paths: tuple[str | Path, ...], limits: Limits) -> Bitext:
    from qa.load.text import pivot_lines

    for path in paths:
        lines = pivot_lines(path, bitext.aligned, limits)
        for number, line in enumerate(lines):
            _check(line, f"{path}: line {number + 1}", limits)
        bitext.pivots.append(lines)
        bitext.pivot_paths.append(str(path))
    return bitext


def check_bitext(bitext: Bitext, limits: Limits = DEFAULT_LIMITS) -> Bitext:
    """``bitext``, when none of its texts holds what no input may (see :func:`check_text`)."""
    ids = bitext.ids or [str(n + 1) for n in range(max(len(bitext.sources), len(bitext.targets)))]
    for side, path, texts in (("source", bitext.source_path, bitext.sources), ("target", bitext.target_path, bitext.targets)):
        for number, text in enumerate(texts):
            where = f"{path}: {side} of segment {ids[number]}" if bitext.aligned else f"{path}: paragraph {number + 1}"
            _check(text, where, limits)
    for segment_id in bitext.ids or []:
        _check(segment_id, f"{bitext.source_path}: segment id {segment_id[:40]!r}", limits)
    return bitext


def _check(text: str, where: str, limits: Limits) -> None:
    """check_text, its error naming ``where`` (a segment: its line in the file is not known)."""
    try:
        check_text(text, "", limits, line=0)
    except InputError as exc:
        raise InputError(f"{where}{str(exc).removeprefix(':0')}") from None


__all__ = ["ALIGNED_LOADERS", "Limits", "check_bitext", "load", "load_text_pair"]
