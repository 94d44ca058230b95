"""The whole flow: load, segment, align, translate, score, check, gate.

:func:`run` is the library's one entry point (``qa.run``), and what the CLI's ``check``,
``batch`` and ``baseline create`` call: inputs (paths, pairs of paths, or loaded bitexts) in,
a :class:`~qa.records.Report` with the gate decided out. Every document's sentences go to the
engine together, so one model load and one batching pass serve the whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from qa import __version__
from qa.align.sentences import split_sentences
from qa.cache.documents import DocumentCache
from qa.checks.base import Check, CheckContext
from qa.checks.runner import check_here, check_in_processes, layout, select_checks, unserved_checks
from qa.engine import Engine, build_engine
from qa.engine.pivots import further_engines, other_pivots, sentence_pivots
from qa.engine.progress import ChunkedEngine, Progress
from qa.errors import ConfigError
from qa.gate import decide
from qa.load import load
from qa.records import Bitext, Document, Report, Segment, resolve_alignments
from qa.score import combined
from qa.score.metrics import metric_signatures, score_document
from qa.settings import Settings

Input = Union[str, Path, tuple, Bitext]  # a file, (source, target) files, or a loaded document


def run(
    inputs: Input | Iterable[Input],
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> Report:
    """Check documents and decide the gate: the CLI's defaults unless ``settings`` say otherwise
    (the built-in glossary on, every check, the default engine and cache).

    inputs: a path of an aligned file (TSV, JSONL, XLIFF, TMX, PO), a (source, target) pair of
    article files, a :class:`~qa.records.Bitext`, or a list of these. ``engine``: an engine to use
    instead of the one the settings name. ``progress(stage, done, total)`` is told how loading,
    translating, scoring and checking go. Bad input, configuration or a missing model raise a
    :class:`~qa.errors.QAError` before any model is loaded where they can be told then.
    """
    settings = settings or Settings()
    require_served(settings)
    baseline = read_baseline(settings)  # a missing baseline fails before any model is sought
    settings = claim_cache(settings)  # a file that is no mtqa cache is refused before any work
    items = [inputs] if isinstance(inputs, (str, Path, tuple, Bitext)) else list(inputs)
    bitexts = []
    for number, item in enumerate(items, start=1):
        bitexts.append(_load(item, settings))
        if progress:
            progress("load", number, len(items))
    glossary = build_glossary(settings)
    # always in chunks, with or without a progress bar: the cache keeps each chunk as it is done
    engine = ChunkedEngine(engine or build_engine(settings), progress, chunk=settings.chunk_size)
    jobs = layout(settings.jobs, engine, len(bitexts))

    def run_checks(documents, checks, ctx):  # in processes with jobs > 1; told to ``progress`` either way
        check_in_processes(documents, checks, ctx, jobs, progress)

    report = check_bitexts(bitexts, settings, engine=engine, glossary=glossary, run_checks=run_checks)
    if progress:
        progress("check", len(bitexts), len(bitexts))
    report.gate = decide(report, settings, baseline, settings.baseline)
    return report


def require_served(settings: Settings) -> None:
    """A ConfigError (exit 2) when checks the user did not disable cannot serve the language pair,
    unless skip_unserved says to run without them: a gate never shrinks silently."""
    if settings.skip_unserved:
        return
    unserved = unserved_checks(select_checks(settings), settings.source_lang, settings.target_lang)
    if unserved:
        first = next(iter(unserved.values()))
        raise ConfigError(
            f"{', '.join(unserved)} cannot check {settings.source_lang}-{settings.target_lang} ({first}); "
            f"pass --skip-unserved to check without them, or --disable each"
        )


def _load(item: Input, settings: Settings) -> Bitext:
    from qa.load import check_bitext
    from qa.load.decode import Limits

    limits = Limits.from_settings(settings)
    if isinstance(item, Bitext):
        return check_bitext(item, limits)
    languages = (settings.source_lang, settings.target_lang)
    if isinstance(item, tuple):  # (source, target), with a document id and its own pivot files
        source, target, *rest = item
        doc_id, pivots = (list(rest) + [None, ()])[:2]
        return load(source, target, languages=languages, doc_id=doc_id, limits=limits, pivots=tuple(pivots or ()))
    return load(item, languages=languages, limits=limits)


def claim_cache(settings: Settings) -> Settings:
    """The settings to run with: the same, or without the cache where its file is read-only (said
    with a CacheWarning). A file that is not an mtqa cache is a ConfigError: never replaced."""
    path = settings.cache_path
    if path is None:
        return settings
    from qa.cache.results import CacheWarning, inspect_cache

    try:
        problem = inspect_cache(path)
    except OSError as exc:  # it cannot even be looked at: left alone
        problem = f"cannot be read ({exc.strerror or exc})"
    if problem is None:
        return settings
    import warnings

    warnings.warn(f"{path}: {problem}; running without the cache (it is left as it is)", CacheWarning, stacklevel=3)
    return settings.replace(use_cache=False)


def read_baseline(settings: Settings):
    """The settings' baseline (:class:`qa.gate.baseline.Baseline`), or None."""
    if not settings.baseline:
        return None
    from qa.gate.baseline import Baseline

    return Baseline.read(settings.baseline)


