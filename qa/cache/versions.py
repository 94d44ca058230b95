"""Installed versions of the packages whose results mtqa keeps (signatures, cache keys), read without importing them."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata


def library_versions(names: Sequence[str]) -> dict[str, str | None]:
    """Each package's installed version (None: not installed)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


__all__ = ["library_versions"]
