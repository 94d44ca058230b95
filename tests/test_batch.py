"""`mtqa batch` and `mtqa baseline create`: discovery, manifests, reports, and the acceptance run on the tiny model.

The acceptance run (issue 5): one batch over a folder holding the seed pair, a
copy of it with three planted errors (a deleted sentence, a changed number, a
Cyrillic word left in) and an XLIFF file, with the tiny MarianMT: the gate
fails; after `mtqa baseline create` it passes; after one more planted error it
fails again and reports only that one. Its JSON, JUnit and SARIF reports
validate against their schemas.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from lxml import etree
from typer.testing import CliRunner

from qa.cli import app
from qa.errors import InputError
from qa.load.discover import discover, read_manifest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "izvestia-ru-us-2025"
DATA = Path(__file__).parent / "data"
runner = CliRunner()

# the three planted errors of the copy, and the one planted after the baseline
PLANTED = [
    (" The dialogue continues in the operational mode.", ""),  # a deleted sentence
    ("April 10", "April 19"),  # a changed number
    ("it is impossible to resolve all the issues", "it is impossible to resolve all the вопросы"),  # Cyrillic left in
]
ONE_MORE = ("On September 22, Russian President", "On September 23, Russian President")


def _plant(text: str, changes) -> str:
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def _folder(root: Path) -> Path:
    docs = root / "docs"
    (docs / "izvestia").mkdir(parents=True)
    shutil.copy(SEED / "source.ru.txt", docs / "izvestia" / "source.ru.txt")
    shutil.copy(SEED / "target.en.txt", docs / "izvestia" / "target.en.txt")
    shutil.copy(SEED / "source.ru.txt", docs / "planted.ru.txt")
    target = (SEED / "target.en.txt").read_text(encoding="utf-8")
    (docs / "planted.en.txt").write_text(_plant(target, PLANTED), encoding="utf-8")
    shutil.copy(DATA / "localization" / "article-1.2.xlf", docs / "units.xlf")
    return docs


def _invoke(args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code in (0, 1), result.output
    return result


def _validate(out: Path) -> dict:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads((REPO / "qa" / "report" / "report.schema.json").read_text(encoding="utf-8"))).validate(report)
    sarif = json.loads((out / "report.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads((DATA / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))).validate(sarif)
    junit = etree.parse(str(out / "junit.xml"))
    etree.XMLSchema(etree.parse(str(DATA / "schemas" / "junit-10.xsd"))).assertValid(junit)
    suites = [s for s in junit.iter("testsuite") if s.get("name") != "gate"]
    assert [s.get("name") for s in suites] == [d["id"] for d in report["documents"]]  # a suite per document
    assert sum(len(s.findall("testcase/failure")) for s in suites) >= report["summary"]["gate"]["gating_findings"]
    return report


def test_acceptance_baseline_cycle_on_the_tiny_model(tmp_path, tiny_model, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs = _folder(tmp_path)
    out = tmp_path / "out"
    common = ["--model", tiny_model, "--engine", "transformers", "--device", "cpu", "--cache", tmp_path / "cache.sqlite", "--no-progress"]
    reports = ["-f", "json", "-o", out / "report.json", "--report", f"sarif={out / 'report.sarif'}", "--report", f"junit={out / 'junit.xml'}", "--report", f"csv={out / 'findings.csv'}"]

    first = _invoke(["batch", docs, *common, *reports])
    assert first.exit_code == 1
    report = _validate(out)
    assert sorted(d["id"] for d in report["documents"]) == ["izvestia", "planted", "units"]
    assert not report["summary"]["gate"]["passed"]

    created = _invoke(["baseline", "create", docs, *common, "-o", tmp_path / "baseline.json"])
    assert created.exit_code == 0
    baseline = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert sum(e["count"] for e in baseline["entries"]) == report["summary"]["findings"]

    accepted = _invoke(["batch", docs, *common, *reports, "--baseline", tmp_path / "baseline.json"])
    assert accepted.exit_code == 0, accepted.stderr
    report = _validate(out)
    assert report["summary"]["gate"]["accepted"] == report["summary"]["findings"]
    assert report["summary"]["gate"]["baseline"]["stale"] == []

    planted = docs / "planted.en.txt"
    planted.write_text(_plant(planted.read_text(encoding="utf-8"), [ONE_MORE]), encoding="utf-8")
    again = _invoke(["batch", docs, *common, *reports, "--baseline", tmp_path / "baseline.json"])
    assert again.exit_code == 1
    report = _validate(out)
    rows = list(csv.DictReader((out / "findings.csv").open(encoding="utf-8")))
    new = [r for r in rows if r["gate"] != "accepted"]
    assert new, "the new error was not reported"
    # only that one: every finding the baseline does not accept is where the new error is
    assert all(r["document"] == "planted" and "September 23" in r["target"] + r["source"] for r in new), new
    # the gate (default: major) fails on the new changed date, a major numbers finding
    assert report["summary"]["gate"]["gating_findings"] == len([r for r in new if r["severity"] in ("major", "critical")]) >= 1
    assert any(r["check"] == "numbers" and r["severity"] == "major" for r in new)
    sarif = json.loads((out / "report.sarif").read_text(encoding="utf-8"))
    unsuppressed = [r for r in sarif["runs"][0]["results"] if "suppressions" not in r]
    assert len(unsuppressed) == len(new)


# --- discovery --------------------------------------------------------------------------------------


def _files(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")


# (files, pattern, expected (source, target, id) relative to the folder, expected (source, target) missing)
DISCOVERY = [
    (["a.ru.txt", "a.en.txt", "b.ru.txt"], "{name}.{lang}.txt", [("a.ru.txt", "a.en.txt", "a")], [("b.ru.txt", "b.en.txt")]),
    (["x/source.ru.txt", "x/target.en.txt"], "{name}.{lang}.txt", [("x/source.ru.txt", "x/target.en.txt", "x")], []),
    (["ru/a.md", "en/a.md", "ru/b.md"], "{lang}/{name}.md", [("ru/a.md", "en/a.md", "a")], [("ru/b.md", "en/b.md")]),
    (["y/source.ru.txt"], "{name}.{lang}.txt", [], [("y/source.ru.txt", "y/source.en.txt or y/target.en.txt")]),
    (["a_ru.txt", "a_en.txt", "a.ru.txt"], "{name}_{lang}.txt", [("a_ru.txt", "a_en.txt", "a")], []),
    (["u.xlf", "m.po", "t.tmx", "notes.txt", "data.tsv"], "{name}.{lang}.txt", [("m.po", None, "m"), ("t.tmx", None, "t"), ("u.xlf", None, "u")], []),
    ([".hidden/a.ru.txt", ".hidden/a.en.txt", "s/a.ru.txt", "s/a.en.txt"], "{name}.{lang}.txt", [("s/a.ru.txt", "s/a.en.txt", "s/a")], []),
]


@pytest.mark.parametrize("files, pattern, expected, missing", DISCOVERY)
def test_discover_folder(tmp_path, files, pattern, expected, missing):
    _files(tmp_path, files)
    found = discover([tmp_path], "ru", "en", pattern)
    got = [(i.source.relative_to(tmp_path).as_posix(), i.target.relative_to(tmp_path).as_posix() if i.target else None, i.id) for i in found.items]
    assert got == expected
    assert found.missing == [(str(tmp_path / s), " or ".join(str(tmp_path / t) for t in ts.split(" or "))) for s, ts in missing]
    assert found.warnings == []


def test_a_source_named_alone_without_its_translation_is_missing(tmp_path):
    _files(tmp_path, ["lonely.ru.txt"])
    found = discover([tmp_path / "lonely.ru.txt"])
    assert (found.items, found.missing) == ([], [(str(tmp_path / "lonely.ru.txt"), str(tmp_path / "lonely.en.txt"))])


EXPLICIT = [
    ("a.en.txt", [("a.ru.txt", "a.en.txt", "a")]),  # the target names the pair too
    ("a.ru.txt", [("a.ru.txt", "a.en.txt", "a")]),
    ("rows.tsv", [("rows.tsv", None, "rows")]),
]


@pytest.mark.parametrize("name, expected", EXPLICIT)
def test_discover_explicit_files(tmp_path, name, expected):
    _files(tmp_path, ["a.ru.txt", "a.en.txt", "rows.tsv"])
    found = discover([tmp_path / name])
    assert [(i.source.name, i.target.name if i.target else None, i.id) for i in found.items] == expected


DISCOVERY_ERRORS = [
    (["lonely.en.txt"], "lonely.en.txt", "neither one side of a pair"),
    (["list.csv"], "list.csv", "pass it with --manifest"),
    ([], "missing", "missing: no such file or folder"),
    (["readme.txt"], ".", "no documents found"),
]


@pytest.mark.parametrize("files, arg, message", DISCOVERY_ERRORS)
def test_discover_errors(tmp_path, files, arg, message):
    _files(tmp_path, files)
    with pytest.raises(InputError, match=message):
        discover([tmp_path / arg])


MANIFESTS = [
    ("m.csv", "source,target,id\na.ru.txt,a.en.txt,first\nrows.tsv,,\n", [("a.ru.txt", "a.en.txt", "first"), ("rows.tsv", None, None)]),
    ("m.csv", "Source, Target\na.ru.txt,a.en.txt\n", [("a.ru.txt", "a.en.txt", None)]),
    ("m.jsonl", '{"source": "a.ru.txt", "target": "a.en.txt", "id": 7}\n\n{"source": "rows.tsv"}\n', [("a.ru.txt", "a.en.txt", "7"), ("rows.tsv", None, None)]),
]


@pytest.mark.parametrize("name, text, expected", MANIFESTS)
def test_manifest(tmp_path, name, text, expected):
    _files(tmp_path / "docs", ["a.ru.txt", "a.en.txt", "rows.tsv"])
    manifest = tmp_path / "docs" / name
    manifest.write_text(text, encoding="utf-8")
    items = read_manifest(manifest)
    assert [(i.source.name, i.target.name if i.target else None, i.id) for i in items] == expected


MANIFEST_ERRORS = [
    ("m.csv", "file,target\na,b\n", r"m.csv:1: the manifest needs a header row"),
    ("m.csv", "source,target\nnope.ru.txt,a.en.txt\n", r"m.csv:2: .*nope.ru.txt: file not found"),
    ("m.csv", "source,target,lang\na.ru.txt,a.en.txt,ru\n", r"m.csv:2: unknown column 'lang'"),
    ("m.jsonl", '{"source": "a.ru.txt"}\n[1]\n', r"m.jsonl:2: expected an object"),
    ("m.jsonl", "{oops\n", r"m.jsonl:1: not valid JSON"),
    ("m.jsonl", '{"target": "a.en.txt"}\n', r"m.jsonl:1: no source"),
    ("m.csv", "source,target\n", r"m.csv: the manifest lists no documents"),
]


@pytest.mark.parametrize("name, text, message", MANIFEST_ERRORS)
def test_manifest_errors(tmp_path, name, text, message):
    _files(tmp_path, ["a.ru.txt", "a.en.txt"])
    manifest = tmp_path / name
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_manifest(manifest)


# --- the command, without a model ----------------------------------------------------------------


def test_batch_with_a_manifest_and_every_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs = _folder(tmp_path)
    (tmp_path / "list.csv").write_text("source,target,id\ndocs/izvestia/source.ru.txt,docs/izvestia/target.en.txt,seed\ndocs/units.xlf,,\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", "--manifest", tmp_path / "list.csv", "--engine", "none", "--no-progress", "-f", "markdown", "-o", out / "summary.md"]
    for name, file in [("json", "report.json"), ("sarif", "report.sarif"), ("junit", "junit.xml"), ("html", "report.html"), ("csv", "f.csv")]:
        args += ["--report", f"{name}={out / file}"]
    result = _invoke(args)
    report = _validate(out)
    assert [d["id"] for d in report["documents"]] == ["seed", "units"]
    assert (out / "summary.md").read_text(encoding="utf-8").startswith(("✅", "❌"))
    assert "Documents" in result.stderr  # the summary table goes to stderr when the report goes to a file
    assert docs.exists()


BATCH_ERRORS = [
    (["batch"], "give folders or files to check"),
    (["batch", "nowhere", "--engine", "none"], "nowhere: no such file or folder"),
    (["batch", "{docs}", "--engine", "none", "--report", "sarif"], "--report expects FORMAT=PATH"),
    (["batch", "{docs}", "--engine", "none", "--report", "yaml=x.yaml"], "unknown report format 'yaml'"),
    (["batch", "{docs}", "--engine", "none", "--baseline", "nope.json"], "nope.json: baseline file not found"),
    (["batch", "{docs}", "--engine", "none", "--max-findings", "omision=0"], "unknown check 'omision' (did you mean 'omission'?)"),
    (["batch", "{docs}", "--engine", "none", "--pair-pattern", "{name}.txt"], "must contain {name} and {lang}"),
    (["batch", "{docs}", "--engine", "none", "-o", "{docs}/units.xlf", "-f", "json"], "would overwrite an input file"),
]


@pytest.mark.parametrize("args, message", BATCH_ERRORS)
def test_batch_errors_exit_2_with_one_line(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    docs = _folder(tmp_path)
    result = runner.invoke(app, [a.replace("{docs}", str(docs)) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_config_file_drives_the_batch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs = _folder(tmp_path)
    (tmp_path / "mtqa.toml").write_text('engine = "none"\nfail-on = "critical"\nfail_onn = 1\n[max-findings]\nomission = 0\n', encoding="utf-8")
    result = runner.invoke(app, ["batch", str(docs), "--no-progress", "-f", "json"])
    assert result.exit_code == 2  # a misspelt key must not leave the gate at its default
    assert "unknown key 'fail_onn'" in result.stderr and "did you mean 'fail-on'?" in result.stderr
    (tmp_path / "mtqa.toml").write_text('engine = "none"\nfail-on = "critical"\n[max-findings]\nomission = 0\n', encoding="utf-8")
    result = runner.invoke(app, ["batch", str(docs), "--no-progress", "-f", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["gate"]["fail_on"] == "critical"
    assert any("omission finding(s), more than 0" in r for r in report["summary"]["gate"]["reasons"])
    # a flag beats the file
    result = runner.invoke(app, ["batch", str(docs), "--no-progress", "-f", "json", "--max-findings", "omission=99"])
    assert result.exit_code == 0, result.output


def test_jobs_give_the_same_findings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs = _folder(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        result = _invoke(["batch", docs, "--engine", "none", "--no-progress", "-f", "json", "--jobs", jobs])
        report = json.loads(result.stdout)
        outputs.append(([d["findings"] for d in report["documents"]], report["signature"]["checks"]))
    assert outputs[0] == outputs[1]
    assert outputs[0][1], "no checks ran"


# --- CI integration: the action and the pre-commit hooks call flags that exist -------------------------


def _batch_flags() -> set[str]:
    from typer.main import get_command

    command = get_command(app).commands["batch"]
    return {opt for param in command.params for opt in getattr(param, "opts", [])}


def test_action_runs_mtqa_batch_with_existing_flags():
    import re

    import yaml

    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    script = next(step["run"] for step in action["runs"]["steps"] if step.get("id") == "check")
    assert "mtqa batch" in script and "exit $code" in script
    used = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", script))
    assert used and used <= _batch_flags(), used - _batch_flags()
    formats = set(re.findall(r'--report "(\w+)=', script)) | set(re.findall(r"--format (\w+)", script))
    from qa.report import RENDERERS

    assert formats == {"sarif", "junit", "html", "json", "markdown"} and formats <= set(RENDERERS)
    # inputs reach the script through the environment, never spliced into it
    assert "${{" not in script


@pytest.mark.parametrize("name, matched", [("a.ru.txt", True), ("x/a.en.txt", True), ("u.xlf", True), ("m.po", True), ("notes.txt", False), ("a.ru.md", False)])
def test_pre_commit_hooks(name, matched):
    import re
    import shlex

    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["mtqa", "mtqa-lexical"]
    for hook in hooks:
        argv = shlex.split(hook["entry"])
        assert argv[:2] == ["mtqa", "batch"] and set(a for a in argv[2:] if a.startswith("--")) <= _batch_flags()
        assert hook["require_serial"] is True
        assert bool(re.search(hook["files"], name)) is matched
