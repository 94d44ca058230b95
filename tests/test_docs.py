"""The README is tested: every command is documented, and its command lines run as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from qa.cli import app

README = Path("README.md").read_text(encoding="utf-8")
runner = CliRunner()


def _command_names(group, prefix=()):
    for name, command in group.commands.items():
        yield " ".join((*prefix, name))
        if hasattr(command, "commands"):
            yield from _command_names(command, (*prefix, name))


COMMANDS = sorted(_command_names(get_command(app)))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented(command):
    assert f"mtqa {command}" in README, f"`mtqa {command}` is not in the README"


def _readme_command_lines() -> list[str]:
    """Indented command lines of the README that call mtqa (placeholders in capitals are skipped)."""
    lines = []
    for line in README.splitlines():
        if not line.startswith("    .venv/bin/"):
            continue
        command = line.strip()
        if re.search(r"\b[A-Z]{3,}[A-Z._]*\b", command.replace("README", "")):
            continue  # a placeholder such as SOURCE.ru.txt
        lines.append(command)
    return lines


def test_readme_has_the_three_first_commands():
    lines = _readme_command_lines()
    assert lines[0].startswith(".venv/bin/mtqa check corpora/izvestia-ru-us-2025/source.ru.txt")
    assert ".venv/bin/python -m pytest" in lines
    assert "pip install torch==2.13.0" in README


def test_readme_commands_run_as_written(tmp_path, monkeypatch):
    """Run every mtqa line of the README (the tiny model built where the README builds it, in a temp dir)."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    tiny = tmp_path / "tiny-ru-en"
    ran = 0
    for command in _readme_command_lines():
        command = command.replace("models/tiny-ru-en", str(tiny))
        argv = shlex.split(command)
        if argv[0] == ".venv/bin/python" and argv[1:3] == ["-m", "qa.testing.tiny_marian"]:
            from qa.testing.tiny_marian import main

            assert main(argv[3:]) == 0
            ran += 1
        elif argv[0] == ".venv/bin/mtqa":
            result = runner.invoke(app, [*argv[1:], "--cache", str(tmp_path / "cache.sqlite3")] if argv[1] == "check" else argv[1:])
            if argv[1] == "check" and "--model" not in argv and "--engine" not in argv:
                # the real model: unavailable offline unless cached, and then a clear exit 2
                assert result.exit_code in (0, 1, 2), result.output
                if result.exit_code == 2:
                    assert "--engine none" in result.stderr and "--model" in result.stderr
            else:
                assert result.exit_code in (0, 1), (command, result.output)
            ran += 1
    assert ran >= 4
