"""`mtqa batch --executor ray` on a local Ray cluster (127.0.0.1, two CPUs) started for this module.

The Ray run's JSON report, whole and per document, equals the local run's byte for byte, with the
same exit codes, with the file engine and with the tiny MarianMT, whatever the chunks (the engine
batches each sentence with others of its padded width only); a run stopped halfway redoes only the documents it had
not finished; a killed engine actor loses and duplicates no document.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app

ray = pytest.importorskip("ray")

SEED = Path(__file__).resolve().parents[1] / "corpora" / "izvestia-ru-us-2025"
runner = CliRunner()

# one source (paragraphs 7-10 of the seed article), its published translation as the pivot, and
# translations of it with planted errors
VARIANTS = {
    "published": [],
    "deleted": [(" The dialogue continues in the operational mode.", "")],
    "number": [("April 10", "April 19")],
    "cyrillic": [("This is a common diplomatic practice.", "This is a common дипломатическая practice.")],
    "repeated": [("the main goal", "the the main goal")],
    "both": [("April 10", "April 19"), ("This is a common diplomatic practice.", "This is a common дипломатическая practice.")],
}


def _lines(name: str, start: int, stop: int) -> list[str]:
    return (SEED / name).read_text(encoding="utf-8").splitlines()[start:stop]


@pytest.fixture(scope="module")
def cluster():
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> tuple[Path, Path]:
    """Six translations of one source, and the pivot file aligned with it (for --engine file)."""
    root = tmp_path_factory.mktemp("variants")
    docs = root / "docs"
    docs.mkdir()
    source, target = _lines("source.ru.txt", 6, 10), "\n".join(_lines("target.en.txt", 6, 10)) + "\n"
    for name, changes in VARIANTS.items():
        (docs / f"{name}.ru.txt").write_text("\n".join(source) + "\n", encoding="utf-8")
        text = target
        for old, new in changes:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        (docs / f"{name}.en.txt").write_text(text, encoding="utf-8")
    pivot = root / "pivot.en.txt"
    pivot.write_text(target, encoding="utf-8")
    return docs, pivot


@pytest.fixture(scope="module")
def windows(tmp_path_factory) -> Path:
    """Four stretches of three paragraphs of the seed article (different sources, for a model)."""
    docs = tmp_path_factory.mktemp("windows")
    for start in (0, 6, 12, 18):
        (docs / f"w{start:02d}.ru.txt").write_text("\n".join(_lines("source.ru.txt", start, start + 3)) + "\n", encoding="utf-8")
        (docs / f"w{start:02d}.en.txt").write_text("\n".join(_lines("target.en.txt", start, start + 3)) + "\n", encoding="utf-8")
    return docs


def _batch(tmp: Path, name: str, docs: Path, *args) -> tuple[int, str, list[str]]:
    """Run `mtqa batch` with its own cache and report folder; exit code, JSON report, per-document reports."""
    out = tmp / name
    result = runner.invoke(
        app,
        [
            "batch", str(docs), *map(str, args), "-f", "json", "-o", str(out / "report.json"),
            "--report-dir", str(out / "documents"), "--cache", str(out / "cache.sqlite3"), "--no-progress",
        ],
    )
    assert result.exit_code in (0, 1), result.output
    per_document = [p.read_text(encoding="utf-8") for p in sorted((out / "documents").glob("*.json"))]
    return result.exit_code, (out / "report.json").read_text(encoding="utf-8"), per_document


def _same_run(local, on_ray) -> None:
    assert on_ray[0] == local[0]  # the exit code
    assert on_ray[1] == local[1]  # the whole JSON report, byte for byte
    assert on_ray[2] == local[2]  # each document's report
    assert len(on_ray[2]) == json.loads(local[1])["summary"]["documents"] > 0


@pytest.mark.parametrize(
    "gate",
    [[], ["--fail-on", "critical"], ["--max-findings", "low-agreement=0"], ["--min-doc-chrf", "99"]],
    ids=["default", "fail-on-critical", "max-findings", "min-doc-chrf"],
)
def test_file_engine_same_report_and_exit_code(cluster, variants, tmp_path, gate, monkeypatch):
    from qa.executor import ray_batch

    monkeypatch.setattr(ray_batch, "DOCUMENTS_PER_TASK", 2)  # three chunks over two actors
    docs, pivot = variants
    args = ["--engine", "file", "--pivot", pivot, *gate]
    local = _batch(tmp_path, "local", docs, *args)
    _same_run(local, _batch(tmp_path, "ray", docs, *args, "--executor", "ray", "--engine-actors", "2"))
    report = json.loads(local[1])
    assert report["summary"]["gate"]["passed"] is (local[0] == 0)


def test_baseline_decided_once_on_the_driver(cluster, variants, tmp_path):
    """The baseline of a local run accepts the same findings on Ray: both pass, reports equal."""
    docs, pivot = variants
    baseline = tmp_path / "baseline.json"
    made = runner.invoke(app, ["baseline", "create", str(docs), "--engine", "file", "--pivot", str(pivot), "-o", str(baseline), "--no-cache", "--no-progress"])
    assert made.exit_code == 0, made.output
    args = ["--engine", "file", "--pivot", pivot, "--baseline", baseline]
    local = _batch(tmp_path, "local", docs, *args)
    on_ray = _batch(tmp_path, "ray", docs, *args, "--executor", "ray")
    _same_run(local, on_ray)
    gate = json.loads(on_ray[1])["summary"]["gate"]
    assert local[0] == 0 and gate["accepted"] > 0 and gate["baseline"]["stale"] == []


@pytest.fixture(scope="module")
def tiny_local(windows, tiny_model, tmp_path_factory):
    """The local run of the windows on the tiny model: what the Ray runs must equal."""
    return _batch(tmp_path_factory.mktemp("tiny-local"), "local", windows, "--engine", "transformers", "--model", tiny_model)


def test_tiny_model_same_report_with_two_actors(cluster, windows, tiny_model, tiny_local, tmp_path):
    """One chunk holds the four documents, as the local run's one engine batch does: byte for byte."""
    args = ["--engine", "transformers", "--model", tiny_model, "--executor", "ray", "--engine-actors", "2"]
    _same_run(tiny_local, _batch(tmp_path, "ray", windows, *args))


