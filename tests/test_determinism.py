"""Same answer every time: a segment's pivot and scores do not depend on chunking, batch
composition or a terminal; the cache keeps each chunk in every mode; damaged cache rows are
recomputed.

The tiny MarianMT decodes in bfloat16 here: its arithmetic changes in the last bits with padding
and decoding steps, so a pivot that depended on its batch neighbours would show it (before engine
batches held one padded width, 6 of 256 pivots and 24 of 256 scores differed between one call and
chunks of 64).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import qa
from qa.cache.results import CachedEngine
from qa.records import Bitext
from qa.report import RENDERERS

SEED = Path("corpora/izvestia-ru-us-2025")


def _documents() -> list[Bitext]:
    """Two documents of the seed article: sentences of many lengths, split across documents."""
    sources = SEED.joinpath("source.ru.txt").read_text(encoding="utf-8").splitlines()
    targets = SEED.joinpath("target.en.txt").read_text(encoding="utf-8").splitlines()
    return [
        Bitext(id="a", source_path=None, target_path=None, sources=[sources[2], sources[16]], targets=[targets[2], targets[16]]),
        Bitext(id="b", source_path=None, target_path=None, sources=sources[5:6], targets=targets[5:6]),
    ]


@pytest.mark.parametrize("chunks", [(1, 1000)])
def test_json_reports_are_byte_identical_whatever_the_chunk_size(tiny_model, chunks):
    reports = []
    for chunk in chunks:
        settings = qa.Settings(
            engine="transformers",
            model=str(tiny_model),
            device="cpu",
            compute_type="bfloat16",
            use_cache=False,
            chunk_size=chunk,
            builtin_glossary=False,
        )
        reports.append(RENDERERS["json"](qa.run(_documents(), settings)).encode("utf-8"))
    assert b'"pivot": "' in reports[0]
    assert reports[0] == reports[1]


def _article() -> list[Bitext]:
    """The whole seed article as two documents: many sentence lengths, so CTranslate2's batches mix them."""
    sources = SEED.joinpath("source.ru.txt").read_text(encoding="utf-8").splitlines()
    targets = SEED.joinpath("target.en.txt").read_text(encoding="utf-8").splitlines()
    return [
        Bitext(id="a", source_path=None, target_path=None, sources=sources[:15], targets=targets[:15]),
        Bitext(id="b", source_path=None, target_path=None, sources=sources[15:], targets=targets[15:]),
    ]


@pytest.mark.parametrize("compute_type", ["int8", "float32"])
def test_ctranslate2_reports_are_byte_identical_whatever_the_chunk_size(tiny_model, tmp_path, monkeypatch, compute_type):
    """The default engine (CTranslate2, which pads a batch to its longest member itself): scores
    batched by exact length. Batched by width, 8 of 71 segments' log-probabilities differed in the
    last digits between chunks of 1 and one call."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the conversion goes there
    reports = []
    for chunk in (1, 3, 1000):
        settings = qa.Settings(
            engine="auto", model=str(tiny_model), device="cpu", compute_type=compute_type, use_cache=False,
            chunk_size=chunk, builtin_glossary=False,
        )
        reports.append(RENDERERS["json"](qa.run(_article(), settings)).encode("utf-8"))
    assert b'"engine": "ct2"' in reports[0] and b'"logprob": -' in reports[0]
    assert reports[1] == reports[0] and reports[2] == reports[0]


class StoppingEngine:
    """Pivots are upper-cased sources; the process 'dies' (KeyboardInterrupt) at call ``die_at``."""

    name = "transformers"
    unit = "sentence"
    cacheable = True

    def __init__(self, die_at: int = 0):
        self.calls: list[list[str]] = []
        self.die_at = die_at

    def signature(self):
        return {"engine": self.name, "model": "stopping"}

    def translate(self, sources):
        if len(self.calls) + 1 == self.die_at:
            raise KeyboardInterrupt
        self.calls.append(list(sources))
        return [s.upper() for s in sources]

    def score(self, sources, targets):
        return [None] * len(sources)


def test_an_interrupted_run_without_a_terminal_keeps_every_finished_chunk(tmp_path):
    cache = tmp_path / "cache.sqlite3"
    bitext = Bitext(id="d", source_path=None, target_path=None, sources=[f"Предложение номер {n}." for n in range(10)], targets=[f"Sentence {n}." for n in range(10)], aligned=True)
    settings = qa.Settings(engine="none", cache=str(cache), chunk_size=3, builtin_glossary=False)
    first = StoppingEngine(die_at=3)  # chunks 1 and 2 done, killed during the third; no progress callback
    with pytest.raises(KeyboardInterrupt):
        qa.run([bitext], settings, engine=CachedEngine(first, cache))
    with sqlite3.connect(cache) as conn:
        (kept,) = conn.execute("SELECT COUNT(*) FROM pivots").fetchone()
    conn.close()
    assert kept == 6
    second = StoppingEngine()
    report = qa.run([bitext], settings, engine=CachedEngine(second, cache))
    assert [s for call in second.calls for s in call] == bitext.sources[6:]  # resumed, not redone
    assert [s.pivot for s in report.documents[0].segments] == [s.upper() for s in bitext.sources]


def test_damaged_document_rows_are_recomputed(tmp_path):
    cache = tmp_path / "cache.sqlite3"
    bitext = Bitext(id="d", source_path=None, target_path=None, sources=["Привет."], targets=["Hello."], aligned=True)
    settings = qa.Settings(engine="none", cache=str(cache), builtin_glossary=False)
    expected = RENDERERS["json"](qa.run([bitext], settings))
    for damage in ("{not json", '{"document": {"segments": 5}, "metrics": {}}', '{"document": []}'):
        with sqlite3.connect(cache) as conn:
            conn.execute("UPDATE documents SET document = ?", (damage,))
        conn.close()
        assert RENDERERS["json"](qa.run([bitext], settings)) == expected
