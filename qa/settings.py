"""One settings object: defaults, overridden by the configuration file, overridden by flags.

Each setting is declared once, here, with :func:`setting`: its type (the annotation), its
default, its help, the command-line flag that sets it (if any), the other names the
configuration file accepts for it, and whether it is a path (relative to the configuration
file's folder) or a count of at least 1. :mod:`qa.config` reads and validates the file from
these declarations, and :mod:`qa.cli` builds its options from them. A check's own settings are
declared with the check (``@check(..., options=(Option(...),))``) and kept in
``check_options`` (configuration keys, and flags ``--NAME`` of the same commands); a check reads
them with ``ctx.option(name)``.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from qa.records import Severity


def setting(
    default: Any = MISSING,
    *,
    help: str,
    flag: str | None = None,
    short: str | None = None,
    switch: bool = False,
    aliases: tuple[str, ...] = (),
    path: bool = False,
    positive: bool = False,
    most: int | None = None,
    commands: tuple[str, ...] = ("check", "batch"),
    factory: Any = MISSING,
) -> Any:
    """Declare a setting (a dataclass field with its metadata).

    flag: the option that sets it (None: the configuration file only); switch: a flag without a
    value that sets the opposite of the default (``--no-cache``); aliases: other keys the file
    accepts (the flag's spelling, when it differs from the name); commands: the commands whose
    flags include it ("batch" also serves ``baseline create``)."""
    metadata = {
        "help": help,
        "flag": flag,
        "short": short,
        "switch": switch,
        "aliases": tuple(aliases),
        "path": path,
        "positive": positive,
        "most": most,
        "commands": tuple(commands),
    }
    if factory is not MISSING:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass
class Settings:
    # languages
    source_lang: str = setting("ru", flag="--source-lang", help="Source language")
    target_lang: str = setting("en", flag="--target-lang", help="Target language")
    # engine
    engine: str = setting(
        "auto",
        flag="--engine",
        help="auto (CTranslate2, converting the model once; transformers without ctranslate2), transformers, ct2, file or none",
    )
    model: list[str] = setting(
        factory=list,
        flag="--model",
        help="Hub id or local model directory (default: the registry's model for the pair); repeatable: each after the first is one more retranslation (a panel)",
    )
    pivot_files: list[str] = setting(
        factory=list,
        flag="--pivot",
        aliases=("pivot", "pivot_file"),
        path=True,
        help="Pivot file for --engine file, aligned line by line with the source; repeatable (each is one more retranslation)",
    )
    device: str = setting("auto", flag="--device", help="auto, cpu or cuda")
    threads: int = setting(0, flag="--threads", most=1024, help="CPU threads, 0 for the backend's default (ct2: every core)")
    inter_threads: int = setting(
        0,
        flag="--inter-threads",
        most=1024,
        help="ct2: batches decoded in parallel, each on threads / inter-threads threads; 0: one single-threaded worker per thread on the CPU",
    )
    beam_size: int = setting(1, flag="--beam-size", positive=True, most=64, help="Beam size of the retranslation")
    max_length: int = setting(256, flag="--max-length", positive=True, most=512, help="Maximum length of a pivot, in tokens")
    batch_tokens: int = setting(4096, flag="--batch-tokens", positive=True, most=1_000_000, help="Tokens per engine batch")
    compute_type: str = setting(
        "auto",
        flag="--compute-type",
        help="auto, float32, bfloat16, float16, int8, int8_float16; auto is int8 for ct2 on the CPU, float16 on a GPU",
    )
    # speed measurements only (benchmarks/speed.py): a randomly initialised model rarely ends a pivot
    forced_length_ratio: float | None = setting(
        None, help="Speed measurements only: end each pivot at ceil(ratio x its source pieces), as a trained model's would"
    )
    chunk_size: int = setting(
        128,
        flag="--chunk-size",
        positive=True,
        help="Sentences per engine call; each call's pivots and scores are cached as it ends, so an interrupted run resumes from there (results do not depend on it)",
    )
    cache: str | None = setting(None, flag="--cache", path=True, help="Cache file (default: the user cache directory)")
    use_cache: bool = setting(True, flag="--no-cache", switch=True, help="Do not read or write the cache")
    # input limits: a policy, so that odd input is a clear error, never a crash or a hang
    max_file_mb: float = setting(50.0, flag="--max-file-mb", help="Refuse an input file larger than this many megabytes")
    max_line_chars: int = setting(
        100_000, flag="--max-line-chars", positive=True, help="Refuse an input whose line (paragraph, segment) is longer than this"
    )
    # checks
    checks: list[str] = setting(factory=list, aliases=("check",), help="The checks to run (default: all)")
    disable: list[str] = setting(factory=list, flag="--disable", help="Do not run this check; repeatable")
    skip_unserved: bool = setting(
        False,
        flag="--skip-unserved",
        switch=True,
        help="Check a language pair that some checks cannot serve without them (each is listed in the report); otherwise such a pair is an error",
    )
    low_agreement_chrf: float = setting(
        20.0, flag="--low-agreement", aliases=("low_agreement",), help="chrF++ below which a segment is flagged low-agreement"
    )
    glossaries: list[str] = setting(
        factory=list, flag="--glossary", aliases=("glossary",), path=True, help="Glossary file (TSV, CSV, TBX); repeatable"
    )
    builtin_glossary: bool = setting(True, flag="--no-builtin-glossary", switch=True, help="Do not use the built-in glossary")
    check_options: dict[str, Any] = setting(
        factory=dict, help="The checks' own settings, by name (declared with each check; `mtqa checks` lists them)"
    )
    # gate
    fail_on: Severity = setting(
        Severity.MAJOR, flag="--fail-on", help="Fail the gate on a finding at or above: info, minor, major, critical"
    )
    min_chrf_segment: float | None = setting(
        None, flag="--min-chrf", aliases=("min_chrf",), help="Fail the gate when a segment's chrF++ is below this"
    )
    min_chrf_document: float | None = setting(
        None, flag="--min-doc-chrf", aliases=("min_doc_chrf",), help="Fail the gate when a document's chrF++ is below this"
    )
    min_mtqa_segment: float | None = setting(
        None, flag="--min-mtqa", aliases=("min_mtqa",), help="Fail the gate when a segment's combined mtqa score is below this (calibrated: qa/data/calibration.json)"
    )
    min_mtqa_document: float | None = setting(
        None, flag="--min-mtqa-document", help="Fail the gate when a document's combined mtqa score is below this (calibrated: qa/data/calibration.json)"
    )
    max_findings: dict[str, int] = setting(
        factory=dict,
        flag="--max-findings",
        help="CHECK=N: fail the gate on more than N findings of CHECK (e.g. omission=0); repeatable",
    )
    baseline: str | None = setting(
        None, flag="--baseline", path=True, help="Baseline file: its findings are accepted, the gate fails on new ones only"
    )
    # batch
    jobs: int | str = setting(
        1,
        flag="--jobs",
        short="-j",
        positive=True,
        most=1024,
        commands=("batch",),
        help="Worker processes for the checks, or auto: one per idle core for the file and none engines from 50 documents on, else one",
    )
    follow_symlinks: bool = setting(
        False,
        flag="--follow-symlinks",
        switch=True,
        commands=("batch",),
        help="Follow symbolic links in a scanned folder to files outside it (default: such links are skipped with a warning)",
    )
    allow_missing: bool = setting(
        False,
        flag="--allow-missing",
        switch=True,
        commands=("batch",),
        help="A source without its translation is a warning (default: it fails the gate)",
    )
    pair_pattern: str = setting(
        "{name}.{lang}.txt", flag="--pair-pattern", commands=("batch",), help="How pairs are named in a folder"
    )
    pivot_pattern: list[str] = setting(
        factory=list,
        flag="--pivot-pattern",
        commands=("batch",),
        help="Each document's own pivot file, named like the pair pattern ({name}, and {lang} for the target language), e.g. {name}.pivot.{lang}.txt; repeatable",
    )
    executor: str = setting(
        "local",
        flag="--executor",
        commands=("batch",),
        help="local (this process, --jobs for the checks) or ray (a Ray cluster: pip install 'mtqa[ray]')",
    )
    ray_address: str | None = setting(
        None,
        flag="--ray-address",
        commands=("batch",),
        help="With --executor ray: the cluster to join (ray://HOST:10001, HOST:6379 or auto; default: a Ray on this machine)",
    )
    engine_actors: int = setting(
        1, flag="--engine-actors", positive=True, commands=("batch",), help="With --executor ray: engine actors, each holding one model"
    )
    report_dir: str | None = setting(
        None, flag="--report-dir", path=True, commands=("batch",), help="Also write one JSON report per document into this folder"
    )

    def __post_init__(self):
        if isinstance(self.model, (str, Path)):  # Settings(model="DIR"): one model
            self.model = [str(self.model)]
        elif self.model is None:
            self.model = []

    def replace(self, **changes) -> Settings:
        known = {f.name for f in fields(self)}
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for key, value in changes.items():
            if key not in known:
                raise KeyError(key)
            if value is not None:
                values[key] = value
        return Settings(**values)

    @property
    def cache_path(self) -> Path | None:
        if not self.use_cache:
            return None
        if self.cache:
            return Path(self.cache)
        import platformdirs

        return Path(platformdirs.user_cache_dir("mtqa")) / "cache.sqlite3"


@dataclass(frozen=True)
class Option:
    """A check's own setting: its name (a configuration key), type, default and help."""

    name: str
    kind: type
    default: Any
    help: str


def declared() -> list[Any]:
    """The settings' fields, in order, each with its declaration in ``metadata``."""
    return list(fields(Settings))
