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
    """A model for one pair: its hub id, the revision to fetch, and its licence; ``ct2_hub_id``: a
    hub repository holding a ready CTranslate2 conversion of it (None: none is published), which the
    core fetches instead of the MarianMT when the torch extra that converts one is not installed."""

    hub_id: str
    revision: str = "main"
    license: str = "cc-by-4.0"
    ct2_hub_id: str | None = None
    ct2_revision: str = "main"


# the CTranslate2 conversions are community uploads (float weights, the converter's default
# alignment head): their pivots may differ from mtqa's own int8 conversion in a word or two, and the
# report's signature names the repository and commit they came from
MODELS: dict[tuple[str, str], ModelEntry] = {
    ("ru", "en"): ModelEntry("Helsinki-NLP/opus-mt-ru-en", ct2_hub_id="gaudi/opus-mt-ru-en-ctranslate2"),
    ("en", "ru"): ModelEntry("Helsinki-NLP/opus-mt-en-ru", ct2_hub_id="gaudi/opus-mt-en-ru-ctranslate2"),
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


def choices(entry: ModelEntry, *, conversions: bool = True) -> list[tuple[str, str]]:
    """The (hub id, revision) pairs that can serve ``entry``, preferred first: its published
    CTranslate2 conversion first when the torch extra (to convert the MarianMT) is missing, its
    MarianMT first otherwise; without ``conversions`` (the transformers engine) the MarianMT only."""
    from qa.engine.extras import installed

    marian = (entry.hub_id, entry.revision)
    if not conversions or entry.ct2_hub_id is None:
        return [marian]
    ct2 = (entry.ct2_hub_id, entry.ct2_revision)
    return [marian, ct2] if installed("torch") else [ct2, marian]


def locate_entry(entry: ModelEntry, *, conversions: bool = True, download: bool = True):
    """The first of :func:`choices` found in the Hugging Face cache, else the first one downloaded."""
    from qa.engine.locate import cached_snapshot, locate

    options = choices(entry, conversions=conversions)
    for hub_id, revision in options:
        if cached_snapshot(hub_id, revision) is not None:
            return locate(hub_id, revision=revision, download=False)
    hub_id, revision = options[0]
    return locate(hub_id, revision=revision, download=download)
