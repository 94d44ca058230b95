"""Findings kept in the cache: a re-check of an unchanged document runs no check and reports the same."""

from __future__ import annotations

import pytest

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
    real = qa.pipeline.apply_checks

    def apply_checks(document, checks, ctx):
        calls.append(document.id)
        return real(document, checks, ctx)

    monkeypatch.setattr(qa.pipeline, "apply_checks", apply_checks)
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
    from qa.engine.cache import CachedEngine, ResultCache

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
