"""``mtqa batch --executor ray``: a batch as Ray tasks and actors, streamed through the driver.

The documents go in chunks of :data:`DOCUMENTS_PER_TASK`, in discovery order, through four stages:

1. **load and segment** (a CPU task): read the files, look each document up in the document cache
   (a hit is finished), split the others into sentences;
2. **translate and score** (an engine actor, one model each, ``--engine-actors N``, a GPU each
   where the cluster has them): translate every sentence of the chunk in one engine call, link
   the sentences (the pivots anchor the links, and the scores need the links), score the segments
   under the model and against the pivot, and compute the word alignments the checks may read;
3. **check, combine and store** (a CPU task): the checks, the combined score, the document into
   the document cache, and the document's JSON report rendered;
4. **write and gate** (the driver): each document's report written, its findings folded into the
   summary and the gate (:class:`~qa.executor.stream.StreamedBatch`), then dropped.

At most :data:`CHUNKS_PER_ACTOR` chunks per actor are in flight, and the driver takes them back
in order, so its memory is bounded whatever the batch's size. The caches are the SQLite file of
``--cache`` (a path every worker sees): pivots and scores of a chunk are kept as soon as they are
made, documents as soon as they are checked, so a stopped run redoes only what was not finished.
Actors are restarted and their calls retried when a worker dies (tasks are retried by Ray), and
the driver folds each chunk once, when its result first arrives: a killed worker loses and
duplicates no document.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import json
import os
import uuid
from functools import lru_cache
from typing import Any

from qa.errors import ConfigError, QAError

#: documents per task: enough sentences for the engine's batches, few enough to stream
DOCUMENTS_PER_TASK = 8
#: chunks in flight per engine actor: one being translated, the others loading or checking
CHUNKS_PER_ACTOR = 3


@dataclasses.dataclass
class _Entry:
    """One document on its way through the stages."""

    index: int
    item: tuple
    bitext: Any = None
    sides: Any = None
    document: Any = None
    metrics: dict[str, str] | None = None
    cached: bool = False


def run_batch(items, settings, progress=None, report_dir=None):
    """Check ``items`` ((source, target, id) of discovered documents) on Ray; a
    :class:`~qa.executor.stream.StreamedBatch` with the gate decided, on the driver, once. Each
    document's JSON report goes to ``report_dir`` (default: the settings' ``report_dir``; none)."""
    from qa.checks.runner import select_checks
    from qa.engine import build_engine
    from qa.executor.stream import DocumentReports, StreamedBatch
    from qa.pipeline import build_glossary, further_engines, read_baseline, report_signature, require_served
    from qa.score.metrics import metric_signatures

    require_served(settings)
    baseline = read_baseline(settings)
    glossary = build_glossary(settings)  # a bad glossary is exit 2 here, before any cluster starts
    engine = build_engine(settings)  # no model is loaded: bad settings and a missing model told now
    further = further_engines(settings, engine)
    checks = select_checks(settings)
    del engine, further  # the signature is the actors' (a GPU actor runs another compute type than this machine would)
    inputs = [p for item in items for p in item[:2] if p is not None]
    report_dir = report_dir or settings.report_dir
    with _cluster(settings) as ray:
        stages = _stages(ray)
        gpus = _gpus_per_actor(ray, settings)
        # an actor holds its CPU as long as it lives: where that would leave the load and check
        # tasks none, the actors take no CPU of the scheduler's (they still use the cores)
        cpus = 1 if gpus == 0 and ray.cluster_resources().get("CPU", 0) > settings.engine_actors else 0
        run_id = uuid.uuid4().hex[:8]  # the actors are named (`ray list actors`): mtqa-engine-RUN-N
        actors = [
            stages.EngineActor.options(
                name=f"mtqa-engine-{run_id}-{n}", num_cpus=cpus, num_gpus=gpus, max_restarts=-1, max_task_retries=-1
            ).remote(settings)
            for n in range(settings.engine_actors)
        ]
        try:
            engine, further = _actor_engines(ray, actors)
            signature = report_signature(settings, engine, further, checks, glossary, metric_signatures())
            engine_signature = engine.signature()
            if further:
                engine_signature = {**engine_signature, "other_pivots": [e.signature() for e in further]}
            reports = DocumentReports(report_dir, signature, inputs) if report_dir else None
            batch = StreamedBatch(signature, settings, baseline, reports)
            _stream(ray, stages, actors, items, settings, engine_signature, batch, progress)
        finally:
            for actor in actors:
                ray.kill(actor)
    return batch.finish()


def _stream(ray, stages, actors, items, settings, engine_signature, batch, progress) -> None:
    render = batch.reports is not None
    window: collections.deque = collections.deque()
    done = 0

    def fold_oldest():
        nonlocal done
        for slim_document, text, cached in _result(ray, window.popleft()):
            batch.add(slim_document, text, cached=cached)
            done += 1
        if progress:
            progress("check", done, len(items))

    for number, start in enumerate(range(0, len(items), DOCUMENTS_PER_TASK)):
        chunk = [(index, items[index]) for index in range(start, min(start + DOCUMENTS_PER_TASK, len(items)))]
        loaded = stages.load_chunk.remote(chunk, settings, engine_signature)
        prepared = actors[number % len(actors)].prepare.remote(loaded)
        window.append(stages.check_chunk.remote(prepared, settings, engine_signature, batch.signature if render else None))
        if len(window) >= CHUNKS_PER_ACTOR * len(actors):
            fold_oldest()
    while window:
        fold_oldest()


def _actor_engines(ray, actors):
    """The engines' signatures as the actors built them (the same for all, or a ConfigError)."""
    signatures = [_result(ray, actor.signatures.remote()) for actor in actors]
    if any(s != signatures[0] for s in signatures[1:]):
        raise ConfigError(f"the engine actors run different engines ({signatures[0]} and {next(s for s in signatures if s != signatures[0])}); give every node the same model and device")
    first, *others = signatures[0]
    return _Signed(first), [_Signed(s) for s in others]


