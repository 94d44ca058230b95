"""Hostile text reaches no terminal and reorders no report: control characters and bidi controls
from the input are shown as their escapes; the HTML report runs no script but its own (CSP hash).

One article holds each row's text in a source line, its translation and its pivot; each format
the user reads (the terminal table, Markdown, HTML, the one-line errors) is rendered from it.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.report.controls import BIDI_CONTROLS, visible, visible_offsets

runner = CliRunner()

# (what it would do, the text, how it must be shown)
HOSTILE = [
    ("clear the screen", "\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H"),
    ("set the window title", "\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),
    ("print a green gate line", "\x1b[1;32mgate: passed\x1b[0m", "\\x1b[1;32mgate: passed\\x1b[0m"),
    ("conceal text", "\x1b[8mhidden\x1b[28m", "\\x1b[8mhidden\\x1b[28m"),
    ("a C1 control sequence", "\x9b2J", "\\x9b2J"),
    ("backspaces", "ok\x08\x08NO", "ok\\x08\\x08NO"),
    ("a bell and a delete", "\x07\x7f", "\\x07\\x7f"),
    ("a right-to-left override", "\u202etxt.exe\u202c", "\\u202etxt.exe\\u202c"),
    ("an isolate", "\u2067abc\u2069", "\\u2067abc\\u2069"),
    ("marks", "a\u200eb\u200fc\u061c", "a\\u200eb\\u200fc\\u061c"),
]

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    rows = [text for _, text, _ in HOSTILE]
    (folder / "a.ru.txt").write_text("".join(f"Строка {n} {t} Кремль.\n" for n, t in enumerate(rows)), encoding="utf-8")
    (folder / "a.en.txt").write_text("".join(f"Line {n} {t} Кремль.\n" for n, t in enumerate(rows)), encoding="utf-8")
    (folder / "pivot.en.txt").write_text("".join(f"Line {n} {t} the Kremlin.\n" for n, t in enumerate(rows)), encoding="utf-8")
    return folder


def _check(folder, *flags):
    args = ["check", str(folder / "a.ru.txt"), str(folder / "a.en.txt"), "--engine", "file", "--pivot", str(folder / "pivot.en.txt")]
    result = runner.invoke(app, [*args, "--no-cache", "--fail-on", "critical", *flags])
    assert result.exit_code == 0, result.stderr
    return result


@pytest.mark.parametrize("flags", [[], ["-f", "markdown"], ["-f", "summary"]], ids=["table", "markdown", "summary"])
def test_terminal_output_shows_controls_escaped(article, flags):
    result = _check(article, *flags)
    assert not RAW.findall(result.stdout + result.stderr)
    if not flags:  # the table shows every segment with findings (the others excerpts of a few)
        for _, _, shown in HOSTILE:
            assert shown in result.stdout, shown


def test_html_shows_controls_escaped_and_runs_only_its_own_script(article, tmp_path):
    out = tmp_path / "report.html"
    _check(article, "-f", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert not RAW.findall(page)
    for _, _, shown in HOSTILE:
        assert shown in page, shown
    (csp,) = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert "unsafe-inline" not in csp and "default-src 'none'" in csp
    for tag, directive in (("script", "script-src"), ("style", "style-src")):
        (body,) = re.findall(rf"<{tag}>(.*?)</{tag}>", page, flags=re.S)
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp


def test_an_error_that_quotes_input_shows_it_escaped(article):
    glossary = article / "bad\x1b[2J.tsv"
    result = runner.invoke(app, ["check", str(article / "a.ru.txt"), str(article / "a.en.txt"), "--engine", "none", "--glossary", str(glossary)])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr


# (text, span, where the span lands once shown)
OFFSETS = [
    ("a\x1bb", (2, 3), (5, 6)),
    ("\u202eab", (1, 3), (6, 8)),
    ("plain", (1, 4), (1, 4)),
    ("x\ty", (0, 3), (0, 3)),
    ("\r\n", (1, 2), (4, 8)),
]


@pytest.mark.parametrize("text,span,shown", OFFSETS)
def test_spans_follow_the_escaped_text(text, span, shown):
    out, at = visible_offsets(text)
    assert out == visible(text)
    assert (at[span[0]], at[span[1]]) == shown
    assert out[shown[0] : shown[1]] == visible(text[span[0] : span[1]])
