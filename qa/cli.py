"""The command line: parse, call the library, render, exit. The only module that knows typer.

Every command runs its body inside :func:`_guard`, which turns a QAError into
one line on stderr and exit 2, and anything else into exit 3 (with the
traceback under --debug). Exit codes themselves come from qa.gate.return_code.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import traceback
from pathlib import Path
from typing import Optional

import typer

from qa.errors import ConfigError, QAError
from qa.gate import return_code
from qa.report.controls import visible

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback(invoke_without_command=True)
def _main(version: bool = typer.Option(False, "--version", help="Print mtqa's version and exit.", is_eager=True)) -> None:
    """mtqa: check a machine translation against its original with an open retranslation model."""
    if version:
        from qa import __version__

        typer.echo(f"mtqa {__version__}")
        raise typer.Exit(0)


@contextlib.contextmanager
def _guard(debug: bool = False):
    from qa.report.output import one_line_warnings

    with one_line_warnings():
        try:
            yield
        except typer.Exit:
            raise
        except QAError as exc:
            if debug:
                traceback.print_exc()
            typer.echo(f"mtqa: error: {visible(str(exc))}", err=True)
            raise typer.Exit(return_code(error=exc)) from None
        except KeyboardInterrupt:
            typer.echo("mtqa: interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `mtqa checks | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # as the Python docs advise: no second error at exit
            raise typer.Exit(0) from None
        except Exception as exc:  # noqa: BLE001 - the edge of the program
            if debug:
                traceback.print_exc()
            from qa.errors import CheckFailure
            said = str(exc) if isinstance(exc, CheckFailure) else f"internal error: {type(exc).__name__}: {exc}"
            typer.echo(f"mtqa: {visible(said)} (run with --debug for the traceback)", err=True)
            raise typer.Exit(return_code(error=exc)) from None


def _severity(value: str):
    from qa.records import Severity

    try:
        return Severity(value.lower())
    except ValueError:
        raise ConfigError(f"--fail-on must be one of info, minor, major, critical, not {value!r}") from None


# The settings' options come from their declarations in qa.settings: every command that checks
# documents takes them (@_settings_options) and builds its Settings with _settings(). A flag left
# out is None, so the configuration file's value (or the default) stands.
_CONFIG = ("config", Optional[Path], typer.Option(None, "--config", help="Configuration file (default: mtqa.toml, or pyproject.toml with a tool.mtqa table, found upward)."))
_OPTION_TYPES = {"str": Optional[str], "str | None": Optional[str], "int": Optional[int], "float": Optional[float], "float | None": Optional[float], "Severity": Optional[str], "int | str": Optional[str]}


def _declared_options(command: str) -> list[tuple[str, object, object]]:
    """(parameter name, annotation, typer option) of each setting with a flag for ``command``."""
    from dataclasses import MISSING

    from qa.settings import declared

    out = [_CONFIG]
    for f in declared():
        meta = f.metadata
        if not meta["flag"] or command not in meta["commands"]:
            continue
        default = f.default if f.default is not MISSING else None
        if meta["switch"]:
            out.append((f.name, bool, typer.Option(False, meta["flag"], help=meta["help"] + ".")))
            continue
        if f.type.startswith(("list", "dict")):
            kind = list[Path] if meta["path"] else list[str]
            out.append((f.name, kind, typer.Option([], meta["flag"], help=meta["help"] + ".")))
            continue
        kind = Optional[Path] if meta["path"] else _OPTION_TYPES[f.type]
        names = [meta["flag"], *([meta["short"]] if meta["short"] else [])]
        out.append((f.name, kind, typer.Option(None, *names, help=_help(meta["help"], default))))
    from qa.checks import CHECKS

    for check in CHECKS.values():  # each check's own settings, declared with it: --NAME, into check_options
        for option in check.options:
            help = _help(f"Check {check.id}: {option.help}", option.default)
            out.append((option.name, Optional[option.kind], typer.Option(None, "--" + option.name.replace("_", "-"), help=help)))
    return out


def _help(text: str, default) -> str:
    shown = getattr(default, "value", default)
    return text + (f" (default: {shown:g})." if isinstance(shown, float) else f" (default: {shown})." if shown not in (None, "") else ".")


def _settings_options(command_name: str = "check"):
    """Give a command the settings' options; it receives their values as one dict, ``flags``."""
    declared_options = _declared_options(command_name)

    def decorate(command):
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "flags"]
        shared = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind) for name, kind, option in declared_options]

        @functools.wraps(command)
        def wrapper(**kwargs):
            flags = {name: kwargs.pop(name) for name, _, _ in declared_options}
            return command(flags=flags, **kwargs)

        wrapper.__signature__ = signature.replace(parameters=own + shared)
        wrapper.__annotations__ = {p.name: p.annotation for p in own + shared}
        return wrapper

    return decorate


