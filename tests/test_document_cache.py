"""Finished documents kept in the cache: a re-check of an unchanged document runs nothing and reports the same."""

from __future__ import annotations

import pytest

import qa.cache.documents
import qa.checks.runner
import qa.pipeline
from qa.engine.none import NoEngine
from qa.pipeline import check_bitexts
from qa.records import Bitext
from qa.settings import Settings

SOURCE = ["Работа по «раздражителям» идёт. Встреча прошла 27 февраля.", "Это обычная практика."]
TARGET = ["Work on irritants is under way. The meeting took place on February 28.", "Это обычная практика."]


def _bitext(target=TARGET):
    return Bitext(id="d", source_path=None, target_path=None, sources=SOURCE, targets=list(target))


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = qa.checks.runner.apply_checks

    def apply_checks(document, checks, ctx):
        calls.append(document.id)
        return real(document, checks, ctx)

    monkeypatch.setattr(qa.checks.runner, "apply_checks", apply_checks)
    return calls


# (change between the two runs, whether the second run may reuse the findings)
CHANGES = [
    ("nothing", True),
    ("target", False),
    ("settings", False),
    ("no cache", False),
]


@pytest.mark.parametrize("change,reused", CHANGES)
def test_findings_are_reused_only_when_nothing_changed(tmp_path, counted, change, reused):
    settings = Settings(engine="none", cache=str(tmp_path / "cache.sqlite3"))
    first = check_bitexts([_bitext()], settings, engine=NoEngine())
    assert {f.check for f in first.findings} >= {"numbers", "untranslated"}
    target, again = TARGET, settings
    if change == "target":
        target = [TARGET[0].replace("28", "27"), TARGET[1]]
    elif change == "settings":
        again = settings.replace(low_agreement_chrf=50.0)
    elif change == "no cache":
        again = settings.replace(use_cache=False)
    second = check_bitexts([_bitext(target)], again, engine=NoEngine())
    assert len(counted) == (1 if reused else 2)
    if reused:
        assert second.to_dict()["documents"] == first.to_dict()["documents"]
        for segment in second.documents[0].segments:
            assert all(f.segment == segment.id for f in segment.findings)


def test_a_cached_engine_shares_its_connection_with_the_findings(tmp_path, counted, monkeypatch):
    from qa.cache.results import CachedEngine, ResultCache

    opened = []
    real_open = ResultCache._open

    def counting_open(self):
        opened.append(self.path)
        return real_open(self)

    monkeypatch.setattr(ResultCache, "_open", counting_open)
    settings = Settings(engine="none", cache=str(tmp_path / "cache.sqlite3"))
    engine = CachedEngine(NoEngine(), settings.cache_path)
    check_bitexts([_bitext()], settings, engine=engine)
    check_bitexts([_bitext()], settings, engine=engine)
    assert len(counted) == 1  # the second run's findings came from the cache
    assert opened == [settings.cache_path]  # through one connection


class _CountingEngine:
    """Pivots by a fixed rule (the target with one word changed), counting its calls."""

    name = "counting"
    unit = "sentence"

    def __init__(self):
        self.calls = 0

    def signature(self):
        return {"engine": self.name}

    def translate(self, sources):
        self.calls += 1
        return [f"Pivot for: {s}" for s in sources]

    def score(self, sources, targets):
        self.calls += 1
        return [None] * len(sources)


def test_a_hit_runs_neither_the_engine_nor_the_checks(tmp_path, counted):
    settings = Settings(cache=str(tmp_path / "cache.sqlite3"))
    engine = _CountingEngine()
    first = check_bitexts([_bitext()], settings, engine=engine)
    assert engine.calls == 2 and len(counted) == 1
    second = check_bitexts([_bitext()], settings, engine=engine)
    assert engine.calls == 2 and len(counted) == 1
    assert second.to_dict() == first.to_dict()
    assert "mtqa" in second.documents[0].scores  # the combined score came back too


def test_only_the_changed_document_is_recomputed(tmp_path, counted):
    settings = Settings(cache=str(tmp_path / "cache.sqlite3"))
    engine = _CountingEngine()
    other = Bitext(id="e", source_path=None, target_path=None, sources=["Это обычная практика."], targets=["This is common practice."])
    check_bitexts([_bitext(), other], settings, engine=engine)
    changed = Bitext(id="e", source_path=None, target_path=None, sources=other.sources, targets=["This is usual practice."])
    report = check_bitexts([_bitext(), changed], settings, engine=engine)
    assert counted == ["d", "e", "e"]
    assert [d.id for d in report.documents] == ["d", "e"]  # in the order given
    assert report.documents[1].segments[0].target == "This is usual practice."


