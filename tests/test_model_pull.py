"""Which model the registry's entry resolves to and what `mtqa models pull` fetches: the MarianMT
with the torch extra, the published CTranslate2 conversion without it (the core runs it as it is).

The hub cannot be reached here: downloads are an injected function that fills a Hugging Face cache
laid out as the hub client lays it out (``models--ORG--NAME/refs/main``, ``snapshots/COMMIT/``) from
the tiny model and its conversion; a real download of the published conversion is not tested.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qa.engine import extras
from qa.engine.ct2 import convert
from qa.engine.models import pull_model
from qa.engine.registry import MODELS, ModelEntry, choices, locate_entry
from qa.errors import ModelError

SEED = Path(__file__).resolve().parents[1] / "corpora" / "izvestia-ru-us-2025"
MARIAN, CT2 = MODELS[("ru", "en")].hub_id, MODELS[("ru", "en")].ct2_hub_id
COMMIT = "c" * 40


def cache_snapshot(cache: Path, hub_id: str, files: Path, commit: str = COMMIT) -> Path:
    repo = cache / ("models--" + hub_id.replace("/", "--"))
    snapshot = repo / "snapshots" / commit
    shutil.copytree(files, snapshot)
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    (repo / "refs" / "main").write_text(commit, encoding="utf-8")
    return snapshot


@pytest.fixture(scope="module")
def ct2_model(tiny_model, tmp_path_factory):
    return convert(tiny_model, tmp_path_factory.mktemp("pull-ct2"), quantization="float32", force=True)


@pytest.fixture
def hub(monkeypatch, tmp_path, tiny_model, ct2_model):
    """An empty HF cache, an unreachable hub, and a downloader that records what it fetched."""
    cache = tmp_path / "hf-cache"
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    published = {MARIAN: tiny_model, CT2: ct2_model, "Helsinki-NLP/opus-mt-en-ru": tiny_model}
    fetched = []

    def download(hub_id, revision, local_dir=None):
        fetched.append((hub_id, revision))
        if local_dir is not None:
            shutil.copytree(published[hub_id], local_dir)
            return local_dir
        return cache_snapshot(cache, hub_id, published[hub_id])

    return cache, download, fetched


def without_torch_extra(monkeypatch):
    monkeypatch.setattr(extras, "installed", lambda extra: False)


# (case, torch extra installed, ref, fetched, kind, a note naming the extra)
PULLS = [
    ("the registry's model with the extra: the MarianMT", True, None, MARIAN, "marian", False),
    ("the registry's model without it: the conversion", False, None, CT2, "ct2", False),
    ("a MarianMT named without the extra: with a note", False, "Helsinki-NLP/opus-mt-en-ru", "Helsinki-NLP/opus-mt-en-ru", "marian", True),
    ("a MarianMT named with the extra", True, "Helsinki-NLP/opus-mt-en-ru", "Helsinki-NLP/opus-mt-en-ru", "marian", False),
    ("a conversion named", True, CT2, CT2, "ct2", False),
]


@pytest.mark.parametrize("case, torch, ref, fetched_id, kind, note", PULLS, ids=[p[0] for p in PULLS])
@pytest.mark.parametrize("into", ["cache", "dest"])
def test_pull(case, torch, ref, fetched_id, kind, note, into, hub, monkeypatch, tmp_path):
    cache, download, fetched = hub
    if not torch:
        without_torch_extra(monkeypatch)
    dest = tmp_path / "dest" if into == "dest" else None
    info = pull_model(ref, dest=dest, download=download)
    assert fetched == [(fetched_id, "main")]
    assert (info.ref, info.kind) == (fetched_id, kind)
    assert info.path == (dest if dest else cache / f"models--{fetched_id.replace('/', '--')}" / "snapshots" / COMMIT)
    assert info.signature["revision"] == (COMMIT if dest is None else info.signature["revision"])
    assert ("pip install 'mtqa[torch]'" in info.line()) is note


def test_a_cached_model_is_not_fetched_again(hub, monkeypatch, ct2_model):
    cache, download, fetched = hub
    without_torch_extra(monkeypatch)
    cache_snapshot(cache, CT2, ct2_model)
    assert pull_model(download=download).kind == "ct2"
    assert fetched == []


def test_an_entry_without_a_published_conversion_pulls_the_marian_with_a_note(hub, monkeypatch):
    cache, download, fetched = hub
    without_torch_extra(monkeypatch)
    monkeypatch.setitem(MODELS, ("ru", "en"), ModelEntry(MARIAN))
    info = pull_model(download=download)
    assert fetched == [(MARIAN, "main")] and info.kind == "marian"
    assert extras.install_hint("torch") in info.line()


# (case, torch extra installed, cached, conversions allowed, expected hub id or None: an error)
LOCATES = [
    ("both cached, with the extra: the MarianMT", True, (MARIAN, CT2), True, MARIAN),
    ("both cached, without it: the conversion", False, (MARIAN, CT2), True, CT2),
    ("only the conversion cached, with the extra", True, (CT2,), True, CT2),
    ("only the MarianMT cached, without the extra", False, (MARIAN,), True, MARIAN),
    ("the transformers engine never takes the conversion", True, (CT2,), False, None),
    ("nothing cached, offline", False, (), True, None),
]


@pytest.mark.parametrize("case, torch, cached, conversions, expected", LOCATES, ids=[c[0] for c in LOCATES])
def test_locate_entry(case, torch, cached, conversions, expected, hub, monkeypatch, tiny_model, ct2_model):
    cache = hub[0]
    if not torch:
        without_torch_extra(monkeypatch)
    for hub_id in cached:
        cache_snapshot(cache, hub_id, ct2_model if hub_id == CT2 else tiny_model)
    entry = MODELS[("ru", "en")]
    if expected is None:
        # the first choice is what it tries to download, and the error names it
        with pytest.raises(ModelError, match=choices(entry, conversions=conversions)[0][0]):
            locate_entry(entry, conversions=conversions)
    else:
        location = locate_entry(entry, conversions=conversions)
        assert location.ref == expected and location.pin == COMMIT


def test_the_core_checks_with_the_published_conversion_in_the_cache(tmp_path, ct2_model):
    """End to end without torch and transformers importable: the default engine finds the conversion."""
    cache = tmp_path / "hf-cache"
    cache_snapshot(cache, CT2, ct2_model)
    script = (
        "import sys\n"
        "sys.modules['torch'] = sys.modules['transformers'] = None\n"
        "from qa.cli import main\n"
        "sys.argv = ['mtqa', *sys.argv[1:]]\n"
        "main()\n"
    )
    out = tmp_path / "report.json"
    args = ["check", str(SEED / "source.ru.txt"), str(SEED / "target.en.txt"), "--no-cache", "-f", "json", "-o", str(out)]
    env = {"PATH": "/usr/bin:/bin", "HF_HUB_CACHE": str(cache), "HF_ENDPOINT": "http://127.0.0.1:9", "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    engine = json.loads(out.read_text(encoding="utf-8"))["signature"]["engine"]
    assert (engine["model"], engine["revision"], engine["backend"]) == (CT2, COMMIT, "ctranslate2")
