"""Inputs are sacred: no output, cache or baseline written over a file the run reads; nothing the
cache does not recognise as its own deleted; a failed write leaves the old file whole.

Each row is one of the destruction cases of issue 14 (and a symlink beside the hard link): the
command, its exit code, what stderr says. Every file in the test's folder must be byte for byte
and inode for inode what it was before the command, but for the files a row expects to be written.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cache.results import ResultCache
from qa.cli import app
from qa.gate.baseline import SCHEMA as BASELINE_SCHEMA

runner = CliRunner()
FAST = ["--engine", "none", "--no-builtin-glossary"]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A document pair in docs/, and beside it each other kind of file a run reads or writes."""
    docs = tmp_path / "docs"
    docs.mkdir()
    paths = {
        "src": docs / "a.ru.txt",
        "tgt": docs / "a.en.txt",
        "glossary": tmp_path / "terms.tsv",
        "pivot": tmp_path / "pivot.en.txt",
        "baseline": tmp_path / "baseline.json",
        "config": tmp_path / "mtqa.toml",
        "report": tmp_path / "old-report.json",
        "sqlite": tmp_path / "photos.db",
        "cache": tmp_path / "cache.sqlite3",
        "link": tmp_path / "hard-link.en.txt",
        "symlink": tmp_path / "sym-link.en.txt",
    }
    paths["src"].write_text("Слоны голосовали против договора.\n", encoding="utf-8")
    paths["tgt"].write_text("The elephants voted against the treaty.\n", encoding="utf-8")
    paths["glossary"].write_text("source\tapproved\nслоны\tRepublicans\n", encoding="utf-8")
    paths["pivot"].write_text("Republicans voted against the treaty.\n", encoding="utf-8")
    baseline = {"schema": BASELINE_SCHEMA, "signature": "", "entries": []}
    paths["baseline"].write_text(json.dumps(baseline) + "\n", encoding="utf-8")
    paths["config"].write_text('fail-on = "critical"\n', encoding="utf-8")
    paths["report"].write_text('{"the": "old report"}\n', encoding="utf-8")
    with sqlite3.connect(paths["sqlite"]) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER, name TEXT)")
        conn.execute("INSERT INTO photos VALUES (1, 'cat.jpg')")
    conn.close()
    cache = ResultCache(paths["cache"])
    cache.put_pivots("an engine", {"Слоны.": "Elephants."})
    cache.close()
    paths["cache"].chmod(0o444)  # read-only: to be left alone, even by root
    os.link(paths["tgt"], paths["link"])
    paths["symlink"].symlink_to(paths["tgt"])
    return paths


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.lstat().st_ino, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def _full_disk(monkeypatch):
    """Every os.write gets half its bytes out, then the disk is full (ENOSPC)."""
    real = os.write

    def write(fd, data):
        if len(data) > 1:
            real(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)


