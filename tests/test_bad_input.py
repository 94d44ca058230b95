"""Bad input and a hostile environment end in exit 2 with one line naming the problem, never in a
traceback or exit 3 (issue 14). Each row is a reproducer: the files it writes, the command, the
exit code and what the one line says. Odd text that a check or a library once raised on (Tangut,
numbers beyond float range) is checked like any other text."""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app

runner = CliRunner()
NONE = ["--engine", "none", "--no-cache", "--no-builtin-glossary"]
RU, EN = "Президент заявил, что 1 000 человек пришли.\n", "The president said 1,000 people came.\n"
PAIR = ["a.ru.txt", "a.en.txt"]


def _pair(folder: Path, source: str | bytes = RU, target: str | bytes = EN, name: str = "a") -> None:
    for lang, text in (("ru", source), ("en", target)):
        (folder / f"{name}.{lang}.txt").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def _write(name: str, content: str | bytes, *, pair: bool = True):
    def build(folder: Path) -> None:
        if pair:
            _pair(folder)
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    return build


def _baseline(*entries) -> str:
    return json.dumps({"schema": "mtqa-baseline/1", "entries": list(entries)})


def _po(charset: str, body: bytes) -> bytes:
    header = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\n'.encode("ascii")
    return header + body


# (id, files, arguments, exit code, what stderr's line says)
BAD = [
    # aligned files: JSON that Python's json refuses to build, rows with nothing, escapes no text can hold
    ("jsonl-empty-row", _write("d.jsonl", '{"source": "", "target": ""}\n', pair=False), ["check", "d.jsonl"], 2, r"d\.jsonl: no segments"),
    ("jsonl-int-4301-digits", _write("d.jsonl", '{"source": "a", "target": "b", "id": ' + "1" * 4301 + "}\n", pair=False), ["check", "d.jsonl"], 2, r"d\.jsonl:1: not usable JSON \(Exceeds the limit"),
    ("jsonl-nested-2000", _write("d.jsonl", '{"source": "a", "target": "b", "id": ' + "[" * 2000 + "]" * 2000 + "}\n", pair=False), ["check", "d.jsonl"], 2, r"d\.jsonl:1: not usable JSON \(nested too deep\)"),
    ("jsonl-lone-surrogate", _write("d.jsonl", '{"source": "a\\ud800", "target": "b"}\n', pair=False), ["check", "d.jsonl"], 2, r"d\.jsonl:1: holds a lone surrogate \(U\+D800\)"),
    ("jsonl-nul-escape", _write("d.jsonl", '{"source": "a\\u0000b", "target": "b"}\n', pair=False), ["check", "d.jsonl"], 2, r"d\.jsonl:1: holds a NUL character"),
    ("jsonl-id-object", _write("d.jsonl", '{"source": "a", "target": "b", "id": {}}\n', pair=False), ["check", "d.jsonl"], 2, r'd\.jsonl:1: "id" must be a string or a number'),
    # XML: an XLIFF 2 unit without its id is read (numbered); a declaration naming no codec is refused
    ("xml-unknown-encoding", _write("d.xlf", '<?xml version="1.0" encoding="nonsense"?><xliff version="1.2"/>', pair=False), ["check", "d.xlf"], 2, r"d\.xlf: the XML declaration names an unknown encoding"),
    ("tbx-nested-1000", _write("g.tbx", '<?xml version="1.0"?><tbx>' + "<a>" * 1000 + "</a>" * 1000 + "</tbx>"), ["check", *PAIR, "--glossary", "g.tbx"], 2, r"g\.tbx:1: error: refused XML: elements nested more than 256 deep"),
    # the pair pattern, the baseline, the configuration file
    ("pattern-lone-brace", _pair, ["batch", ".", "--pair-pattern", "{name}.{lang}.txt{"], 2, r"--pair-pattern: .*not a valid pattern \(Single '\{'"),
    ("pattern-unknown-field", _pair, ["batch", ".", "--pair-pattern", "{name}.{lang}.{x}"], 2, r"unknown field \{x\}"),
    ("pattern-format-spec", _pair, ["batch", ".", "--pair-pattern", "{name:>5}.{lang}.txt"], 2, r"take no format spec"),
    ("pattern-parent", _pair, ["batch", ".", "--pair-pattern", "../{name}.{lang}.txt"], 2, r"without '\.\.'"),
    ("baseline-fingerprint-list", _write("b.json", _baseline({"fingerprint": ["x"], "check": "names", "severity": "major"})), ["check", *PAIR, "--baseline", "b.json"], 2, r"b\.json: entry 1: fingerprint must be a string, not list"),
    ("baseline-bad-severity", _write("b.json", _baseline({"fingerprint": "x", "check": "names", "severity": "nope"})), ["check", *PAIR, "--baseline", "b.json"], 2, r"b\.json: entry 1: severity must be one of"),
    ("baseline-entry-int", _write("b.json", _baseline(1)), ["check", *PAIR, "--baseline", "b.json"], 2, r"b\.json: entry 1 needs fingerprint, check and severity"),
    ("baseline-int-4301-digits", _write("b.json", '{"schema": ' + "1" * 4301 + "}"), ["check", *PAIR, "--baseline", "b.json"], 2, r"b\.json: not usable JSON"),
    ("config-not-utf8", _write("c.toml", b"engine = '\xff'\n"), ["check", *PAIR, "--config", "c.toml"], 2, r"c\.toml: not UTF-8"),
    ("config-tool-1", _write("pyproject.toml", "tool = 1\n"), ["check", *PAIR, "--config", "pyproject.toml"], 2, r"pyproject\.toml: 'tool' must be a table"),
    ("config-beam-1e8", _write("c.toml", "beam-size = 100000000\n"), ["check", *PAIR, "--config", "c.toml"], 2, r"beam-size: must be at most 64, not 100,000,000"),
    ("flag-beam-1e8", _pair, ["check", *PAIR, "--beam-size", "100000000"], 2, r"--beam-size: must be at most 64"),
    ("config-float-400-digits", _write("c.toml", "min-chrf = " + "9" * 400 + "\n"), ["check", *PAIR, "--config", "c.toml"], 2, r"min-chrf: expected a finite number, not 9{20}"),
    ("config-int-4400-digits", _write("c.toml", "beam-size = -" + "9" * 4400 + "\n"), ["check", *PAIR, "--config", "c.toml"], 2, r"c\.toml: not usable TOML \(Exceeds the limit"),
    ("config-int-minus-30-digits", _write("c.toml", "beam-size = -" + "9" * 30 + "\n"), ["check", *PAIR, "--config", "c.toml"], 2, r"beam-size: must be at least 1, not -9{29}"),
    ("flag-max-findings-5000-digits", _pair, ["check", *PAIR, "--max-findings", "omission=" + "9" * 5000], 2, r"--max-findings: expected CHECK=N"),
    ("config-max-file-mb-nan", _write("c.toml", "max-file-mb = nan\n"), ["check", *PAIR, "--config", "c.toml"], 2, r"max-file-mb: expected a finite number"),
    # decoding: honest about what the bytes are
    ("utf8-bad-line", _write("d.tsv", ("Привет\tHello\n" * 50).encode() + "Привет\tПр".encode("cp1251") + b"\n", pair=False), ["check", "d.tsv"], 2, r"d\.tsv:51: not valid UTF-8 \(byte 0xcf"),
    ("bom-only", lambda f: _pair(f, codecs.BOM_UTF8, codecs.BOM_UTF8), ["check", *PAIR], 2, r"a\.ru\.txt: file is empty"),
    ("bom-and-whitespace", lambda f: _pair(f, codecs.BOM_UTF8 + b" \n\t\n", EN), ["check", *PAIR], 2, r"a\.ru\.txt: file is empty"),
    ("utf16-whitespace", lambda f: _pair(f, " \n".encode("utf-16"), EN), ["check", *PAIR], 2, r"a\.ru\.txt: file is empty"),
    ("utf16-nul", lambda f: _pair(f, "А\x00Б\n".encode("utf-16"), EN), ["check", *PAIR], 2, r"a\.ru\.txt:1: holds a NUL character"),
    ("nul-in-text", lambda f: _pair(f, "А\x00Б\n", EN), ["check", *PAIR], 2, r"a\.ru\.txt: looks like a binary file \(NUL bytes\)"),
    ("nul-in-po", _write("d.po", _po("UTF-8", 'msgid "Привет"\nmsgstr "He\x00llo"\n'.encode()), pair=False), ["check", "d.po"], 2, r"d\.po: target of segment 1: holds a NUL character"),
    ("nul-in-glossary", _write("g.tsv", "ru\ten\nслово\x00\tword\n"), ["check", *PAIR, "--glossary", "g.tsv"], 2, r"g\.tsv:2: error: holds a NUL character"),
    ("po-unknown-charset", _write("d.po", _po("NO-SUCH-CODEC", 'msgid "a"\nmsgstr "b"\n'.encode()), pair=False), ["check", "d.po"], 2, r"d\.po: the header declares charset 'NO-SUCH-CODEC'"),
    ("po-not-its-charset", _write("d.po", _po("CP1251", b'msgid "a"\nmsgstr "\x98"\n'), pair=False), ["check", "d.po"], 2, r"d\.po:6: not valid CP1251, the charset its header declares"),
    # caps on input size
    ("line-over-limit", lambda f: _pair(f, "а" * 2000 + "\n", EN), ["check", *PAIR, "--max-line-chars", "1000"], 2, r"a\.ru\.txt:1: a line of 2,000 characters, over the limit of 1,000 \(max-line-chars\)"),
    ("file-over-limit", lambda f: _pair(f, RU * 1000, EN), ["check", *PAIR, "--max-file-mb", "0.01"], 2, r"a\.ru\.txt: larger than the limit of 0\.01 MB \(max-file-mb\)"),
    ("jsonl-field-over-limit", _write("d.jsonl", json.dumps({"source": "а" * 2000, "target": "b"}, ensure_ascii=False) + "\n", pair=False), ["check", "d.jsonl", "--max-line-chars", "1000"], 2, r"d\.jsonl:1: a line of 2,0\d\d characters"),
    ("po-segment-over-limit", _write("d.po", _po("UTF-8", ('msgid "' + "а" * 2000 + '"\nmsgstr "b"\n').encode()), pair=False), ["check", "d.po", "--max-line-chars", "1000"], 2, r"d\.po: source of segment 1: a line of 2,000 characters"),
]


