"""The default engine: CTranslate2, converting a MarianMT once into the user cache directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa.engine import build_engine
from qa.engine.auto import conversion_path
from qa.engine.ct2 import CT2Engine, convert
from qa.engine.locate import locate
from qa.errors import ConfigError
from qa.settings import Settings

SENTENCES = [
    "Контакты носят регулярный характер, но их темп снизился, подчеркнул дипломат.",
    "Два раунда консультаций прошли более полугода назад.",
    "Рябков",
]
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """A fresh user cache directory: no conversion exists yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "mtqa" / "ct2"


def test_the_default_engine_is_auto():
    assert Settings().engine == "auto"


def test_a_marian_model_is_converted_once_and_reused(tiny_model, own_cache, tmp_path, capfd):
    settings = Settings(model=str(tiny_model), device="cpu", use_cache=False)
    engine = build_engine(settings)
    assert isinstance(engine, CT2Engine)
    signature = engine.signature()
    assert signature["model"] == str(tiny_model)
    assert signature["backend"] == "ctranslate2" and signature["compute_type"] == "int8"
    assert signature["revision"] == locate(str(tiny_model)).pin + "+ct2-int8"
    assert not own_cache.exists()  # nothing converted before the model is needed

    pivots = engine.translate(SENTENCES)
    target = conversion_path(locate(str(tiny_model)), "int8")
    assert target.parent == own_cache and (target / "model.bin").is_file()
    assert "converting" in capfd.readouterr().err
    # the same pivots as an int8 conversion made by hand and run by --engine ct2
    by_hand = convert(tiny_model, tmp_path / "by-hand", quantization="int8")
    assert CT2Engine(locate(str(by_hand)), device="cpu").translate(SENTENCES) == pivots

    stamp = (target / "model.bin").stat().st_mtime_ns
    again = build_engine(settings)
    assert again.translate(SENTENCES) == pivots
    assert (target / "model.bin").stat().st_mtime_ns == stamp
    assert "converting" not in capfd.readouterr().err
    assert [p.name for p in own_cache.iterdir()] == [target.name]  # no work directories left


def test_a_conversion_is_used_as_it_is(tiny_model, own_cache, tmp_path):
    converted = convert(tiny_model, tmp_path / "ct2", quantization="float32")
    engine = build_engine(Settings(model=str(converted), device="cpu", use_cache=False))
    assert isinstance(engine, CT2Engine) and engine.convert_from is None
    assert engine.signature()["revision"] == locate(str(converted)).pin
    engine.translate(SENTENCES[:1])
    assert not own_cache.exists()


def test_without_ctranslate2_the_marian_model_runs_in_transformers(tiny_model, own_cache, monkeypatch):
    import importlib.util

    from qa.engine.transformers import TransformersEngine

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ctranslate2" else find_spec(name, *a))
    engine = build_engine(Settings(model=str(tiny_model), device="cpu", use_cache=False))
    assert isinstance(engine, TransformersEngine)


def test_two_processes_converting_at_once_end_with_one_conversion(tiny_model, own_cache):
    code = (
        "import sys; from qa.engine import build_engine; from qa.settings import Settings;"
        f"e = build_engine(Settings(model={str(tiny_model)!r}, device='cpu', use_cache=False));"
        "print(e.translate(['Два раунда консультаций прошли.'])[0])"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-500:] for _, err in outs]
    assert outs[0][0] == outs[1][0] and outs[0][0].strip()
    entries = list(own_cache.iterdir())
    assert len(entries) == 1 and (entries[0] / "model.bin").is_file()


def test_a_compute_type_is_converted_as_such(tiny_model, tiny_engine, own_cache):
    engine = build_engine(Settings(model=str(tiny_model), device="cpu", compute_type="float32", use_cache=False))
    assert engine.signature()["revision"].endswith("+ct2-float32")
    assert engine.translate(SENTENCES) == tiny_engine.translate(SENTENCES)  # float32 weights: the same pivots
    assert (conversion_path(locate(str(tiny_model)), "float32") / "model.bin").is_file()


def test_an_unknown_compute_type_is_a_config_error(tiny_model, own_cache):
    from qa.errors import ConfigError

    with pytest.raises(ConfigError, match="compute type"):
        build_engine(Settings(model=str(tiny_model), device="cpu", compute_type="int3", use_cache=False))


def test_every_engine_is_registered_by_a_dotted_path_that_resolves():
    from qa.engine import ENGINES, engine_factory

    for name, path in ENGINES.items():
        module, sep, attribute = path.partition(":")
        assert sep and module.startswith("qa.engine."), path
        assert callable(engine_factory(name))
    with pytest.raises(ConfigError, match="unknown engine 'nope'; choose from auto, transformers, ct2, file, none"):
        engine_factory("nope")


def test_engines_declare_their_unit_and_whether_their_results_are_cached(tmp_path):
    from qa.cache.results import CachedEngine
    from qa.engine import build_engine
    from qa.engine.file import FileEngine
    from qa.engine.none import NoEngine
    from qa.engine.seq2seq import Seq2SeqEngine
    from qa.settings import Settings

    pivot = tmp_path / "pivot.en.txt"
    pivot.write_text("One.\n", encoding="utf-8")
    assert (NoEngine.unit, NoEngine.cacheable) == ("sentence", False)
    assert (FileEngine.unit, FileEngine.cacheable) == ("paragraph", False)
    assert (Seq2SeqEngine.unit, Seq2SeqEngine.cacheable) == ("sentence", True)
    cache = tmp_path / "cache.sqlite3"
    file_engine = build_engine(Settings(engine="file", pivot_files=[str(pivot)], cache=str(cache)))
    assert not isinstance(file_engine, CachedEngine) and file_engine.unit == "paragraph"
    assert not isinstance(build_engine(Settings(engine="none", cache=str(cache))), CachedEngine)


def test_a_cacheable_engine_is_wrapped_in_the_result_cache_only_when_a_cache_is_on(tiny_model, tmp_path):
    from qa.cache.results import CachedEngine
    from qa.engine.transformers import TransformersEngine

    assert CT2Engine.cacheable and TransformersEngine.cacheable  # what auto builds, too
    settings = Settings(engine="transformers", model=str(tiny_model), device="cpu", cache=str(tmp_path / "c.sqlite3"))
    cached = build_engine(settings)
    assert isinstance(cached, CachedEngine) and isinstance(cached.engine, TransformersEngine)
    assert (cached.unit, cached.cacheable) == ("sentence", True)  # the wrapped engine's flags
    plain = build_engine(Settings(engine="transformers", model=str(tiny_model), device="cpu", use_cache=False))
    assert isinstance(plain, TransformersEngine) and plain.cacheable
