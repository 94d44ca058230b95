"""Where reports go: stdout, files (never over an input), the terminal (rich), and the progress bar
on stderr. What ``mtqa check`` and ``mtqa batch`` print and write, apart from parsing the command line."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from qa.errors import ConfigError
from qa.records import Report


def write_check_report(report: Report, format: str, output: Path | None, quiet: bool) -> None:
    """``mtqa check``'s output: the report in ``format`` to stdout or ``output`` (the terminal
    summary then goes to stderr)."""
    from rich.console import Console

    from qa.report import RENDERERS
    from qa.report.terminal import show

    if output is not None:
        output.write_text(RENDERERS[format](report), encoding="utf-8")
        show(report, Console(stderr=True, highlight=False), quiet=True)
    elif format == "table":
        show(report, Console(highlight=False), quiet=quiet)
    else:
        sys.stdout.write(RENDERERS[format](report))


def check_format(format: str) -> None:
    from qa.report import RENDERERS

    if format not in RENDERERS:
        raise ConfigError(f"unknown --format {format!r}; choose from {', '.join(RENDERERS)}")


def refuse_overwrite(output: Path | None, inputs: list[Path]) -> None:
    """Never write over a file the user gave us as input."""
    if output is None:
        return
    for path in inputs:
        if Path(path).exists() and output.exists() and output.resolve() == Path(path).resolve():
            raise ConfigError(f"{output}: the report would overwrite an input file")


@contextlib.contextmanager
def progress_bar(enabled: bool):
    """A rich progress bar on stderr (only on a terminal); yields the library's progress callback."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    labels = {"load": "loading", "translate": "translating", "score": "scoring", "check": "checking"}
    with Progress(TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def report_targets(format: str, output: Path | None, extra: list[str]) -> list[tuple[str, Path | None]]:
    """(format, path or None for stdout) of the main report and each --report FORMAT=PATH, each
    checked before any work: a known format, a path that is no folder, a folder it can be written in."""
    from qa.report import RENDERERS

    targets: list[tuple[str, Path | None]] = [(format, output)]
    for spec in extra:
        name, sep, path = spec.partition("=")
        if not sep or not path:
            raise ConfigError(f"--report expects FORMAT=PATH (as in sarif=mtqa.sarif), not {spec!r}")
        targets.append((name.strip(), Path(path)))
    for name, path in targets:
        if name not in RENDERERS:
            raise ConfigError(f"unknown report format {name!r}; choose from {', '.join(RENDERERS)}")
        writable(path)
    return targets


def writable(path: Path | None) -> None:
    """A report path that can be written: not a folder, its folder made (as ``mkdir -p``) and
    writable; a ConfigError (exit 2) before any work otherwise."""
    if path is None:
        return
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder; give the report a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot make its folder ({exc.strerror or exc})") from None
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ConfigError(f"{path}: not writable")


def write_reports(report, targets: list[tuple[str, Path | None]], inputs: list[Path]) -> None:
    """Each target of :func:`report_targets` written: files, stdout, the summary on the terminal."""
    from qa.report import RENDERERS

    for _, path in targets:
        refuse_overwrite(path, inputs)
    if not isinstance(report, Report):  # a batch streamed through the driver (--executor ray)
        write_streamed_reports(report, targets)
        return
    output = targets[0][1]
    for name, path in targets:
        if path is not None:
            path.write_text(RENDERERS[name](report), encoding="utf-8")
        elif name == "summary":
            from rich.console import Console

            from qa.report.summary import show

            show(report, Console(highlight=False))
        else:
            sys.stdout.write(RENDERERS[name](report))
    if output is not None:
        from rich.console import Console

        from qa.report.summary import show

        show(report, Console(stderr=True, highlight=False))


def write_streamed_reports(batch, targets: list[tuple[str, Path | None]]) -> None:
    """The summary and JSON reports of a :class:`~qa.executor.stream.StreamedBatch`."""
    from rich.console import Console

    from qa.report.summary import show_streamed

    for name, path in targets:
        if name == "json":
            batch.write_json(path if path is not None else sys.stdout)
        elif path is not None:  # the summary, into a file
            with open(path, "w", encoding="utf-8") as out:
                show_streamed(batch, Console(file=out, width=120, no_color=True, highlight=False, soft_wrap=False))
        else:
            show_streamed(batch, Console(highlight=False))
    if targets[0][1] is not None:
        show_streamed(batch, Console(stderr=True, highlight=False))


def stale_warning(report: Report) -> str | None:
    """What to tell of baseline entries that matched no finding (None: all matched)."""
    gate = report.gate
    if gate is None or not gate.stale:
        return None
    checks = ", ".join(sorted({e.check for e in gate.stale}))
    entries = "entry" if len(gate.stale) == 1 else "entries"
    return (
        f"{gate.baseline.get('path', 'baseline')}: {len(gate.stale)} baseline {entries} "
        f"matched no finding ({checks}); `mtqa baseline create` refreshes the file"
    )
