"""Several retranslations: each batch document's own pivot files (--pivot-pattern, manifest pivot
columns) and a panel of models (--model repeated). Issue 12, item 5."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.errors import InputError
from qa.load.discover import discover, read_manifest

runner = CliRunner()

SOURCE = "Президент подписал указ.\nЦены выросли на 5%.\n"
TARGET = "The president signed a decree.\nPrices rose by 5%.\n"
# one pivot agrees with the target, the other does not
PIVOTS = {
    "same": "The president signed a decree.\nPrices rose by 5%.\n",
    "other": "A minister read a newspaper.\nThe weather was cold today.\n",
}


def _pair(folder: Path, name: str, pivots: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.ru.txt").write_text(SOURCE, encoding="utf-8")
    (folder / f"{name}.en.txt").write_text(TARGET, encoding="utf-8")
    for suffix, text in pivots.items():
        (folder / f"{name}.{suffix}.en.txt").write_text(text, encoding="utf-8")


def _batch(*args) -> tuple[int, dict, str]:
    result = runner.invoke(app, ["batch", *map(str, args), "--engine", "file", "--no-cache", "--no-progress", "-f", "json"])
    report = json.loads(result.stdout) if result.exit_code in (0, 1) else {}
    return result.exit_code, report, result.stderr


def _documents(report: dict) -> dict[str, dict]:
    return {d["id"]: d for d in report["documents"]}


def test_each_document_reads_its_own_pivot(tmp_path):
    _pair(tmp_path, "agrees", {"pivot": PIVOTS["same"]})
    _pair(tmp_path, "differs", {"pivot": PIVOTS["other"]})
    code, report, _ = _batch(tmp_path, "--pivot-pattern", "{name}.pivot.{lang}.txt")
    assert code in (0, 1)
    documents = _documents(report)
    assert documents["agrees"]["scores"]["chrf"] == 100.0
    assert documents["differs"]["scores"]["chrf"] < 30.0
    assert documents["differs"]["segments"][0]["pivot"] == "A minister read a newspaper."
    assert documents["agrees"]["pivot_paths"] == [str(tmp_path / "agrees.pivot.en.txt")]
    assert report["signature"]["pivot_pattern"] == ["{name}.pivot.{lang}.txt"]
    assert report["signature"]["engine"]["pivot_file"] == "each document's own"


def test_a_second_pattern_is_one_more_pivot(tmp_path):
    _pair(tmp_path, "doc", {"pivot": PIVOTS["same"], "pivot2": PIVOTS["other"]})
    code, report, _ = _batch(tmp_path, "--pivot-pattern", "{name}.pivot.{lang}.txt", "--pivot-pattern", "{name}.pivot2.en.txt")
    assert code in (0, 1)
    (document,) = report["documents"]
    assert document["segments"][0]["pivot"] == "The president signed a decree."
    assert document["segments"][0]["other_pivots"] == ["A minister read a newspaper."]
    # a segment's score is the mean over its pivots: lower than against the agreeing one alone
    assert 30.0 < document["segments"][0]["scores"]["chrf"] < 100.0


@pytest.mark.parametrize(
    "pivots, pattern, message",
    [
        ({}, "{name}.pivot.{lang}.txt", "no pivot file"),
        ({"pivot": "One line only.\n"}, "{name}.pivot.{lang}.txt", "the pivot has 1 lines but the source"),
        ({"pivot": PIVOTS["same"]}, "{lang}.txt", "must contain {name} once"),
        ({"pivot": PIVOTS["same"]}, "../{name}.pivot.txt", "must be relative to the folder"),
        ({"pivot": PIVOTS["same"]}, "{name}.{oops}.txt", "unknown field {oops}"),
    ],
)
def test_a_missing_or_misshapen_pivot_is_one_line_and_exit_2(tmp_path, pivots, pattern, message):
    _pair(tmp_path, "doc", pivots)
    code, _, stderr = _batch(tmp_path, "--pivot-pattern", pattern)
    assert code == 2
    assert message in stderr
    assert "Traceback" not in stderr and stderr.count("\n") == 1


def test_engine_file_without_any_pivot_says_how_to_give_one(tmp_path):
    _pair(tmp_path, "doc", {})
    code, _, stderr = _batch(tmp_path)
    assert code == 2
    assert "--engine file needs --pivot FILE" in stderr and "--pivot-pattern" in stderr


def test_manifest_pivot_columns(tmp_path):
    _pair(tmp_path, "doc", {"a": PIVOTS["same"], "b": PIVOTS["other"]})
    csv_manifest = tmp_path / "list.csv"
    csv_manifest.write_text("source,target,id,pivot,pivot2\ndoc.ru.txt,doc.en.txt,doc,doc.a.en.txt,doc.b.en.txt\n", encoding="utf-8")
    jsonl_manifest = tmp_path / "list.jsonl"
    jsonl_manifest.write_text(
        json.dumps({"source": "doc.ru.txt", "target": "doc.en.txt", "pivot": ["doc.a.en.txt", "doc.b.en.txt"]}) + "\n", encoding="utf-8"
    )
    for manifest in (csv_manifest, jsonl_manifest):
        (item,) = read_manifest(manifest)
        assert item.pivots == (tmp_path / "doc.a.en.txt", tmp_path / "doc.b.en.txt")
    code, report, _ = _batch("--manifest", csv_manifest)
    assert code in (0, 1)
    (document,) = report["documents"]
    assert document["segments"][1]["pivot"] == "Prices rose by 5%."
    assert document["segments"][1]["other_pivots"] == ["The weather was cold today."]


@pytest.mark.parametrize(
    "row, message",
    [
        ('{"source": "doc.ru.txt", "target": "doc.en.txt", "pivot": "gone.en.txt"}', "file not found"),
        ('{"source": "doc.ru.txt", "target": "doc.en.txt", "pivot": [1]}', "expected a file name"),
        ('{"source": "doc.ru.txt", "target": "doc.en.txt", "pivots_of": 3, "other": 1}', "unknown column 'other'"),
    ],
)
def test_manifest_pivot_problems(tmp_path, row, message):
    _pair(tmp_path, "doc", {})
    manifest = tmp_path / "list.jsonl"
    manifest.write_text(row + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_manifest(manifest)


def test_pivot_files_are_not_documents_and_are_never_overwritten(tmp_path):
    _pair(tmp_path, "doc", {"pivot": PIVOTS["same"]})
    found = discover([tmp_path], pivot_patterns=["{name}.pivot.{lang}.txt"])
    assert [(i.source.name, i.pivots) for i in found.items] == [("doc.ru.txt", (tmp_path / "doc.pivot.en.txt",))]
    pivot = tmp_path / "doc.pivot.en.txt"
    before = pivot.read_bytes()
    result = runner.invoke(
        app, ["batch", str(tmp_path), "--engine", "file", "--pivot-pattern", "{name}.pivot.{lang}.txt", "--no-cache", "-o", str(pivot)]
    )
    assert result.exit_code == 2 and "pivot" in result.stderr
    assert pivot.read_bytes() == before


def test_a_changed_pivot_file_is_a_cache_miss(tmp_path):
    folder = tmp_path / "docs"
    _pair(folder, "doc", {"pivot": PIVOTS["same"]})
    args = ["batch", str(folder), "--engine", "file", "--pivot-pattern", "{name}.pivot.{lang}.txt", "--cache", str(tmp_path / "c.sqlite3"), "-f", "json"]
    first = json.loads(runner.invoke(app, args).stdout)
    (folder / "doc.pivot.en.txt").write_text(PIVOTS["other"], encoding="utf-8")
    second = json.loads(runner.invoke(app, args).stdout)
    assert first["documents"][0]["scores"]["chrf"] == 100.0
    assert second["documents"][0]["scores"]["chrf"] < 30.0


@pytest.fixture(scope="module")
def second_model(tmp_path_factory) -> Path:
    """Another tiny MarianMT (other weights): a panel of two models whose pivots differ."""
    from qa.testing.tiny_marian import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian-7"), seed=7)


def _check(tmp_path, *models, engine="transformers", extra=()) -> dict:
    (tmp_path / "s.ru.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "t.en.txt").write_text(TARGET, encoding="utf-8")
    args = ["check", str(tmp_path / "s.ru.txt"), str(tmp_path / "t.en.txt"), "--engine", engine, "--device", "cpu", "--no-cache", "-f", "json"]
    for model in models:
        args += ["--model", str(model)]
    result = runner.invoke(app, [*args, *extra])
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_a_panel_of_models_gives_each_later_model_as_one_more_pivot(tmp_path, tiny_model, second_model):
    alone = [s["pivot"] for s in _check(tmp_path, second_model)["documents"][0]["segments"]]
    first = [s["pivot"] for s in _check(tmp_path, tiny_model)["documents"][0]["segments"]]
    panel = _check(tmp_path, tiny_model, second_model)
    assert first != alone  # the two models disagree, so the test can tell them apart
    segments = panel["documents"][0]["segments"]
    assert [s["pivot"] for s in segments] == first
    assert [s["other_pivots"] for s in segments] == [[p] for p in alone]
    (other,) = panel["signature"]["other_pivots"]
    assert other["model"] == str(second_model)
    # with --engine file, every model is one more pivot after the file's
    pivot = tmp_path / "p.en.txt"
    pivot.write_text(PIVOTS["same"], encoding="utf-8")
    mixed = _check(tmp_path, second_model, engine="file", extra=("--pivot", str(pivot)))
    assert [s["other_pivots"] for s in mixed["documents"][0]["segments"]] == [[p] for p in alone]


def test_model_in_the_configuration_file_is_one_model_or_a_list(tmp_path):
    from qa.config import load_settings

    for text, expected in (('model = "a/b"\n', ["a/b"]), ('model = ["a/b", "c/d"]\n', ["a/b", "c/d"])):
        config = tmp_path / "mtqa.toml"
        config.write_text(text, encoding="utf-8")
        assert load_settings(config=config)[0].model == expected