def _result(ray, ref):
    """A stage's result; what a task raised as itself (a QAError: bad input, exit 2; a check that
    failed: CheckFailure, exit 3), not wrapped in Ray's error and its remote traceback."""
    try:
        return ray.get(ref)
    except ray.exceptions.RayTaskError as exc:
        cause = getattr(exc, "cause", None)
        if isinstance(cause, Exception):
            raise cause from None
        raise


@contextlib.contextmanager
def _cluster(settings):
    """Ray, joined (``--ray-address``) or started on this machine; left as it was found."""
    try:
        import ray
    except ImportError:
        raise ConfigError("--executor ray needs Ray: pip install 'mtqa[ray]'") from None
    if settings.ray_address:
        _reachable(settings.ray_address)
    started = False
    if not ray.is_initialized():
        try:
            if settings.ray_address:
                ray.init(address=settings.ray_address, log_to_driver=False)
            else:
                ray.init(include_dashboard=False, log_to_driver=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = settings.ray_address or "this machine"
            raise ConfigError(f"cannot start or join a Ray cluster on {where}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
        started = True
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def _reachable(address: str, timeout_s: float = 10.0) -> None:
    """A ConfigError (exit 2) now for a HOST:PORT or ray://HOST:PORT nothing answers at: Ray itself
    would keep retrying for minutes. ``auto`` and the like are left to Ray."""
    import socket

    where = address.split("://", 1)[-1]
    host, sep, port = where.rpartition(":")
    if not sep or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s).close()
    except OSError as exc:
        raise ConfigError(f"--ray-address {address}: nothing answers there ({exc.strerror or exc}); is the cluster up?") from None


def _gpus_per_actor(ray, settings) -> float:
    """A GPU for each engine actor when the device is cuda, or auto on a cluster that has GPUs."""
    if settings.device == "cpu" or settings.engine in ("file", "none"):
        return 0
    if settings.device == "cuda" or ray.cluster_resources().get("GPU", 0) >= 1:
        return 1
    return 0


@lru_cache(maxsize=1)
def _stages(ray):
    """The stages as Ray remote functions and the engine actor class (made once Ray is imported)."""
    return _Stages(
        load_chunk=ray.remote(num_cpus=1)(_load_chunk),
        check_chunk=ray.remote(num_cpus=1)(_check_chunk),
        EngineActor=ray.remote(EngineActor),
    )


@dataclasses.dataclass(frozen=True)
class _Stages:
    load_chunk: Any
    check_chunk: Any
    EngineActor: Any


# --- what runs on the workers -------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _worker_state(settings, engine_signature):
    """The glossary, checks, check context and document cache of this run, built once per worker
    process (workers serve many tasks)."""
    key = json.dumps([dataclasses.asdict(settings), engine_signature], sort_keys=True, default=str)
    if _WORKER.get("key") != key:
        from qa.checks.runner import select_checks
        from qa.pipeline import build_glossary, check_context, document_cache

        glossary = build_glossary(settings)
        checks = select_checks(settings)
        _WORKER.clear()
        _WORKER.update(
            key=key,
            checks=checks,
            context=check_context(settings, glossary),
            cache=document_cache(settings, _Signed(engine_signature), checks, glossary),
        )
    return _WORKER


class _Signed:
    """An engine's signature where the document cache asks for the engine (workers have none)."""

    def __init__(self, signature):
        self._signature = signature

    def signature(self):
        return self._signature


def _load_chunk(chunk, settings, engine_signature) -> list[_Entry]:
    """Stage 1: load each document, take it from the document cache or split it into sentences."""
    from qa.pipeline import _load, segment_bitexts

    state = _worker_state(settings, engine_signature)
    entries = []
    for index, item in chunk:
        entry = _Entry(index=index, item=item, bitext=_load(item, settings))
        hit = state["cache"].get(entry.bitext) if state["cache"] is not None else None
        if hit is not None:
            entry.document, entry.metrics = hit
            entry.cached = True
        else:
            (entry.sides,) = segment_bitexts([entry.bitext], settings)
        entries.append(entry)
    return entries


class EngineActor:
    """Stage 2: one engine (one model in memory) translating and scoring chunk after chunk."""

    def __init__(self, settings):
        from qa.engine import build_engine
        from qa.pipeline import further_engines

        self.settings = settings
        self.error: QAError | None = None
        try:
            self.engine = build_engine(settings)
            self.further = further_engines(settings, self.engine)
        except QAError as exc:  # a model this node lacks: told by the first call (exit 2), not a dead actor
            self.error = exc

    def signatures(self) -> list[dict[str, Any]]:
        """The engine's signature, then each further pivot's."""
        if self.error is not None:
            raise self.error
        return [self.engine.signature(), *(e.signature() for e in self.further)]

    def pid(self) -> int:
        return os.getpid()

    def prepare(self, entries: list[_Entry]) -> list[_Entry]:
        from qa.pipeline import prepare_documents
        from qa.records import resolve_alignments
        from qa.score.metrics import metric_signatures

        fresh = [e for e in entries if not e.cached]
        if fresh:
            documents = prepare_documents([e.bitext for e in fresh], [e.sides for e in fresh], self.settings, self.engine, self.further)
            # the checks run elsewhere, where no engine is: the alignments they may read, computed here
            resolve_alignments(s.model.alignment for d in documents for s in d.segments if s.model is not None)
            metrics = metric_signatures()
            for entry, document in zip(fresh, documents, strict=True):
                entry.document, entry.metrics, entry.sides = document, metrics, None
        return entries


def _check_chunk(entries: list[_Entry], settings, engine_signature, signature):
    """Stage 3: check, combine and store each new document; (slim document, its report or None,
    whether it came from the cache) for each, in order."""
    from qa.executor.stream import document_report, slim
    from qa.pipeline import finish_documents

    state = _worker_state(settings, engine_signature)
    fresh = [e for e in entries if not e.cached]
    if fresh:
        finish_documents([e.document for e in fresh], state["checks"], state["context"])
        if state["cache"] is not None:
            for entry in fresh:
                state["cache"].put(entry.bitext, entry.document, entry.metrics)
    return [
        (slim(e.document), document_report(signature, e.document) if signature is not None else None, e.cached)
        for e in entries
    ]