@pytest.mark.parametrize("build, arguments, code, said", [row[1:] for row in BAD], ids=[row[0] for row in BAD])
def test_bad_input_is_exit_2_with_one_line(tmp_path, monkeypatch, build, arguments, code, said):
    monkeypatch.chdir(tmp_path)
    build(tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = runner.invoke(app, [*arguments, *NONE])
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines and re.search(said, lines[-1]), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert {p: p.read_bytes() for p in before} == before  # no input touched


def _fifo(folder: Path) -> None:
    _pair(folder)
    (folder / "a.ru.txt").unlink()
    os.mkfifo(folder / "a.ru.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_opening_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _fifo(tmp_path)
    result = runner.invoke(app, ["check", *PAIR, *NONE])
    assert result.exit_code == 2 and "a.ru.txt: is a FIFO, not a regular file" in result.stderr
    found = runner.invoke(app, ["batch", ".", *NONE])  # in a scanned folder: skipped, said
    assert found.exit_code == 2 and "1 skipped, the first: a.ru.txt: not a regular file, skipped" in found.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _pair(tmp_path)
    result = runner.invoke(app, ["check", "/dev/zero", "a.en.txt", *NONE])
    assert result.exit_code == 2 and "/dev/zero: is a device, not a regular file" in result.stderr
    glossary = runner.invoke(app, ["check", *PAIR, "--glossary", "/dev/zero", *NONE])
    assert glossary.exit_code == 2 and "is a device" in glossary.stderr


def test_a_symlink_out_of_a_scanned_folder_is_not_followed(tmp_path, monkeypatch):
    outside, scanned = tmp_path / "outside", tmp_path / "scanned"
    outside.mkdir()
    scanned.mkdir()
    _pair(outside, name="secret")
    _pair(scanned, name="mine")
    (scanned / "leak.ru.txt").symlink_to(outside / "secret.ru.txt")
    (scanned / "leak.en.txt").symlink_to(outside / "secret.en.txt")
    (scanned / "sub").mkdir()
    _pair(scanned / "sub", name="kept")
    (scanned / "inner.ru.txt").symlink_to(scanned / "sub" / "kept.ru.txt")  # a link inside the folder is fine
    (scanned / "inner.en.txt").symlink_to(scanned / "sub" / "kept.en.txt")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["batch", "scanned", "-f", "json", *NONE])
    assert result.exit_code in (0, 1), result.stderr
    documents = {d["id"] for d in json.loads(result.stdout)["documents"]}
    assert documents == {"mine", "inner"}  # sub/kept is inner's file: each file is checked once
    assert "leak.ru.txt: a symbolic link out of scanned" in result.stderr
    followed = runner.invoke(app, ["batch", "scanned", "-f", "json", "--follow-symlinks", *NONE])
    assert {d["id"] for d in json.loads(followed.stdout)["documents"]} == {"mine", "inner", "leak"}


# odd text that a library raised on: contained, checked like any other text (no contained-failure findings either)
ODD = [
    ("tangut", "Слово \U00017000\U00017001 тут.\n", "Word \U00017000\U00017001 here.\n"),
    ("nushu-and-khitan", "Знаки \U0001b170 и \U00018b00 тут.\n", "Signs \U0001b170 and \U00018b00 here.\n"),
    ("number-320-digits", "Число " + "9" * 320 + " тут, и " + "1" * 400 + ",5 там.\n", "Number " + "9" * 320 + " here and " + "1" * 400 + ".5 there.\n"),
    ("ordinal-400-digits", "Он занял " + "2" * 400 + "-е место.\n", "He came " + "2" * 400 + "th.\n"),
]


@pytest.mark.parametrize("source, target", [row[1:] for row in ODD], ids=[row[0] for row in ODD])
def test_odd_text_is_checked_not_crashed_on(tmp_path, monkeypatch, source, target):
    monkeypatch.chdir(tmp_path)
    _pair(tmp_path, source, target)
    result = runner.invoke(app, ["check", *PAIR, "-f", "json", "--engine", "none", "--no-cache"])
    assert result.exit_code in (0, 1), result.stderr
    findings = [f for d in json.loads(result.stdout)["documents"] for f in d["findings"]]
    assert not [f for f in findings if f["note"] == "not checked: the check raised"], findings


def test_a_corrupt_model_file_is_exit_2(tmp_path, monkeypatch, tiny_model):
    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    weights = model / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    monkeypatch.chdir(tmp_path)
    _pair(tmp_path)
    for engine in ("transformers", "auto"):
        result = runner.invoke(app, ["check", *PAIR, "--engine", engine, "--model", str(model), "--cache", str(tmp_path / f"{engine}.sqlite3")])
        assert result.exit_code == 2, (engine, result.stderr)
        assert re.search(r"model: (cannot load the model|conversion failed)", result.stderr.strip().splitlines()[-1]), result.stderr


def test_decoding_is_exact(tmp_path):
    """UTF-32 with its BOM is read as UTF-32; a PO file's declared charset is honoured."""
    from qa import load

    _pair(tmp_path, RU.encode("utf-32"), codecs.BOM_UTF32_BE + EN.encode("utf-32-be"))
    bitext = load(tmp_path / "a.ru.txt", tmp_path / "a.en.txt")
    assert (bitext.sources, bitext.targets) == ([RU.strip()], [EN.strip()])
    assert bitext.encodings == {"source": "utf-32", "target": "utf-32"}
    for charset, codec in (("CP1251", "cp1251"), ("KOI8-R", "koi8_r")):
        path = tmp_path / f"{codec}.po"
        path.write_bytes(_po(charset, 'msgid "Привет, мир"\nmsgstr "Hello, world"\n'.encode(codec)))
        po = load(path)
        assert (po.sources, po.targets, po.encodings["source"]) == (["Привет, мир"], ["Hello, world"], charset)
