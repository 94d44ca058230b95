"""Every document's retranslations: the engine's, the further engines', the document's own.

A run has one engine (the first pivot and the model scores) and may have further retranslations:
each ``--pivot`` file the engine does not read itself, each ``--model`` after the first (a panel
of open models), and, in a batch, each document's own pivot files (``--pivot-pattern``, or a
manifest's ``pivot`` columns), read with the document (:attr:`~qa.records.Bitext.pivots`).
With ``--engine file`` and no ``--pivot``, a document's first own pivot is its first pivot.
"""

from __future__ import annotations

from typing import Any

from qa.align.sentences import split_sentences
from qa.engine import Engine
from qa.errors import InputError
from qa.records import Bitext

MODEL_ENGINES = ("auto", "transformers", "ct2")


def further_engines(settings: Any, engine: Engine) -> list[Engine]:
    """The engines of the retranslations after the first: each ``--pivot`` file the first engine
    does not read itself (with ``--engine file`` the first file is the engine's), then each model
    of the panel the first engine is not (every ``--model`` after the first; with ``--engine
    file``, every ``--model``), each behind the result cache as the first engine is."""
    from qa.engine import build_engine
    from qa.engine.file import FileEngine
    from qa.engine.progress import ChunkedEngine

    reads_files = getattr(engine, "name", None) == "file"
    engines: list[Engine] = list(FileEngine.others(settings)) if reads_files else [FileEngine(p) for p in settings.pivot_files]
    if settings.engine == "none":
        return engines
    models = settings.model if reads_files else settings.model[1:]
    kind = settings.engine if settings.engine in MODEL_ENGINES else "auto"
    for model in models:
        # a share of each run at a time, like the first engine: an interrupted run keeps what it did
        engines.append(ChunkedEngine(build_engine(settings.replace(engine=kind, model=[model])), None, chunk=settings.chunk_size))
    return engines


def own_pivots_first(engine: Engine) -> bool:
    """Whether each document's first own pivot is its first pivot (``--engine file`` without ``--pivot``)."""
    return getattr(engine, "unit", "sentence") == "document"


def sentence_pivots(bitexts: list[Bitext], sides: list, engine: Engine, settings: Any) -> list[list[str | None]]:
    """One pivot per source sentence of every bitext, from ``engine`` (one call for all)."""
    unit = getattr(engine, "unit", "sentence")
    if unit == "document":
        return [_paragraph_pivots(b, source, _own(b, 0), settings) for b, (source, _) in zip(bitexts, sides, strict=True)]
    if unit == "paragraph":
        return [_paragraph_pivots(b, source, engine.translate(b.sources), settings) for b, (source, _) in zip(bitexts, sides, strict=True)]
    everything = [s for source, _ in sides for s in source.sentences]
    translated = iter(engine.translate(everything)) if everything else iter(())
    return [[next(translated) for _ in source.sentences] for source, _ in sides]


def other_pivots(bitexts: list[Bitext], sides: list, engine: Engine, further: list[Engine], settings: Any) -> list[tuple]:
    """Per bitext, the further retranslations, one pivot per source sentence each: the further
    engines', then the bitext's own pivot files (those the engine has not taken as the first)."""
    by_engine = [sentence_pivots(bitexts, sides, other, settings) for other in further]
    skip = 1 if own_pivots_first(engine) else 0
    result = []
    for n, (bitext, (source, _)) in enumerate(zip(bitexts, sides, strict=True)):
        own = [_paragraph_pivots(bitext, source, _own(bitext, k), settings) for k in range(skip, len(bitext.pivots))]
        result.append((*(pivots[n] for pivots in by_engine), *own))
    return result


def _own(bitext: Bitext, k: int) -> list[str]:
    """The lines of the bitext's ``k``-th own pivot file, which must match its source's layout."""
    if k >= len(bitext.pivots):
        from qa.engine.file import NEEDS_PIVOT

        raise InputError(f"{bitext.source_path}: {NEEDS_PIVOT}")
    lines = bitext.pivots[k]
    if len(lines) != len(bitext.sources):
        unit = "rows" if bitext.aligned else "lines"
        raise InputError(
            f"{bitext.pivot_paths[k]}: the pivot has {len(lines)} {unit} but the source {bitext.source_path} has "
            f"{len(bitext.sources)}; it must be aligned with the source {unit[:-1]} by {unit[:-1]}"
        )
    return lines


def _paragraph_pivots(bitext: Bitext, source, paragraph_pivots: list[str | None], settings: Any) -> list[str | None]:
    """Pivots supplied per paragraph (or row): split them and give each source sentence its share."""
    if bitext.aligned:
        return list(paragraph_pivots)
    from qa.align.links import align  # numpy: not needed when every document comes from the cache

    result: list[str | None] = [None] * len(source.sentences)
    for unit, pivot in enumerate(paragraph_pivots):
        indices = [i for i, u in enumerate(source.units) if u == unit]
        if not indices or not pivot:
            continue
        pieces = [span.text(pivot) for span in split_sentences(pivot, settings.target_lang)]
        for link in align([source.sentences[i] for i in indices], pieces, None):
            text = " ".join(pieces[j] for j in link.target) or None
            for k in link.source:
                result[indices[k]] = text
    return result


__all__ = ["further_engines", "other_pivots", "own_pivots_first", "sentence_pivots"]
