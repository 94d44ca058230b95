"""Engines: one object per model behind a small protocol.

``translate(sources) -> pivots`` and ``score(sources, targets) -> ModelScore``.
``ENGINES`` maps an engine name to the function that builds it from settings;
heavy libraries are imported inside those functions only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from qa.records import ModelScore


class Engine(Protocol):
    name: str

    def signature(self) -> dict[str, Any]:
        """What pins this engine's output: backend, model id, revision or hash, decoding settings."""

    def translate(self, sources: list[str]) -> list[str | None]:
        """Pivots for the sources, in order (None where the engine has no pivot)."""

    def score(self, sources: list[str], targets: list[str]) -> list[ModelScore | None]:
        """The targets under the model (None where the engine cannot score)."""


def _none(settings: Any) -> Engine:
    from qa.engine.none import NoEngine

    return NoEngine()


def _file(settings: Any) -> Engine:
    from qa.engine.file import FileEngine

    return FileEngine(settings.pivot_file)


def _transformers(settings: Any) -> Engine:
    from qa.engine.transformers import TransformersEngine

    return TransformersEngine.from_settings(settings)


def _auto(settings: Any) -> Engine:
    from qa.engine.auto import build

    return build(settings)


def _ct2(settings: Any) -> Engine:
    from qa.engine.ct2 import CT2Engine

    return CT2Engine.from_settings(settings)


ENGINES: dict[str, Callable[[Any], Engine]] = {
    "auto": _auto,
    "transformers": _transformers,
    "ct2": _ct2,
    "file": _file,
    "none": _none,
}


def build_engine(settings: Any) -> Engine:
    from qa.errors import ConfigError

    try:
        factory = ENGINES[settings.engine]
    except KeyError:
        raise ConfigError(f"unknown engine {settings.engine!r}; choose from {', '.join(ENGINES)}") from None
    engine = factory(settings)
    if settings.engine in CACHED_ENGINES and settings.cache_path is not None:
        from qa.cache.results import CachedEngine

        engine = CachedEngine(engine, settings.cache_path)
    return engine


# engines whose results are kept in the on-disk cache (Settings.cache_path)
CACHED_ENGINES = {"auto", "transformers", "ct2"}