def _settings(tmp_path, **changes):
    import qa

    return qa.Settings(executor="ray", cache=str(tmp_path / "cache.sqlite3"), report_dir=str(tmp_path / "documents"), **changes)


def _items(docs: Path):
    from qa.load.discover import discover

    return [(i.source, i.target, i.id) for i in discover([docs]).items]


def test_stopped_run_redoes_only_unfinished_documents(cluster, variants, tmp_path, monkeypatch):
    from qa.executor import ray_batch, run_batch

    monkeypatch.setattr(ray_batch, "DOCUMENTS_PER_TASK", 1)
    docs, pivot = variants
    settings = _settings(tmp_path, engine="file", pivot_files=[str(pivot)])
    items = _items(docs)
    folded = []

    def stop_after_two(stage, done, total):
        folded.append(done)
        if done >= 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(items, settings, stop_after_two, formats=("json",))
    again = run_batch(items, settings, formats=("json",))
    assert again.documents == len(items) == 6
    # the two documents folded before the stop (and any finished in flight) come from the cache
    assert 2 <= again.from_cache < len(items)
    assert again.from_cache + again.checked == len(items)
    fresh = run_batch(items, _settings(tmp_path / "fresh", engine="file", pivot_files=[str(pivot)]), formats=("json",))
    assert fresh.from_cache == 0
    assert _json(again, tmp_path / "again.json") == _json(fresh, tmp_path / "fresh.json")


def _json(batch, path: Path) -> str:
    batch.write_json(path)
    return path.read_text(encoding="utf-8")