# (case, arguments, exit code, fragment of stderr, the disk is full)
CASES = [
    ("-o names the pivot file", ["check", "{src}", "{tgt}", "--engine", "file", "--pivot", "{pivot}", "--no-builtin-glossary", "-f", "json", "-o", "{pivot}"], 2, "would overwrite the pivot file", False),
    ("--report names the glossary", ["batch", "{docs}", *FAST, "--glossary", "{glossary}", "--no-progress", "--report", "json={glossary}"], 2, "would overwrite the glossary", False),
    ("-o names the baseline", ["check", "{src}", "{tgt}", *FAST, "--baseline", "{baseline}", "-f", "json", "-o", "{baseline}"], 2, "would overwrite the baseline", False),
    ("-o names the config file", ["batch", "{docs}", *FAST, "--config", "{config}", "--no-progress", "-f", "json", "-o", "{config}"], 2, "would overwrite the configuration file", False),
    ("-o is a hard link of an input", ["check", "{src}", "{tgt}", *FAST, "-f", "json", "-o", "{link}"], 2, "would overwrite an input file", False),
    ("-o is a symlink to an input", ["batch", "{docs}", *FAST, "--no-progress", "-f", "json", "-o", "{symlink}"], 2, "would overwrite an input file", False),
    ("--cache names the source", ["check", "{src}", "{tgt}", *FAST, "--cache", "{src}"], 2, "the cache would overwrite an input file", False),
    ("--cache names a glossary", ["check", "{src}", "{tgt}", *FAST, "--glossary", "{glossary}", "--cache", "{glossary}"], 2, "the cache would overwrite the glossary", False),
    ("--cache names another program's database", ["check", "{src}", "{tgt}", *FAST, "--cache", "{sqlite}"], 2, "another program's SQLite database (tables: photos)", False),
    ("--cache is read-only", ["check", "{src}", "{tgt}", *FAST, "--fail-on", "critical", "--cache", "{cache}"], 0, "the cache file is read-only; running without the cache", False),
    ("a full disk during -o", ["check", "{src}", "{tgt}", *FAST, "--no-cache", "-f", "json", "-o", "{report}"], 2, "No space left on device); the old file is left as it was", True),
    ("a full disk during --report", ["batch", "{docs}", *FAST, "--no-cache", "--no-progress", "--report", "json={report}"], 2, "No space left on device); the old file is left as it was", True),
    ("a full disk during baseline create", ["baseline", "create", "{docs}", *FAST, "--no-cache", "--no-progress", "-o", "{baseline}"], 2, "No space left on device); the old file is left as it was", True),
]


@pytest.mark.parametrize("case,args,code,fragment,full_disk", CASES, ids=[c[0] for c in CASES])
def test_no_file_the_run_reads_is_ever_changed(files, monkeypatch, case, args, code, fragment, full_disk):
    folder = files["src"].parents[1]
    names = {k: str(v) for k, v in files.items()} | {"docs": str(files["src"].parent)}
    args = [a.format(**names) for a in args]
    before = _snapshot(folder)
    if full_disk:
        _full_disk(monkeypatch)
    result = runner.invoke(app, args)
    monkeypatch.undo()
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert fragment in result.stderr, result.stderr
    if code == 2:
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert _snapshot(folder) == before  # no file changed, replaced, removed, or left half-written


def test_a_report_replaced_after_a_failed_write_keeps_its_permissions(files, monkeypatch):
    report = files["report"]
    report.chmod(0o640)
    result = runner.invoke(app, ["check", str(files["src"]), str(files["tgt"]), *FAST, "--no-cache", "-f", "json", "-o", str(report)])
    assert result.exit_code in (0, 1), result.stderr
    assert json.loads(report.read_text(encoding="utf-8"))["schema"].startswith("mtqa-report/")
    assert report.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in report.parent.iterdir() if p.name.endswith(".tmp")] == []


# (output flags, the message): checked before any work starts
BEFORE_ANY_WORK = [
    (["--report", "html={folder}"], "is a folder"),
    (["--report", "sarif={readonly}/r.sarif"], "not writable"),
    (["-f", "json", "-o", "{pivot}", "--report", "html={pivot}"], "named as the report and as the report"),
]


@pytest.mark.parametrize("flags,fragment", BEFORE_ANY_WORK)
def test_bad_outputs_are_exit_2_before_any_work(files, monkeypatch, flags, fragment):
    import qa.pipeline

    readonly = files["src"].parents[1] / "readonly"
    readonly.mkdir()
    readonly.chmod(0o555)  # read-only, even to root: its permissions say so
    monkeypatch.setattr(qa.pipeline, "run", lambda *a, **k: pytest.fail("the work started"))
    names = {"folder": str(files["src"].parent), "readonly": str(readonly), "pivot": str(files["pivot"].parent / "new.json")}
    args = ["batch", str(files["src"].parent), *FAST, "--no-cache", "--no-progress", *[f.format(**names) for f in flags]]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and fragment in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
