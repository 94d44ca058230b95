"""Engines: one object per model behind a small protocol.

``translate(sources) -> pivots`` and ``score(sources, targets) -> ModelScore``; each engine
declares its ``unit`` and whether it is ``cacheable``. ``ENGINES`` maps an engine name to the
dotted path of what builds it from settings, imported only when that engine is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from qa.records import ModelScore


class Engine(Protocol):
    name: str
    #: what ``translate`` takes: "sentence" (one source sentence each) or "paragraph" (the units
    #: as loaded: pivots supplied per paragraph or row)
    unit: str
    #: whether pivots and scores go to the on-disk result cache (a model's do; a file's do not)
    cacheable: bool

    def signature(self) -> dict[str, Any]:
        """What pins this engine's output: backend, model id, revision or hash, decoding settings."""

    def translate(self, sources: list[str]) -> list[str | None]:
        """Pivots for the sources, in order (None where the engine has no pivot)."""

    def score(self, sources: list[str], targets: list[str]) -> list[ModelScore | None]:
        """The targets under the model (None where the engine cannot score)."""


# name -> "module:attribute" of a class with ``from_settings(settings)`` or of a factory taking the
# settings: imported when that engine is asked for (sacrebleu's _get_tokenizer idea), so heavy
# libraries load only with the engine that needs them
ENGINES: dict[str, str] = {
    "auto": "qa.engine.auto:build",
    "transformers": "qa.engine.transformers:TransformersEngine",
    "ct2": "qa.engine.ct2:CT2Engine",
    "file": "qa.engine.file:FileEngine",
    "none": "qa.engine.none:NoEngine",
}


def engine_factory(name: str) -> Callable[[Any], Engine]:
    """What builds the engine ``name`` from settings (ConfigError for an unknown name)."""
    import importlib

    from qa.errors import ConfigError

    try:
        path = ENGINES[name]
    except KeyError:
        raise ConfigError(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}") from None
    module, _, attribute = path.partition(":")
    target = getattr(importlib.import_module(module), attribute)
    return getattr(target, "from_settings", target)


def build_engine(settings: Any) -> Engine:
    """The engine the settings name, behind the result cache when it is cacheable and a cache is on."""
    engine = engine_factory(settings.engine)(settings)
    if engine.cacheable and settings.cache_path is not None:
        from qa.cache.results import CachedEngine

        engine = CachedEngine(engine, settings.cache_path)
    return engine