def _settings(flags: dict):
    """Defaults, then the configuration file, then the flags; with the configuration file's path."""
    from qa.config import load_settings
    from qa.settings import declared

    values = {}
    for f in declared():
        if f.name not in flags:
            continue
        value = flags[f.name]
        if f.metadata["switch"]:
            value = (not f.default) if value else None
        elif isinstance(value, list):
            value = [str(v) for v in value] or None
        elif isinstance(value, Path):
            value = str(value)
        elif f.type == "Severity" and value is not None:
            value = _severity(value)
        values[f.name] = value
    from qa.checks import check_options

    own = {name: flags[name] for name in check_options() if flags.get(name) is not None}
    values["check_options"] = own or None
    settings, file = load_settings(values, config=flags["config"])
    for warning in file.warnings:
        typer.echo(f"mtqa: warning: {visible(str(warning))}", err=True)
    return settings, file.path


def _warn_stale(report) -> None:
    from qa.report.output import run_warnings

    for warning in run_warnings(report):
        typer.echo(f"mtqa: warning: {visible(warning)}", err=True)


_QUIET = typer.Option(False, "--quiet", "-q", help="Print only the findings that fail the gate (path:line:col: check severity message) and its decision.")
_VERBOSE = typer.Option(False, "--verbose", "-v", help="Print the full signature (every version and hash) instead of its short form.")