@pytest.mark.parametrize("change", ["engine", "path", "encoding", "library"])
def test_what_the_report_shows_is_part_of_the_key(tmp_path, counted, change, monkeypatch):
    settings = Settings(cache=str(tmp_path / "cache.sqlite3"))
    check_bitexts([_bitext()], settings, engine=_CountingEngine())
    bitext, engine = _bitext(), _CountingEngine()
    if change == "engine":
        engine.signature = lambda: {"engine": "counting", "model": "another"}
    elif change == "library":  # an upgraded NER or morphology may find other things
        real = qa.cache.documents.library_versions
        monkeypatch.setattr(qa.cache.documents, "library_versions", lambda names: {**real(names), "natasha": "9.9"})
    elif change == "path":
        bitext.target_path = "elsewhere.en.txt"
    else:
        bitext.encodings = {"target": "cp1251"}
    check_bitexts([bitext], settings, engine=engine)
    assert len(counted) == 2


def test_a_stored_document_is_the_document_in_full(tiny_engine, tmp_path):
    """Model scores (every token, the alignment), pivots and findings survive the cache exactly."""
    from qa.cache.documents import dump_document
    from qa.cache.results import CachedEngine
    from qa.report import RENDERERS

    settings = Settings(cache=str(tmp_path / "cache.sqlite3"))
    engine = CachedEngine(tiny_engine, settings.cache_path)
    first = check_bitexts([_bitext()], settings, engine=engine)
    second = check_bitexts([_bitext()], settings, engine=engine)
    assert first.documents[0].segments[0].model is not None
    assert dump_document(second.documents[0]) == dump_document(first.documents[0])
    for name in ("json", "sarif", "markdown"):
        assert RENDERERS[name](second) == RENDERERS[name](first)


def test_batch_jobs_give_the_combined_score_with_the_findings(tmp_path):
    """With --jobs the checks run in other processes; the combined score (findings are among its
    features) is set after them, as in one process."""
    from qa.cache.documents import dump_document
    from qa.pipeline import run

    bitexts = [_bitext(), Bitext(id="e", source_path=None, target_path=None, sources=SOURCE, targets=TARGET)]
    one = run(bitexts, Settings(use_cache=False, jobs=1), engine=_CountingEngine())
    two = run(bitexts, Settings(use_cache=False, jobs=2), engine=_CountingEngine())
    assert any(f.severity.value == "major" for f in one.findings)
    assert [dump_document(d) for d in two.documents] == [dump_document(d) for d in one.documents]


HEAVY = ("torch", "transformers", "ctranslate2", "sentencepiece", "numpy", "sacrebleu", "pymorphy3", "natasha", "razdel")
RECHECK = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr))
from qa.cli import main
sys.argv = ["mtqa", "check", {source!r}, {target!r}, "--model", {model!r}, "--cache", {cache!r}, "--quiet"]
main()
"""


def test_a_cached_recheck_loads_no_model_library_and_no_aligner(tiny_model, tmp_path):
    """What a re-check of an unchanged article imports: no model, alignment, metric or morphology library."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    corpus = repo / "corpora" / "izvestia-ru-us-2025"
    script = RECHECK.format(
        heavy=HEAVY,
        source=str(corpus / "source.ru.txt"),
        target=str(corpus / "target.en.txt"),
        model=str(tiny_model),
        cache=str(tmp_path / "cache.sqlite3"),
    )
    env = dict(os.environ, PYTHONPATH=str(repo))
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300) for _ in range(2)]
    for run in runs:
        assert run.returncode in (0, 1), run.stderr[-500:]
    first, second = (json.loads(run.stderr.strip().splitlines()[-1]) for run in runs)
    assert {"ctranslate2", "numpy", "sacrebleu", "pymorphy3"} <= set(first)  # the first run did the work
    assert second == []
    assert runs[1].stdout == runs[0].stdout


def test_gate_settings_do_not_recompute_a_document(tmp_path, counted):
    from qa.records import Severity

    settings = Settings(engine="none", cache=str(tmp_path / "cache.sqlite3"))
    first = check_bitexts([_bitext()], settings, engine=NoEngine())
    gated = settings.replace(fail_on=Severity.MINOR, min_chrf_segment=30.0, max_findings={"numbers": 0}, baseline="b.json")
    second = check_bitexts([_bitext()], gated, engine=NoEngine())
    assert len(counted) == 1
    assert second.to_dict()["documents"] == first.to_dict()["documents"]
