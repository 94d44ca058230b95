"""The `none` engine: no pivot, no model score; only lexical checks run."""

from __future__ import annotations

from typing import Any

from qa.records import ModelScore


class NoEngine:
    name = "none"
    unit = "sentence"
    cacheable = False

    @classmethod
    def from_settings(cls, settings: Any) -> NoEngine:
        return cls()

    def signature(self) -> dict[str, Any]:
        return {"engine": "none"}

    def translate(self, sources: list[str]) -> list[str | None]:
        return [None] * len(sources)

    def score(self, sources: list[str], targets: list[str]) -> list[ModelScore | None]:
        return [None] * len(sources)
