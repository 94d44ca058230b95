"""The check runner: which checks run, on what, and what their findings are called.

``select_checks`` turns the settings into the run's checks; ``unserved_checks`` says which of
them the language pair cannot serve (they are reported, never run); ``apply_checks`` runs the
rest over a document and owns each finding's identity (check id, default severity, a segment
check's segment) and each failure: a check that raises (its own bug, or a library's on odd text)
is contained here, never a crash of the run. Its segment (or document) gets an info finding of
that check whose note is :data:`NOT_CHECKED` and whose message names the error, and the other
checks go on; the CLI warns about such findings. ``check_in_processes`` spreads documents over
worker processes for ``mtqa batch --jobs``, and ``layout`` says how ``--jobs`` lays out a run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from qa.checks import CHECKS
from qa.checks.base import Check, CheckContext
from qa.errors import CheckFailure, ConfigError
from qa.records import Document, Finding, Severity

Progress = Callable[[str, int, int], None]  # (stage, done, total)

NOT_CHECKED = "not checked: the check raised"
"""The note of the finding that stands for a check that raised on a segment or a document."""


def select_checks(settings: Any) -> dict[str, Check]:
    """The checks the settings ask for (all but the disabled ones, by default), in registry order."""
    unknown = [c for c in [*settings.checks, *settings.disable] if c not in CHECKS]
    if unknown:
        raise ConfigError(f"unknown check {unknown[0]!r}; `mtqa checks` lists them")
    chosen = settings.checks or list(CHECKS)
    return {cid: CHECKS[cid] for cid in chosen if cid not in settings.disable}


def unserved_checks(checks: dict[str, Check], source_lang: str, target_lang: str) -> dict[str, str]:
    """Check id -> why it cannot serve the pair, for the checks that cannot."""
    out = {}
    for cid, check in checks.items():
        reason = check.unserved(source_lang, target_lang)
        if reason:
            out[cid] = reason
    return out


def apply_checks(document: Document, checks: dict[str, Check], ctx: CheckContext) -> None:
    """Run segment checks on every segment, then document checks; findings go to both levels.

    Checks the pair cannot serve are not run (the pipeline reports them)."""
    by_id = {s.id: s for s in document.segments}
    ctx.document = document
    for check in checks.values():
        if check.unserved(ctx.source_lang, ctx.target_lang):
            continue
        if check.scope == "segment":
            for segment in document.segments:
                where = f"segment {segment.id} of {document.id}"
                segment.findings.extend(_contained(check, segment, ctx, where, segment.id))
        else:
            for finding in _contained(check, document, ctx, f"document {document.id}", None):
                if finding.segment in by_id:
                    by_id[finding.segment].findings.append(finding)
                else:
                    document.findings.append(finding)
    order = {s.id: n for n, s in enumerate(document.segments)}
    segment_findings = [f for s in document.segments for f in s.findings]
    document.findings = sorted(
        [*document.findings, *segment_findings],
        key=lambda f: (order.get(f.segment, -1), -f.severity.rank, f.check),
    )


def _contained(check: Check, item: Any, ctx: CheckContext, where: str, segment: str | None) -> list[Finding]:
    """The check's findings on ``item``; if it raises, one info finding saying so instead."""
    try:
        return check(item, ctx, where)
    except CheckFailure as failure:
        return [
            Finding(
                check=check.id,
                severity=Severity.INFO,
                segment=segment,
                message=f"{failure} (this {check.scope} was not checked by {check.id}; please report it)",
                note=NOT_CHECKED,
            )
        ]


def unchecked_warnings(findings) -> list[str]:
    """One line for each check that raised (see :func:`_contained`), with how often."""
    counts: dict[str, int] = {}
    for finding in findings:
        if finding.note == NOT_CHECKED:
            counts[finding.check] = counts.get(finding.check, 0) + 1
    return [
        f"check {check_id} raised on {count} segment(s) or document(s), left unchecked by it (info findings in the report)"
        for check_id, count in counts.items()
    ]


# --jobs auto (benchmarks/speed.py --pipeline): check processes pay off only for engines without
# threads of their own (file, none), enough documents to amortise starting them and idle cores; a
# model engine keeps the cores busy with its own threads
PROCESS_MIN_DOCUMENTS = 50


def layout(jobs: int | str, engine: Any, documents: int) -> int:
    """The check processes for ``--jobs``: a number is that many processes (1: all in sequence, as
    before); ``auto`` decides from the cores and the engine."""
    if jobs != "auto":
        return int(jobs) if documents > 1 else 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if getattr(engine, "unit", "sentence") == "sentence" and getattr(engine, "name", "none") != "none":
        # a model: in sequence. Overlapping its threads with the checks ran at 0.52 x the sequence
        # on 40 WMT21 documents here (benchmarks/results/speed-pipeline.txt; the engine thread's
        # Python work and CTranslate2's callbacks waited for the checks' GIL), and was removed
        return 1
    idle = _idle_cores(cores)
    return idle if idle > 1 and documents >= PROCESS_MIN_DOCUMENTS else 1


def _idle_cores(cores: int) -> int:
    """The cores other processes leave idle (the last minute's load average): on a shared machine
    more check processes than idle cores only wait for each other (benchmarks/speed.py --pipeline:
    two processes ran at 0.75 × one at load average 18 on 2 cores)."""
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        busy = 0.0
    return max(1, min(cores, round(cores - busy)))


def check_here(documents: list[Document], checks: dict[str, Check], ctx: CheckContext, progress: Progress | None = None) -> None:
    """Check the documents in this process, one after the other (``progress`` told after each)."""
    if progress:
        progress("check", 0, len(documents))
    for number, document in enumerate(documents, start=1):
        apply_checks(document, checks, ctx)
        if progress:
            progress("check", number, len(documents))


def check_in_processes(documents: list[Document], checks: dict[str, Check], ctx: CheckContext, jobs: int, progress: Progress | None = None) -> None:
    """Check the documents in ``jobs`` worker processes (here, with fewer than two of either); each
    comes back with its findings, and ``progress`` is told."""
    if len(documents) < 2 or jobs < 2:
        check_here(documents, checks, ctx, progress)
        return
    from qa.records import resolve_alignments

    # the workers have no engine: deferred alignments are computed here first, in batches
    resolve_alignments(s.model.alignment for d in documents for s in d.segments if s.model is not None)
    # spawn: the parent may hold torch and its threads, which fork does not copy safely
    context = get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(documents)), mp_context=context, initializer=_worker_init, initargs=(list(checks), ctx)) as pool:
        futures = [pool.submit(_worker_check, document) for document in documents]
        for number, future in enumerate(futures, start=1):
            checked = future.result()
            documents[number - 1].segments = checked.segments
            documents[number - 1].findings = checked.findings
            if progress:
                progress("check", number, len(documents))


_WORKER: dict[str, Any] = {}


def _worker_init(check_ids: list[str], ctx: CheckContext) -> None:
    _WORKER["checks"] = {cid: CHECKS[cid] for cid in check_ids}
    _WORKER["context"] = ctx


def _worker_check(document: Document) -> Document:
    apply_checks(document, _WORKER["checks"], _WORKER["context"])
    return document
