"""Where reports go: stdout, files (never over an input, replaced whole: :mod:`qa.outputs`), the
terminal (rich), and the progress bar on stderr. What ``mtqa check`` and ``mtqa batch`` print and
write, apart from parsing the command line."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from qa.errors import ConfigError
from qa.outputs import open_atomically, writable, write_atomically
from qa.records import Report


def write_check_report(report: Report, format: str, output: Path | None, quiet: bool, verbose: bool = False) -> None:
    """``mtqa check``'s output: the report in ``format`` to stdout or ``output`` (the terminal
    summary then goes to stderr). ``quiet``: the findings that fail the gate and its decision
    only; ``verbose``: the full signature."""
    from rich.console import Console

    from qa.report.terminal import show

    if output is not None:
        write_atomically(output, rendered(format, report, verbose))
        show(report, Console(stderr=True, highlight=False), quiet=quiet, documents=False, verbose=verbose)
    elif format == "table":
        show(report, Console(highlight=False), quiet=quiet, verbose=verbose)
    else:
        sys.stdout.write(rendered(format, report, verbose))


def rendered(format: str, report: Report, verbose: bool = False) -> str:
    """The report in ``format``; the terminal and summary formats with the full signature when ``verbose``."""
    from qa.report import RENDERERS, summary, terminal

    if verbose and format in ("table", "summary"):
        return {"table": terminal.render, "summary": summary.render}[format](report, verbose=True)
    return RENDERERS[format](report)


@contextlib.contextmanager
def one_line_warnings():
    """While a command runs: mtqa's own warnings (the cache's: a read-only cache the run goes on
    without) printed as one line, ``mtqa: warning: ...``, as its errors are, each time and whatever
    the warning filters say; other warnings as Python shows them."""
    import warnings

    from qa.cache.results import CacheWarning
    from qa.report.controls import visible

    with warnings.catch_warnings():  # restores the filters and showwarning afterwards
        default = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            if isinstance(category, type) and issubclass(category, CacheWarning):
                sys.stderr.write(f"mtqa: warning: {visible(str(message))}\n")
            else:
                default(message, category, filename, lineno, file, line)

        warnings.simplefilter("always", CacheWarning)
        warnings.showwarning = show
        yield


def check_format(format: str) -> None:
    from qa.report import RENDERERS

    if format not in RENDERERS:
        raise ConfigError(f"unknown --format {format!r}; choose from {', '.join(RENDERERS)}")


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


def write_reports(report, targets: list[tuple[str, Path | None]], quiet: bool = False, verbose: bool = False) -> None:
    """Each target of :func:`report_targets` written: files (each replaced whole), stdout, the
    summary on the terminal (``quiet``: the findings that fail the gate and its decision only;
    ``verbose``: the full signature)."""
    from rich.console import Console

    from qa.report.summary import show

    if not isinstance(report, Report):  # a batch streamed through the driver (--executor ray)
        write_streamed_reports(report, targets, quiet, verbose)
        return
    output = targets[0][1]
    for name, path in targets:
        if path is not None:
            write_atomically(path, rendered(name, report, verbose))
        elif name == "summary":
            show(report, Console(highlight=False), quiet=quiet, verbose=verbose)
        else:
            sys.stdout.write(rendered(name, report, verbose))
    if output is not None:
        show(report, Console(stderr=True, highlight=False), quiet=quiet, verbose=verbose)


def write_streamed_reports(batch, targets: list[tuple[str, Path | None]], quiet: bool = False, verbose: bool = False) -> None:
    """The summary and JSON reports of a :class:`~qa.executor.stream.StreamedBatch`."""
    from rich.console import Console

    from qa.report.summary import show_streamed

    for name, path in targets:
        if name == "json" and path is None:
            batch.write_json(sys.stdout)
        elif name == "json":
            with open_atomically(path) as out:  # replaced whole, or not at all
                batch.write_json(out)
        elif path is not None:  # the summary, into a file
            with open_atomically(path) as out:
                show_streamed(batch, Console(file=out, width=120, no_color=True, highlight=False, soft_wrap=False), verbose=verbose)
        else:
            show_streamed(batch, Console(highlight=False), quiet=quiet, verbose=verbose)
    if targets[0][1] is not None:
        show_streamed(batch, Console(stderr=True, highlight=False), quiet=quiet, verbose=verbose)


def run_warnings(report) -> list[str]:
    """What to warn of after a run: baseline entries that matched nothing, checks that raised (a
    streamed batch holds no findings to count)."""
    from qa.checks.runner import unchecked_warnings

    findings = report.findings if isinstance(report, Report) else []
    return [w for w in [stale_warning(report), *unchecked_warnings(findings)] if w]


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
