"""The command line: parse, call the library, render, exit. The only module that knows typer.

Every command runs its body inside :func:`_guard`, which turns a QAError into
one line on stderr and exit 2, and anything else into exit 3 (with the
traceback under --debug). Exit codes themselves come from qa.gate.return_code.
"""

from __future__ import annotations

import contextlib
import sys
import traceback
from pathlib import Path
from typing import Optional

import typer

from qa.errors import ConfigError, QAError
from qa.gate import return_code

app = typer.Typer(
    help="mtqa: check a machine translation against its original with an open retranslation model.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@contextlib.contextmanager
def _guard(debug: bool = False):
    try:
        yield
    except typer.Exit:
        raise
    except QAError as exc:
        if debug:
            traceback.print_exc()
        typer.echo(f"mtqa: error: {exc}", err=True)
        raise typer.Exit(return_code(error=exc)) from None
    except KeyboardInterrupt:
        typer.echo("mtqa: interrupted", err=True)
        raise typer.Exit(130) from None
    except Exception as exc:  # noqa: BLE001 - the edge of the program
        if debug:
            traceback.print_exc()
        typer.echo(f"mtqa: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
        raise typer.Exit(return_code(error=exc)) from None


def _severity(value: str):
    from qa.records import Severity

    try:
        return Severity(value.lower())
    except ValueError:
        raise ConfigError(f"--fail-on must be one of info, minor, major, critical, not {value!r}") from None


@app.command()
def check(
    source: Path = typer.Argument(..., help="Source file (article, one paragraph per line), or one aligned .tsv/.jsonl file."),
    target: Optional[Path] = typer.Argument(None, help="Target file: the supplied translation (omit for an aligned file)."),
    source_lang: str = typer.Option("ru", "--source-lang", help="Source language."),
    target_lang: str = typer.Option("en", "--target-lang", help="Target language."),
    engine: str = typer.Option("transformers", "--engine", help="transformers, file or none."),
    model: Optional[str] = typer.Option(None, "--model", help="Hub id or local model directory."),
    pivot: Optional[Path] = typer.Option(None, "--pivot", help="Pivot file for --engine file, aligned line by line with the source."),
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda."),
    threads: int = typer.Option(0, "--threads", help="CPU threads (0: the backend's default)."),
    beam_size: int = typer.Option(1, "--beam-size", help="Beam size of the retranslation."),
    max_length: int = typer.Option(256, "--max-length", help="Maximum length of a pivot, in tokens."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Cache file (default: the user cache directory)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the cache."),
    glossary: list[Path] = typer.Option([], "--glossary", help="Glossary file (TSV, CSV, TBX); repeatable."),
    no_builtin_glossary: bool = typer.Option(False, "--no-builtin-glossary", help="Do not use the built-in glossary."),
    fail_on: str = typer.Option("major", "--fail-on", help="Fail the gate on a finding at or above: info, minor, major, critical."),
    low_agreement: float = typer.Option(20.0, "--low-agreement", help="chrF++ below which a segment is flagged low-agreement."),
    min_chrf: Optional[float] = typer.Option(None, "--min-chrf", help="Fail the gate when a segment's chrF++ is below this."),
    min_doc_chrf: Optional[float] = typer.Option(None, "--min-doc-chrf", help="Fail the gate when a document's chrF++ is below this."),
    format: str = typer.Option("table", "--format", "-f", help="table or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print the summary only."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Check one translated article (or one aligned file) and gate on its findings."""
    with _guard(debug):
        from qa.settings import Settings

        settings = Settings(
            source_lang=source_lang,
            target_lang=target_lang,
            engine=engine,
            model=model,
            pivot_file=str(pivot) if pivot else None,
            device=device,
            threads=threads,
            beam_size=beam_size,
            max_length=max_length,
            cache=str(cache) if cache else None,
            use_cache=not no_cache,
            glossaries=[str(g) for g in glossary],
            builtin_glossary=not no_builtin_glossary,
            fail_on=_severity(fail_on),
            low_agreement_chrf=low_agreement,
            min_chrf_segment=min_chrf,
            min_chrf_document=min_doc_chrf,
        )
        code = _check([(source, target)], settings, format, output, quiet)
    raise typer.Exit(code)


def _check(pairs, settings, format: str, output: Path | None, quiet: bool) -> int:
    from qa.engine import build_engine
    from qa.gate import evaluate
    from qa.load import load
    from qa.pipeline import build_glossary, check_bitexts
    from qa.report import RENDERERS

    if format not in RENDERERS:
        raise ConfigError(f"unknown --format {format!r}; choose from {', '.join(RENDERERS)}")
    _refuse_overwrite(output, [p for pair in pairs for p in pair if p is not None])
    engine = build_engine(settings)
    bitexts = [load(source, target) for source, target in pairs]
    report = check_bitexts(bitexts, settings, engine=engine, glossary=build_glossary(settings))
    result = evaluate(report, settings)
    if output is not None:
        output.write_text(RENDERERS[format](report), encoding="utf-8")
    if format == "table" and output is None:
        from rich.console import Console

        from qa.report.terminal import show

        show(report, Console(highlight=False), quiet=quiet)
    elif output is None:
        sys.stdout.write(RENDERERS[format](report))
    else:
        from rich.console import Console

        from qa.report.terminal import show

        show(report, Console(stderr=True, highlight=False), quiet=True)
    return return_code(result)


def _refuse_overwrite(output: Path | None, inputs: list[Path]) -> None:
    """Never write over a file the user gave us as input."""
    if output is None:
        return
    for path in inputs:
        if Path(path).exists() and output.exists() and output.resolve() == Path(path).resolve():
            raise ConfigError(f"{output}: the report would overwrite an input file")


@app.command("checks")
def list_checks() -> None:
    """List every check with its id, default severity and title."""
    with _guard():
        from qa.checks import CHECKS

        width = max(len(c) for c in CHECKS)
        for check_id, check in CHECKS.items():
            typer.echo(f"{check_id:<{width}}  {check.severity.value:<8}  {check.scope:<8}  {check.title}")


models_app = typer.Typer(help="Models on this machine: list, pull, convert, info.", no_args_is_help=True)
app.add_typer(models_app, name="models")


def _model_line(info) -> str:
    size = f"{info.size_bytes / 1e6:.0f} MB" if info.size_bytes else "-"
    pin = info.signature.get("revision", "-")
    return f"{info.ref}  {info.kind}  {info.pair or '?'}  {size}  {pin}"


@models_app.command("list")
def models_list(
    models_dir: Path = typer.Option(Path("models"), "--dir", help="Directory of downloaded and converted models."),
) -> None:
    """List the registry's models (cached or missing), cached opus-mt models and models in --dir."""
    with _guard():
        from qa.models import list_models

        for info in list_models(models_dir):
            typer.echo(_model_line(info))


@models_app.command("pull")
def models_pull(
    model: Optional[str] = typer.Argument(None, help="Hub id (default: the registry's model for the pair)."),
    source_lang: str = typer.Option("ru", "--source-lang"),
    target_lang: str = typer.Option("en", "--target-lang"),
    dest: Optional[Path] = typer.Option(None, "--dest", help="Download into this directory instead of the HF cache."),
) -> None:
    """Download a model from the Hugging Face hub (needs network)."""
    with _guard():
        from qa.models import pull_model

        typer.echo(_model_line(pull_model(model, source_lang=source_lang, target_lang=target_lang, dest=dest)))


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
        from qa.models import convert_model

        typer.echo(_model_line(convert_model(model, outdir, quantization=quantization, vmap=vmap, force=force)))


@models_app.command("info")
def models_info(
    model: Optional[str] = typer.Argument(None, help="Hub id or directory (default: the registry's model)."),
    source_lang: str = typer.Option("ru", "--source-lang"),
    target_lang: str = typer.Option("en", "--target-lang"),
) -> None:
    """Show a model's pair, format, size, parameters and engine signature (as JSON)."""
    with _guard():
        import json

        from qa.models import model_info

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
        from qa.glossary import has_errors, lint_glossary

        if not path.is_file():
            raise GlossaryError(f"{path}: glossary file not found")
        problems = lint_glossary(path)
        for problem in problems:
            typer.echo(str(problem))
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
        from qa.glossary.mining import suggest_entries, write_candidates

        _refuse_overwrite(output, reports)
        rows = suggest_entries(reports, min_count=min_count)
        write_candidates(rows, output)
        typer.echo(f"{output}: {len(rows)} candidate entr{'y' if len(rows) == 1 else 'ies'} to review")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
