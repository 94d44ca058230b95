"""`mtqa models list | pull | convert | info` and the library behind it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.engine.models import convert_model, list_models, model_info, pull_model, safetensors_parameters
from qa.engine.registry import MODELS, default_model
from qa.errors import ConfigError, ModelError

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

REPO_ROOT = Path(__file__).resolve().parents[1]

OFFLINE_CLI = [
    ["models", "pull"],
    ["models", "pull", "Helsinki-NLP/opus-mt-en-ru"],
    ["models", "info"],
    ["models", "info", "./does/not/exist"],
]


@pytest.fixture
def offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)


def test_registry_toml_matches_the_code():
    with (REPO_ROOT / "models" / "registry.toml").open("rb") as handle:
        rows = tomllib.load(handle)["model"]
    from_toml = {
        tuple(r["pair"].split("-")): (r["hub_id"], r["revision"], r["license"], r.get("ct2_hub_id"), r.get("ct2_revision", "main"))
        for r in rows
    }
    assert from_toml == {pair: (e.hub_id, e.revision, e.license, e.ct2_hub_id, e.ct2_revision) for pair, e in MODELS.items()}


def test_unknown_pair_says_to_pass_model():
    with pytest.raises(ConfigError, match="--model"):
        default_model("ru", "xx")


def test_info_of_the_tiny_model(tiny_model):
    info = model_info(str(tiny_model))
    assert (info.kind, info.pair) == ("marian", "ru-en")
    assert info.parameters == safetensors_parameters(tiny_model / "model.safetensors") > 1000
    assert info.size_bytes > 0
    assert info.signature["revision"].startswith("sha256:")


def test_list_shows_missing_registry_models_and_local_dirs(offline, tiny_model, tmp_path):
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    (models_dir / "tiny").symlink_to(tiny_model, target_is_directory=True)
    (models_dir / "notes").mkdir()
    found = {i.ref: i for i in list_models(models_dir)}
    assert found["Helsinki-NLP/opus-mt-ru-en"].kind == "missing"
    assert found[str(models_dir / "tiny")].kind == "marian"
    assert str(models_dir / "notes") not in found


def test_pull_offline_is_a_model_error(offline):
    with pytest.raises(ModelError, match="cannot be reached"):
        pull_model()


def test_convert_and_describe(tiny_model, tmp_path):
    info = convert_model(str(tiny_model), tmp_path / "ct2", quantization="int8")
    assert (info.kind, info.quantization, info.pair) == ("ct2", "int8", "ru-en")
    assert info.signature["backend"] == "ctranslate2"
    assert (tmp_path / "ct2" / "source.spm").is_file()


@pytest.mark.parametrize("args", OFFLINE_CLI)
def test_cli_offline_errors_exit_2_with_one_line(offline, args):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("mtqa: error:")


def test_cli_info_and_convert(tiny_model, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["models", "info", str(tiny_model)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["pair"] == "ru-en"
    out = tmp_path / "ct2"
    result = runner.invoke(app, ["models", "convert", str(tiny_model), str(out), "--quantization", "float32"])
    assert result.exit_code == 0, result.output
    assert "ct2" in result.output and (out / "model.bin").is_file()
    again = runner.invoke(app, ["models", "convert", str(tiny_model), str(out)])
    assert again.exit_code == 2 and "--force" in again.output


def test_cli_list(offline, tmp_path):
    result = CliRunner().invoke(app, ["models", "list", "--dir", str(tmp_path)])
    assert result.exit_code == 0
    assert "Helsinki-NLP/opus-mt-ru-en  missing  ru-en" in result.output


def test_list_shows_the_default_engines_conversions(offline, tiny_model, tmp_path, monkeypatch):
    from qa.engine import build_engine
    from qa.engine.auto import conversion_path
    from qa.engine.locate import locate
    from qa.settings import Settings

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    build_engine(Settings(model=str(tiny_model), device="cpu", use_cache=False)).translate(["Да."])
    converted = conversion_path(locate(str(tiny_model)), "int8")
    found = {i.ref: i for i in list_models(tmp_path / "no-models-here")}
    assert found[str(converted)].kind == "ct2"
    assert found[str(converted)].pair == "ru-en"
