"""A batch: many documents checked in one run, with one model load, and the gate decided over all of them.

``run_batch`` loads every document, hands all of them to
:func:`qa.pipeline.check_bitexts` (which sends every document's sentences to
the engine together), and, with ``settings.jobs > 1``, runs the CPU-bound
checks in worker processes. Progress is reported through a callback (the CLI
draws it on stderr). The engine is called in chunks, so the cache keeps what
was translated when a run is interrupted, and the next run resumes from there.

``decide_gate`` applies the baseline and the thresholds and records in
``report.gate`` what the renderers need to tell gating findings from the others.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from qa.checks.runner import check_in_processes
from qa.gate.baseline import Baseline, Match
from qa.gate.thresholds import GateResult, evaluate
from qa.load import load
from qa.load.discover import Item
from qa.load.localization import load_tmx
from qa.load.text import load_text_pair
from qa.records import Bitext, Report
from qa.settings import Settings

Progress = Callable[[str, int, int], None]  # (stage, done, total)
CHUNK = 128  # sentences per engine call: small enough for the cache to keep progress, large enough to batch


def load_items(items: list[Item], settings: Settings, progress: Progress | None = None) -> list[Bitext]:
    bitexts = []
    for number, item in enumerate(items, start=1):
        bitexts.append(load_item(item, settings))
        if progress:
            progress("load", number, len(items))
    return bitexts


def load_item(item: Item, settings: Settings) -> Bitext:
    if item.target is not None:
        bitext = load_text_pair(item.source, item.target, doc_id=item.id)
    elif item.source.suffix.lower() == ".tmx":
        bitext = load_tmx(item.source, settings.source_lang, settings.target_lang)
    else:
        bitext = load(item.source)
    if item.id:
        bitext.id = item.id
    return bitext


def run_batch(
    bitexts: list[Bitext],
    settings: Settings,
    *,
    engine: Any = None,
    glossary: Any = None,
    progress: Progress | None = None,
) -> Report:
    """Check every bitext in one report: one engine for all, checks in ``settings.jobs`` processes."""
    from qa.engine import build_engine
    from qa.pipeline import check_bitexts

    engine = engine or build_engine(settings)
    if progress:
        engine = ProgressEngine(engine, progress)
    run_checks = None
    if settings.jobs > 1 and len(bitexts) > 1:

        def run_checks(documents, checks, context):
            check_in_processes(documents, checks, context, settings.jobs, progress)

    report = check_bitexts(bitexts, settings, engine=engine, glossary=glossary, run_checks=run_checks)
    if progress:
        progress("check", len(bitexts), len(bitexts))
    return report


class ProgressEngine:
    """Wraps an engine: calls it in chunks and reports how many sentences are done."""

    def __init__(self, engine: Any, progress: Progress, chunk: int = CHUNK):
        self._engine = engine
        self._progress = progress
        self._chunk = chunk

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def signature(self) -> dict[str, Any]:
        return self._engine.signature()

    def translate(self, sources: list[str]) -> list[str | None]:
        return self._chunked("translate", lambda part: self._engine.translate(part), sources)

    def score(self, sources: list[str], targets: list[str]) -> list[Any]:
        pairs = list(zip(sources, targets, strict=True))
        return self._chunked("score", lambda part: self._engine.score([s for s, _ in part], [t for _, t in part]), pairs)

    def _chunked(self, stage: str, call, items: list) -> list:
        out: list = []
        self._progress(stage, 0, len(items))
        if getattr(self._engine, "unit", "sentence") != "sentence":  # e.g. pivots from a file: all at once
            out = list(call(items))
            self._progress(stage, len(out), len(items))
            return out
        for start in range(0, len(items), self._chunk):
            out += call(items[start : start + self._chunk])
            self._progress(stage, len(out), len(items))
        return out


def decide_gate(report: Report, settings: Settings, baseline: Baseline | None = None, baseline_path: str | Path | None = None) -> tuple[GateResult, Match | None]:
    """The gate over the report, with the baseline's findings accepted; recorded in ``report.gate``."""
    match = baseline.match(report) if baseline is not None else None
    result = evaluate(report, settings, is_accepted=match.is_accepted if match else None)
    report.gate["fail_on"] = settings.fail_on.value
    if match is not None:
        report.gate["baseline"] = {"path": str(baseline_path) if baseline_path else None, **match.to_dict()}
        if report.gate["baseline"]["path"] is None:
            del report.gate["baseline"]["path"]
    return result, match


__all__ = ["ProgressEngine", "decide_gate", "load_item", "load_items", "run_batch"]
