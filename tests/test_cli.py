"""The command line: exit codes and one-line messages (typer's CliRunner), and a light --help."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app

SEED = Path("corpora/izvestia-ru-us-2025")
SRC = str(SEED / "source.ru.txt")
TGT = str(SEED / "target.en.txt")
runner = CliRunner()

# (arguments, exit code, fragment expected on stderr (or None))
CASES = [
    (["check", "missing.ru.txt", TGT, "--engine", "none"], 2, "missing.ru.txt: no such file"),
    # the input is read before a model is sought: a typo is named as such, not as a model problem
    (["check", "missing.ru.txt", TGT, "--model", "./no-such-model"], 2, "missing.ru.txt: no such file"),
    (["check", "corpora", TGT, "--engine", "none"], 2, "corpora: is a directory"),
    (["check", SRC, TGT, "--engine", "none", "--fail-on", "fatal"], 2, "--fail-on must be one of"),
    (["check", SRC, TGT, "--engine", "bogus"], 2, "unknown engine 'bogus'"),
    (["check", SRC, TGT, "--engine", "file"], 2, "--engine file needs --pivot FILE"),
    (["check", SRC, TGT, "--engine", "file", "--pivot", TGT], 2, "the pivot file has 30 lines but the source has 29"),
    (["check", SRC, TGT, "--engine", "none", "--format", "yaml"], 2, "unknown --format 'yaml'"),
    (["check", SRC, TGT, "--engine", "none", "--no-builtin-glossary"], 1, None),
    (["check", SRC, TGT, "--engine", "none", "--no-builtin-glossary", "--fail-on", "critical"], 0, None),
    (["check", "--bogus-flag"], 2, "No such option"),
]


@pytest.mark.parametrize("args,code,fragment", CASES)
def test_exit_codes_and_messages(args, code, fragment):
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    if fragment is not None:
        assert fragment in result.stderr
    if code == 2 and args[0] == "check" and "--bogus-flag" not in args:
        assert result.stderr.count("\n") == 1, result.stderr  # one line, no traceback
        assert "Traceback" not in result.stderr


def test_json_report_has_the_documented_fields(tmp_path):
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["check", SRC, TGT, "--engine", "none", "--format", "json", "-o", str(out)])
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) >= {"signature", "summary", "documents"}
    (document,) = report["documents"]
    assert document["encodings"] == {"source": "utf-8", "target": "utf-8"}
    for segment in document["segments"]:
        assert set(segment) >= {"id", "source", "target", "pivot", "scores"}
    footer = [s for s in document["segments"] if s["target"] == "Переведено сервисом «Яндекс Переводчик»"]
    assert footer and footer[0]["source"] == ""
    additions = [f for f in document["findings"] if f["check"] == "addition"]
    assert [f["segment"] for f in additions] == [footer[0]["id"]]
    for finding in document["findings"]:
        assert set(finding) >= {"check", "severity", "segment", "source_span", "target_span", "message", "suggestions"}
        for suggestion in finding["suggestions"]:
            assert set(suggestion) == {"text", "origin"}
    assert report["signature"]["engine"] == {"engine": "none"}
    assert "chrF2++" in report["signature"]["string"]


def test_report_never_overwrites_an_input(tmp_path):
    source = tmp_path / "a.ru.txt"
    target = tmp_path / "a.en.txt"
    source.write_text("Привет.\n", encoding="utf-8")
    target.write_text("Hello.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(source), str(target), "--engine", "none", "-o", str(target)])
    assert result.exit_code == 2
    assert "would overwrite an input file" in result.stderr
    assert target.read_text(encoding="utf-8") == "Hello.\n"


def test_internal_error_is_exit_3_not_a_gate_failure(monkeypatch):
    import qa.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(qa.pipeline, "check_bitexts", broken)
    result = runner.invoke(app, ["check", SRC, TGT, "--engine", "none"])
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.stderr


def test_quiet_prints_the_gating_findings_and_the_verdict_only():
    result = runner.invoke(app, ["check", SRC, TGT, "--engine", "none", "--quiet"])
    *findings, verdict = result.stdout.splitlines()
    assert result.exit_code == 1 and verdict.startswith("gate: failed")
    assert findings and all(re.match(rf"{re.escape(TGT)}:\d+:\d+: [a-z-]+ (major|critical) \S", line) for line in findings), findings
    loud = runner.invoke(app, ["check", SRC, TGT, "--engine", "none"])
    assert "src " in loud.stdout and "signature: " in loud.stdout and "segment(s)" in loud.stdout
    assert all(line in loud.stdout.splitlines() for line in findings)  # the same lines close the full report


def test_checks_lists_every_check():
    from qa.checks import CHECKS

    result = runner.invoke(app, ["checks"])
    assert result.exit_code == 0
    for check_id, check in CHECKS.items():
        assert check_id in result.stdout
        assert check.title in result.stdout


def test_help_does_not_import_torch():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from qa.cli import app\n"
        "r = CliRunner().invoke(app, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'check' in r.output\n"
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2', 'pymorphy3', 'natasha') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- settings declared once: a check's own settings are flags too ---------------------------------


def _check_options():
    from qa.checks import CHECKS

    return [(check.id, option) for check in CHECKS.values() for option in check.options]


def test_help_of_check_lists_every_declared_flag_with_its_help():
    from qa.settings import declared

    text = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "300"}).stdout
    flags = [f.metadata["flag"] for f in declared() if f.metadata["flag"] and "check" in f.metadata["commands"]]
    own = ["--" + option.name.replace("_", "-") for _, option in _check_options()]
    assert own and "--unsupported-logprob" in own
    for flag in [*flags, *own]:
        assert flag in text, flag
    for check_id, option in _check_options():
        assert option.help.strip(), (check_id, option.name)
        assert option.name not in {f.name for f in declared()}, option.name  # one name, one setting


def test_a_checks_setting_given_as_a_flag_beats_the_file(tmp_path, monkeypatch):
    import qa.cli

    (tmp_path / ".git").mkdir()
    (tmp_path / "mtqa.toml").write_text("unsupported-logprob = -3.5\nunsupported-max = 2\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    seen = {}
    monkeypatch.setattr(qa.cli, "_check", lambda pairs, settings, *rest: seen.setdefault("settings", settings) and 0)
    result = runner.invoke(app, ["check", "a.ru.txt", "a.en.txt", "--unsupported-logprob", "-5", "--engine", "none"])
    assert result.exit_code == 0, result.output
    assert seen["settings"].check_options == {"unsupported_logprob": -5.0, "unsupported_max": 2}
    assert "warning" not in result.stderr


def test_an_unknown_key_is_exit_2_with_the_nearest(tmp_path, monkeypatch):
    import qa.cli

    (tmp_path / ".git").mkdir()
    (tmp_path / "mtqa.toml").write_text("unsupported-logprobb = -3.5\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(qa.cli, "_check", lambda *args: 0)
    result = runner.invoke(app, ["check", "a.ru.txt", "a.en.txt", "--engine", "none"])
    assert result.exit_code == 2, result.output
    assert "unknown key 'unsupported-logprobb' (did you mean 'unsupported-logprob'?)" in result.stderr


# --- output paths: checked before any work, the same in check and batch --------------------------


@pytest.mark.parametrize("command", [["check", SRC, TGT], ["batch", "corpora"]])
def test_a_folder_as_output_is_exit_2_before_any_work(command, tmp_path, monkeypatch):
    import qa.pipeline

    monkeypatch.setattr(qa.pipeline, "run", lambda *a, **k: pytest.fail("the work started"))
    result = runner.invoke(app, [*command, "--engine", "none", "--no-cache", "-f", "json", "-o", str(tmp_path)])
    assert result.exit_code == 2 and f"{tmp_path}: is a folder" in result.stderr


@pytest.mark.parametrize("command", [["check", SRC, TGT], ["batch", "corpora"]])
def test_missing_folders_of_an_output_are_made_by_both_commands(command, tmp_path):
    output = tmp_path / "missing" / "dir" / "report.json"
    result = runner.invoke(app, [*command, "--engine", "none", "--no-cache", "-f", "json", "-o", str(output), "--no-progress"] if command[0] == "batch" else [*command, "--engine", "none", "--no-cache", "-f", "json", "-o", str(output)])
    assert result.exit_code in (0, 1), result.output
    assert output.is_file() and output.read_text(encoding="utf-8").startswith("{")


def test_version():
    from qa import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"mtqa {__version__}"


def test_a_closed_pipe_is_no_internal_error():
    """`mtqa checks | head -1`: the reader goes away before mtqa writes (closed here before the
    process has even imported mtqa), and mtqa ends quietly instead of reporting an internal error."""
    code = "import sys; sys.argv = ['mtqa', 'checks']; from qa.cli import main; main()"
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 0, stderr
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