def test_killed_actor_loses_and_duplicates_no_document(cluster, windows, tiny_model, tiny_local, tmp_path, monkeypatch):
    from qa.executor import ray_batch, run_batch

    monkeypatch.setattr(ray_batch, "DOCUMENTS_PER_TASK", 1)
    model = dict(engine="transformers", model=str(tiny_model))
    killed = []

    def kill_one_actor(stage, done, total):
        if not killed:
            name = sorted(n for n in ray.util.list_named_actors() if n.startswith("mtqa-engine-"))[-1]
            actor = ray.get_actor(name)
            pid = ray.get(actor.pid.remote())
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            killed.append(ray.get(actor.pid.remote()))  # answered by the restarted actor, another process

    items = _items(windows)
    batch = run_batch(items, _settings(tmp_path / "killed", engine_actors=2, **model), kill_one_actor, formats=("json",))
    assert len(killed) == 2 and killed[0] != killed[1] and batch.documents == len(items) == 4
    reports = sorted((tmp_path / "killed" / "documents").glob("*.json"))
    assert [json.loads(p.read_text(encoding="utf-8"))["documents"][0]["id"] for p in reports] == [i[2] or Path(i[0]).name.split(".")[0] for i in items]
    # one document per chunk, where the local run scored all four in one batch: the engine batches
    # each sentence with others of its padded width only (qa.engine.batches), so the pivots and
    # the model's log-probabilities do not depend on the chunk, and the reports are equal
    killed_report, local_report = json.loads(_json(batch, tmp_path / "killed.json")), json.loads(tiny_local[1])
    _close(killed_report, local_report)
    assert killed_report == local_report


def _close(value, expected, where: str = "report") -> None:
    """Equal, except that floats under "model" (log-probabilities) may differ by 1e-3."""
    if isinstance(expected, float) and ".model" in where:
        assert value == pytest.approx(expected, abs=1e-3), where
    elif isinstance(expected, dict):
        assert isinstance(value, dict) and value.keys() == expected.keys(), where
        for key in expected:
            _close(value[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(value, list) and len(value) == len(expected), where
        for number, (item, other) in enumerate(zip(value, expected, strict=True)):
            _close(item, other, f"{where}[{number}]")
    else:
        assert value == expected, where

@pytest.mark.parametrize(
    "args, message",
    [
        (["-f", "html"], "--executor ray writes summary and json reports"),
        (["--executor", "spark"], "unknown executor 'spark'; choose from local, ray"),
        (["--ray-address", "127.0.0.1:1"], "--ray-address 127.0.0.1:1: nothing answers there"),
    ],
)
def test_bad_usage_is_exit_2(variants, args, message):
    docs, pivot = variants
    result = runner.invoke(app, ["batch", str(docs), "--engine", "file", "--pivot", str(pivot), "--executor", "ray", *args, "--no-cache"])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_without_ray_installed_is_exit_2(variants, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray: ImportError
    docs, pivot = variants
    result = runner.invoke(app, ["batch", str(docs), "--engine", "file", "--pivot", str(pivot), "--executor", "ray", "--no-cache"])
    assert result.exit_code == 2 and "pip install 'mtqa[ray]'" in result.stderr, result.output


def test_bad_input_on_a_worker_is_exit_2(cluster, variants, tmp_path):
    """A pivot file that does not match the source is found by an engine actor: one line, exit 2."""
    docs, _ = variants
    short = tmp_path / "short.en.txt"
    short.write_text("One line.\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(docs), "--engine", "file", "--pivot", str(short), "--executor", "ray", "--no-cache", "--no-progress"])
    assert result.exit_code == 2, result.output
    assert "the pivot file has 1 lines but the source has 4" in result.stderr and "Traceback" not in result.output


def test_executor_from_the_configuration_file(cluster, variants, tmp_path):
    docs, pivot = variants
    config = tmp_path / "mtqa.toml"
    config.write_text(f'executor = "ray"\nengine-actors = 1\nengine = "file"\npivot = ["{pivot}"]\n', encoding="utf-8")
    result = runner.invoke(app, ["batch", str(docs), "--config", str(config), "--no-cache", "--no-progress"])
    assert result.exit_code == 1, result.output
    # the streamed summary: totals, not a row per document
    assert "6 document(s), " in result.stdout and "Documents" not in result.stdout