@dataclass
class _Side:
    """The sentences of one side of a bitext, with the unit (paragraph or row) each came from."""

    sentences: list[str] = field(default_factory=list)
    units: list[int] = field(default_factory=list)


def check_bitexts(
    bitexts: list[Bitext],
    settings: Settings,
    *,
    engine: Engine | None = None,
    glossary: Any = None,
    run_checks: RunChecks | None = None,
) -> Report:
    """Check every bitext and return one report (the gate is not decided: :func:`run` decides it).

    Documents found in the cache come back as they were; the others are segmented,
    aligned, translated and scored together (one engine call for all), checked by
    ``run_checks`` (default: in this process, one after the other; ``mtqa batch
    --jobs`` passes a pool), given the combined score, and stored.
    """
    engine = engine or build_engine(settings)
    further = further_engines(settings, engine)
    checks = select_checks(settings)
    ctx = check_context(settings, glossary)
    cache = document_cache(settings, engine, checks, glossary, further)
    found = [cache.get(b) if cache else None for b in bitexts]
    documents: list[Document | None] = [hit[0] if hit else None for hit in found]
    metrics = next((hit[1] for hit in found if hit), None)
    missing = [n for n, document in enumerate(documents) if document is None]
    if missing:
        metrics = metric_signatures()
        alignments = any("alignment" in check.reads for check in checks.values())
        fresh = _prepare([bitexts[n] for n in missing], settings, engine, further, alignments)
        finish_documents(fresh, checks, ctx, run_checks)
        for n, document in zip(missing, fresh, strict=True):
            documents[n] = document
            if cache:
                cache.put(bitexts[n], document, metrics)
    signature = report_signature(settings, engine, further, checks, glossary, metrics or metric_signatures())
    return Report(signature=signature, documents=[d for d in documents if d is not None])


def check_context(settings: Settings, glossary: Any) -> CheckContext:
    """What every check is given besides the segment or document it checks."""
    return CheckContext(
        settings=settings,
        source_lang=settings.source_lang,
        target_lang=settings.target_lang,
        glossary=glossary,
    )


def finish_documents(documents: list[Document], checks: dict[str, Check], ctx: CheckContext, run_checks: RunChecks | None = None) -> None:
    """Check prepared documents (``run_checks``, default: here, one after the other) and give each
    its combined score, which reads the findings as features."""
    (run_checks or check_here)(documents, checks, ctx)
    for document in documents:
        combined.score_document(document)


def report_signature(
    settings: Settings, engine: Engine, further: list[Engine], checks: dict[str, Check], glossary: Any, metrics: dict[str, str]
) -> dict[str, Any]:
    """What produced a report: mtqa, the engines, the metrics, the glossary, the calibration, the checks."""
    signature = {
        "mtqa": __version__,
        "engine": engine.signature(),
        **({"other_pivots": [e.signature() for e in further]} if further else {}),
        **({"pivot_pattern": list(settings.pivot_pattern)} if settings.pivot_pattern else {}),
        "metrics": metrics,
        "glossary": glossary.signature() if glossary is not None else None,
        "calibration": combined.calibration_fingerprint(),
        "checks": sorted(checks),
        "languages": f"{settings.source_lang}-{settings.target_lang}",
    }
    unserved = unserved_checks(checks, settings.source_lang, settings.target_lang)
    if unserved:  # checks the pair cannot serve: said, never skipped silently
        signature["unserved_checks"] = unserved
    signature["string"] = signature_string(signature)
    return signature


RunChecks = Callable[[list[Document], dict[str, Check], CheckContext], None]


def _prepare(
    bitexts: list[Bitext], settings: Settings, engine: Engine, further: list[Engine] = (), alignments: bool = False
) -> list[Document]:
    """Segment, align, translate and score: the documents the checks read."""
    return prepare_documents(bitexts, segment_bitexts(bitexts, settings), settings, engine, further, alignments)


Sides = tuple["_Side", "_Side"]


def segment_bitexts(bitexts: list[Bitext], settings: Settings) -> list[Sides]:
    """Each bitext's source and target split into sentences (rows of an aligned file stay whole)."""
    return [(_split(b.sources, b.aligned, settings.source_lang), _split(b.targets, b.aligned, settings.target_lang)) for b in bitexts]


def prepare_documents(
    bitexts: list[Bitext], sides: list[Sides], settings: Settings, engine: Engine, further: list[Engine] = (),
    alignments: bool = False,
) -> list[Document]:
    """Translate the segmented bitexts (one engine call for all), link their sentences, score the
    segments under the model and against the pivot: the documents the checks read. ``alignments``:
    a check reads every segment's word alignment, so the deferred ones are computed now, in batches."""
    pivots = sentence_pivots(bitexts, sides, engine, settings)
    # each further retranslation: per bitext, per engine or own pivot file, one pivot per source sentence
    others = other_pivots(bitexts, sides, engine, further, settings)
    documents = [
        _document(bitext, source, target, sentence_pivots, settings, other_pivots)
        for bitext, (source, target), sentence_pivots, other_pivots in zip(bitexts, sides, pivots, others, strict=True)
    ]
    _score_under_model(documents, engine)
    if alignments:
        resolve_alignments(s.model.alignment for d in documents for s in d.segments if s.model is not None)
    for document in documents:
        score_document(document)
    return documents


