"""One settings object: defaults, overridden by the configuration file, overridden by flags."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from qa.records import Severity


@dataclass
class Settings:
    # languages
    source_lang: str = "ru"
    target_lang: str = "en"
    # engine
    engine: str = "auto"  # ct2 (converting the model once) when ctranslate2 is installed, else transformers
    model: str | None = None  # hub id or local directory; None: the registry's model for the pair
    pivot_file: str | None = None
    device: str = "auto"
    threads: int = 0  # 0: the backend's default
    beam_size: int = 1
    max_length: int = 256
    batch_tokens: int = 4096
    compute_type: str = "auto"
    # speed measurements only (benchmarks/speed.py): end each pivot at ceil(ratio x its source
    # pieces), as a trained model's would; a randomly initialised model rarely ends one
    forced_length_ratio: float | None = None
    cache: str | None = None  # path of the SQLite cache; None: the user cache directory
    use_cache: bool = True
    # checks
    checks: list[str] = field(default_factory=list)  # empty: all
    disable: list[str] = field(default_factory=list)
    low_agreement_chrf: float = 20.0
    glossaries: list[str] = field(default_factory=list)
    builtin_glossary: bool = True
    # gate
    fail_on: Severity = Severity.MAJOR
    min_chrf_segment: float | None = None
    min_chrf_document: float | None = None
    min_mtqa_document: float | None = None  # calibrated value: qa/data/calibration.json "thresholds"
    max_findings: dict[str, int] = field(default_factory=dict)
    baseline: str | None = None
    # batch
    jobs: int = 1  # worker processes for the checks of `mtqa batch`
    pair_pattern: str = "{name}.{lang}.txt"  # how `mtqa batch` pairs files in a folder

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