@app.command()
@_settings_options("check")
def check(
    source: Path = typer.Argument(..., help="Source file (article, one paragraph per line), or one aligned .tsv/.jsonl/.xlf/.tmx/.po file."),
    target: Optional[Path] = typer.Argument(None, help="Target file: the supplied translation (omit for an aligned file)."),
    format: str = typer.Option("table", "--format", "-f", help="table, json, summary, junit, sarif, markdown, html or csv."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    quiet: bool = _QUIET,
    verbose: bool = _VERBOSE,
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    flags: dict = None,
) -> None:
    """Check one translated article (or one aligned file) and gate on its findings."""
    with _guard(debug):
        settings, config = _settings(flags)
        code = _check([(source, target)], settings, format, output, quiet, config, verbose)
    raise typer.Exit(code)


def _check(pairs, settings, format: str, output: Path | None, quiet: bool, config: Path | None = None, verbose: bool = False) -> int:
    from qa.outputs import refuse_overwriting
    from qa.pipeline import run
    from qa.report.output import check_format, write_check_report

    check_format(format)
    # before any work: a folder, a folder that cannot be made, a file the run reads is exit 2 now
    refuse_overwriting([("report", output)], settings, [p for pair in pairs for p in pair if p is not None], config)
    report = run(pairs, settings)
    _warn_stale(report)
    write_check_report(report, format, output, quiet, verbose)
    return return_code(report.gate)


@app.command("checks")
def list_checks() -> None:
    """List every check with its id, default severity and title."""
    with _guard():
        from qa.checks import CHECKS

        width = max(len(c) for c in CHECKS)
        for check_id, check in CHECKS.items():
            typer.echo(f"{check_id:<{width}}  {check.severity.value:<8}  {check.scope:<8}  {check.title}")
            for option in check.options:  # the check's own settings: configuration keys
                typer.echo(f"{'':<{width}}  setting {option.name.replace('_', '-')} = {option.default!r}: {option.help}")


models_app = typer.Typer(help="Models on this machine: list, pull, convert, info.", no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list(
    models_dir: Path = typer.Option(Path("models"), "--dir", help="Directory of downloaded and converted models."),
) -> None:
    """List the registry's models (cached or missing), cached opus-mt models and models in --dir."""
    with _guard():
        from qa.engine.models import list_models

        for info in list_models(models_dir):
            typer.echo(info.line())


@models_app.command("pull")
def models_pull(
    model: Optional[str] = typer.Argument(None, help="Hub id (default: the registry's model for the pair)."),
    source_lang: str = typer.Option("ru", "--source-lang"),
    target_lang: str = typer.Option("en", "--target-lang"),
    dest: Optional[Path] = typer.Option(None, "--dest", help="Download into this directory instead of the HF cache."),
) -> None:
    """Download a model from the Hugging Face hub (needs network)."""
    with _guard():
        from qa.engine.models import pull_model

        typer.echo(pull_model(model, source_lang=source_lang, target_lang=target_lang, dest=dest).line())


@models_app.command("convert")
def models_convert(
    model: str = typer.Argument(..., help="Hub id (cached) or directory of a MarianMT model."),
    outdir: Path = typer.Argument(..., help="Directory for the CTranslate2 model."),
    quantization: str = typer.Option("int8", "--quantization", help="int8, int8_float16, float16, float32, ..."),
    vmap: Optional[Path] = typer.Option(None, "--vmap", help="Vocabulary map (vmap.txt) for a shortlist."),
    force: bool = typer.Option(False, "--force", help="Replace OUTDIR."),
) -> None:
    """Convert a MarianMT model for CTranslate2 (--engine ct2 --model OUTDIR)."""
    with _guard():
        from qa.engine.models import convert_model

        typer.echo(convert_model(model, outdir, quantization=quantization, vmap=vmap, force=force).line())


@models_app.command("info")
def models_info(
    model: Optional[str] = typer.Argument(None, help="Hub id or directory (default: the registry's model)."),
    source_lang: str = typer.Option("ru", "--source-lang"),
    target_lang: str = typer.Option("en", "--target-lang"),
) -> None:
    """Show a model's pair, format, size, parameters and engine signature (as JSON)."""
    with _guard():
        import json

        from qa.engine.models import model_info

        info = model_info(model, source_lang=source_lang, target_lang=target_lang)
        typer.echo(json.dumps(info.to_dict(), indent=2, ensure_ascii=False))


glossary_app = typer.Typer(help="Glossaries: lint a file, suggest entries from reports.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("lint")
def glossary_lint(
    path: Path = typer.Argument(..., help="Glossary file (TSV, CSV or TBX)."),
) -> None:
    """Report malformed rows of a glossary file with their line numbers (exit 2 on any error)."""
    with _guard():
        from qa.errors import GlossaryError
        from qa.terms.glossary import has_errors, lint_glossary

        if not path.is_file():
            raise GlossaryError(f"{path}: glossary file not found")
        problems = lint_glossary(path)
        for problem in problems:
            typer.echo(visible(str(problem)))
        errors = sum(p.level == "error" for p in problems)
        if has_errors(problems):
            raise GlossaryError(f"{path}: {errors} error(s), {len(problems) - errors} warning(s)")
        typer.echo(f"{path}: ok ({len(problems)} warning(s))")


@glossary_app.command("suggest")
def glossary_suggest(
    reports: list[Path] = typer.Argument(..., help="JSON reports written by `mtqa check --format json`."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the candidate glossary (TSV)."),
    min_count: int = typer.Option(1, "--min-count", help="Propose a term only when seen this many times."),
) -> None:
    """Propose glossary entries: source terms rendered inconsistently or unlike the pivot."""
    with _guard():
        from qa.outputs import refuse_overwrite, writable
        from qa.terms.mining import suggest_entries, write_candidates

        writable(output)
        refuse_overwrite([("candidate glossary", output)], [("a report read", r) for r in reports])
        rows = suggest_entries(reports, min_count=min_count)
        write_candidates(rows, output)
        typer.echo(f"{output}: {len(rows)} candidate entr{'y' if len(rows) == 1 else 'ies'} to review")


def _run_batch(paths: list[Path], manifests: list[Path], settings, outputs, config, progress: bool, formats=None):
    """Discover the documents, refuse outputs that are files the run reads (before any work), check
    every document on the settings' executor (for reports in ``formats``; ``baseline create``: here);
    the report, with the gate decided."""
    from qa.executor import run_batch
    from qa.load.discover import discover_batch
    from qa.report.output import progress_bar

    settings = settings if formats is not None else settings.replace(executor="local", allow_missing=True)
    items, found_warnings, missing = discover_batch(paths, manifests, settings, outputs, config)
    for warning in found_warnings:
        typer.echo(f"mtqa: warning: {visible(warning)}", err=True)
    with progress_bar(enabled=progress) as report_progress:
        return run_batch(items, settings, report_progress, formats=formats or (), missing=missing)


# the options of the commands that run a batch (`batch`, `baseline create`), declared once
_MANIFEST = typer.Option([], "--manifest", help="CSV or JSONL listing source, target, id (paths relative to it); repeatable.")
_NO_PROGRESS = typer.Option(False, "--no-progress", help="No progress bar on stderr.")
_DEBUG = typer.Option(False, "--debug", help="Show tracebacks.")


@app.command()
@_settings_options("batch")
def batch(
    paths: Optional[list[Path]] = typer.Argument(None, help="Folders (pairs NAME.ru.txt + NAME.en.txt, .xlf/.xliff/.tmx/.po files) and files."),
    manifest: list[Path] = _MANIFEST,
    format: str = typer.Option("summary", "--format", "-f", help="summary, table, json, junit, sarif, markdown, html or csv."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file (the summary goes to stderr)."),
    report: list[str] = typer.Option([], "--report", help="Also write FORMAT=PATH, e.g. sarif=mtqa.sarif; repeatable."),
    no_progress: bool = _NO_PROGRESS,
    quiet: bool = _QUIET,
    verbose: bool = _VERBOSE,
    debug: bool = _DEBUG,
    flags: dict = None,
) -> None:
    """Check many documents in one run (one model load) and gate on all their findings."""
    with _guard(debug):
        from qa.report.output import report_targets, write_reports

        settings, config = _settings(flags)
        targets = report_targets(format, output, list(report))  # before any work
        outputs = [("report", p) for _, p in targets]
        formats = [name for name, _ in targets]
        result_report = _run_batch(list(paths or []), list(manifest), settings, outputs, config, not no_progress, formats)
        _warn_stale(result_report)
        write_reports(result_report, targets, quiet, verbose)
        code = return_code(result_report.gate)
    raise typer.Exit(code)


baseline_app = typer.Typer(help="Baselines: accept the current findings, so that the gate fails on new ones only.", no_args_is_help=True)
app.add_typer(baseline_app, name="baseline")


@baseline_app.command("create")
@_settings_options("batch")
def baseline_create(
    paths: Optional[list[Path]] = typer.Argument(None, help="Folders and files, as for `mtqa batch`."),
    manifest: list[Path] = _MANIFEST,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Baseline file to write (default: --baseline, the configured one, or mtqa-baseline.json)."),
    no_progress: bool = _NO_PROGRESS,
    debug: bool = _DEBUG,
    flags: dict = None,
) -> None:
    """Record every current finding as accepted (fingerprinted by check and text, not by position)."""
    with _guard(debug):
        from qa.gate.baseline import Baseline

        settings, config = _settings(flags)
        target = output or Path(settings.baseline or "mtqa-baseline.json")
        settings.baseline = None  # creating it: nothing is accepted yet
        outputs = [("baseline", target)]  # checked before any work: writable, no file the run reads
        report = _run_batch(list(paths or []), list(manifest), settings, outputs, config, progress=not no_progress)
        baseline = Baseline.from_report(report)
        baseline.write(target)
        typer.echo(f"{target}: {len(baseline.entries)} entr{'y' if len(baseline.entries) == 1 else 'ies'} accepting {len(report.findings)} finding(s)", err=True)
    raise typer.Exit(0)


def main() -> None:
    app()