def document_cache(
    settings: Settings, engine: Engine, checks: dict[str, Check], glossary: Any, further: list[Engine] = ()
) -> DocumentCache | None:
    """Where finished documents are kept (None with --no-cache): the engine's own connection
    when its pivots and scores are kept in the same file."""
    if settings.cache_path is None:
        return None
    from qa.cache.results import CachedEngine, ResultCache

    if isinstance(engine, CachedEngine) and Path(engine.cache.path) == Path(settings.cache_path):
        store = engine.cache
    else:
        store = ResultCache(settings.cache_path)
    signature = engine.signature()
    if further:
        signature = {**signature, "other_pivots": [e.signature() for e in further]}
    return DocumentCache(store, check_ids=list(checks), glossary=glossary, settings=settings, engine=signature)


def signature_string(signature: dict[str, Any]) -> str:
    """One line, like sacrebleu's: what produced the report."""
    engine = signature["engine"]
    parts = [f"mtqa:{signature['mtqa']}", f"pair:{signature['languages']}", f"engine:{engine.get('engine')}"]
    for key in ("model", "revision", "compute_type", "beam_size", "pivot_sha256"):
        if engine.get(key) is not None:
            parts.append(f"{key}:{engine[key]}")
    backend = engine.get("backend")
    if backend and (engine.get("libraries") or {}).get(backend):
        parts.append(f"backend:{backend}-{engine['libraries'][backend]}")
    parts.append(f"chrF2++|{signature['metrics']['chrf']}")
    glossary = signature.get("glossary")
    if glossary:
        parts.append(f"glossary:{glossary.get('hash') if isinstance(glossary, dict) else glossary}")
    if signature.get("calibration"):
        parts.append(f"calibration:{signature['calibration']}")
    return "|".join(parts)


def _split(units: list[str], aligned: bool, lang: str) -> _Side:
    side = _Side()
    for number, unit in enumerate(units):
        pieces = [unit] if aligned else [span.text(unit) for span in split_sentences(unit, lang)]
        for piece in pieces:
            side.sentences.append(piece)
            side.units.append(number)
    return side


def _joined(pivots: list[str | None], indices) -> str | None:
    texts = [pivots[i] for i in indices if pivots[i]]
    return " ".join(dict.fromkeys(texts)) if texts else None


def _document(
    bitext: Bitext, source: _Side, target: _Side, pivots: list[str | None], settings: Settings, other_pivots=()
) -> Document:
    from qa.align.links import Link, align  # numpy: not needed when every document comes from the cache

    document = Document(
        id=bitext.id,
        source_path=bitext.source_path,
        target_path=bitext.target_path,
        source_lang=settings.source_lang,
        target_lang=settings.target_lang,
        encodings=dict(bitext.encodings),
        fuzzy=list(bitext.fuzzy),
        pivot_paths=list(bitext.pivot_paths),
    )
    if bitext.aligned:
        ids = bitext.ids or [str(n + 1) for n in range(len(bitext.sources))]
        links = [Link((n,) if bitext.sources[n] else (), (n,) if bitext.targets[n] else ()) for n in range(len(ids))]
        # a row with neither side (a Bitext built by hand: the loaders skip them) is no segment
        ids = [segment_id for segment_id, link in zip(ids, links, strict=True) if link.source or link.target]
        links = [link for link in links if link.source or link.target]
    else:
        ids = None
        links = align(
            source.sentences,
            target.sentences,
            pivots,
            source_paragraphs=source.units,
            target_paragraphs=target.units,
        )
    for number, link in enumerate(links):
        unit = source.units[link.source[0]] if link.source else target.units[link.target[0]]
        document.segments.append(
            Segment(
                id=ids[number] if ids else str(number + 1),
                source=" ".join(source.sentences[i] for i in link.source),
                target=" ".join(target.sentences[j] for j in link.target),
                pivot=_joined(pivots, link.source),
                other_pivots=[_joined(more, link.source) for more in other_pivots],
                paragraph=unit + 1,
                link=link.kind,
            )
        )
    return document


def _score_under_model(documents: list[Document], engine: Engine) -> None:
    pairs = [s for d in documents for s in d.segments if s.source and s.target]
    if not pairs:
        return
    scores = engine.score([s.source for s in pairs], [s.target for s in pairs])
    for segment, model_score in zip(pairs, scores, strict=True):
        segment.model = model_score


def build_glossary(settings: Settings) -> Any:
    """The glossaries named in the settings, with the built-in one unless switched off."""
    from qa.terms.glossary import load_glossaries

    return load_glossaries(settings.glossaries, builtin=settings.builtin_glossary)
