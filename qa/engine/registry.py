"""Which model serves which language pair.

``MODELS`` is the registry the engines read; ``models/registry.toml`` repeats it for
people and scripts (a test keeps the two in step). A revision of "main" is
pinned at run time to the commit of the snapshot found in the Hugging Face
cache, which every report's signature records.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.errors import ConfigError


@dataclass(frozen=True)
class ModelEntry:
    """A model for one pair: its hub id, the revision to fetch, and its licence."""

    hub_id: str
    revision: str = "main"
    license: str = "cc-by-4.0"


MODELS: dict[tuple[str, str], ModelEntry] = {
    ("ru", "en"): ModelEntry("Helsinki-NLP/opus-mt-ru-en"),
    ("en", "ru"): ModelEntry("Helsinki-NLP/opus-mt-en-ru"),
}


def default_model(source_lang: str, target_lang: str) -> ModelEntry:
    """The registry's model for the pair, or a ConfigError that says to pass --model."""
    try:
        return MODELS[(source_lang, target_lang)]
    except KeyError:
        pairs = ", ".join(f"{s}-{t}" for s, t in MODELS)
        raise ConfigError(
            f"no model registered for {source_lang}-{target_lang} (registered: {pairs}); pass --model ID_OR_DIR"
        ) from None
