"""Models on this machine: list, pull from the hub, convert for CTranslate2, describe.

The library behind ``mtqa models list | pull | convert | info``. Nothing here
imports torch or ctranslate2 except ``convert_model`` (and ``pull_model`` when
a repository holds only pickled weights that must become safetensors).
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.engine.locate import ModelLocation, cached_snapshot, download_snapshot, hf_cache_dir, locate
from qa.engine.registry import MODELS, default_model
from qa.errors import ModelError


@dataclass
class ModelInfo:
    """What one local model is: where, which pair, which format, how big, and what pins it."""

    ref: str
    path: Path | None
    kind: str  # "marian", "ct2" or "missing"
    pair: str | None
    size_bytes: int = 0
    parameters: int | None = None
    quantization: str | None = None
    signature: dict[str, Any] = field(default_factory=dict)
    note: str = ""  # what the user should know about it (`mtqa models pull`: the extra it needs)

    def line(self) -> str:
        """One line of `mtqa models list`: ref, kind, pair, size, revision (and the note, if any)."""
        size = f"{self.size_bytes / 1e6:.0f} MB" if self.size_bytes else "-"
        line = f"{self.ref}  {self.kind}  {self.pair or '?'}  {size}  {self.signature.get('revision', '-')}"
        return f"{line}  ({self.note})" if self.note else line

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "path": str(self.path) if self.path else None,
            "kind": self.kind,
            "pair": self.pair,
            "size_bytes": self.size_bytes,
            "parameters": self.parameters,
            "quantization": self.quantization,
            "signature": dict(self.signature),
        }


def _dir_size(path: Path) -> int:
    # the HF cache's snapshot files are links to blobs: count what they point to
    return sum(p.stat().st_size for p in path.iterdir() if p.is_file())


def _pair_of(path: Path, ref: str) -> str | None:
    try:
        config = json.loads((path / "tokenizer_config.json").read_text(encoding="utf-8"))
        if config.get("source_lang") and config.get("target_lang"):
            return f"{config['source_lang']}-{config['target_lang']}"
    except (OSError, ValueError):
        pass
    for (source, target), entry in MODELS.items():
        if entry.hub_id == ref:
            return f"{source}-{target}"
    name = ref.rstrip("/").rsplit("/", 1)[-1]
    if name.startswith("opus-mt-") and name.count("-") == 3:
        return name[len("opus-mt-") :]
    return None


def safetensors_parameters(path: Path) -> int | None:
    """The number of parameters in a safetensors file, read from its header (no torch)."""
    try:
        with path.open("rb") as handle:
            (length,) = struct.unpack("<Q", handle.read(8))
            header = json.loads(handle.read(length))
    except (OSError, ValueError, struct.error):
        return None
    total = 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        count = 1
        for dim in entry["shape"]:
            count *= dim
        total += count
    return total


def _ct2_quantization(path: Path) -> str | None:
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return config.get("quantization") or config.get("mtqa_quantization")


def describe(location: ModelLocation) -> ModelInfo:
    """A located model's pair, size, parameters and the signature its engine would have."""
    from qa.engine.ct2 import CT2Engine
    from qa.engine.transformers import TransformersEngine

    kind = location.kind
    engine = CT2Engine(location) if kind == "ct2" else TransformersEngine(location)
    info = ModelInfo(
        ref=location.ref,
        path=location.path,
        kind=kind,
        pair=_pair_of(location.path, location.hub_id or location.ref),
        size_bytes=_dir_size(location.path),
        signature=engine.signature(),
    )
    if kind == "marian":
        info.parameters = safetensors_parameters(location.path / "model.safetensors")
    else:
        info.quantization = _ct2_quantization(location.path)
    return info


def model_info(ref: str | None = None, source_lang: str = "ru", target_lang: str = "en") -> ModelInfo:
    """Describe a hub id or directory (default: the registry's model for the pair); never downloads."""
    if ref is None:
        entry = default_model(source_lang, target_lang)
        return describe(locate(entry.hub_id, revision=entry.revision, download=False))
    return describe(locate(ref, download=False))


def list_models(models_dir: str | Path = "models") -> list[ModelInfo]:
    """The registry's models (cached or missing), other cached opus-mt models, directories in
    ``models_dir``, and the conversions the default engine made."""
    found: list[ModelInfo] = []
    seen: set[str] = set()
    for (source, target), entry in MODELS.items():
        snapshot = cached_snapshot(entry.hub_id, entry.revision)
        seen.add(entry.hub_id)
        if snapshot is None:
            found.append(ModelInfo(ref=entry.hub_id, path=None, kind="missing", pair=f"{source}-{target}"))
        else:
            found.append(_describe_or_broken(entry.hub_id, lambda e=entry: locate(e.hub_id, download=False)))
    cache = hf_cache_dir()
    if cache.is_dir():
        for repo in sorted(cache.glob("models--*--opus-mt-*")):
            hub_id = repo.name[len("models--") :].replace("--", "/", 1)
            if hub_id not in seen and cached_snapshot(hub_id) is not None:
                found.append(_describe_or_broken(hub_id, lambda h=hub_id: locate(h, download=False)))
    from qa.engine.auto import conversions_dir

    # local directories, then the default engine's conversions in the user cache directory
    for folder in (Path(models_dir), conversions_dir()):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_dir() and ((path / "config.json").is_file() or (path / "model.bin").is_file()):
                    found.append(_describe_or_broken(str(path), lambda p=path: locate(str(p), download=False)))
    return found


def _describe_or_broken(ref: str, find) -> ModelInfo:
    try:
        return describe(find())
    except ModelError as exc:
        return ModelInfo(ref=ref, path=None, kind=f"unusable: {exc}", pair=None)


def pull_model(
    ref: str | None = None,
    *,
    source_lang: str = "ru",
    target_lang: str = "en",
    dest: str | Path | None = None,
    download=download_snapshot,
) -> ModelInfo:
    """Download a hub model into the Hugging Face cache (or ``dest``); ModelError without network.

    For the registry's model (``ref`` None) that is the MarianMT when the torch extra is installed,
    and otherwise the ready CTranslate2 conversion the registry names (the core runs it as it is);
    a MarianMT pulled without the extra comes with a note naming the extra that converts it.
    ``download(hub_id, revision, local_dir=...)`` fetches a snapshot and returns its directory.
    """
    from qa.engine.extras import install_hint, installed
    from qa.engine.registry import choices

    if ref is None:
        ref, revision = choices(default_model(source_lang, target_lang))[0]
    else:
        revision = "main"
    if Path(ref).expanduser().is_dir():
        raise ModelError(f"{ref}: is a local directory already; nothing to pull")
    if dest is None and cached_snapshot(ref, revision) is not None:
        info = describe(locate(ref, revision=revision, download=False))
    else:
        path = download(ref, revision, local_dir=Path(dest) if dest else None)
        pin = path.name if dest is None else locate(str(path)).pin  # a cache snapshot is named by its commit
        info = describe(ModelLocation(ref=ref, path=path, pin=pin, hub_id=ref))
    if info.kind == "marian" and not installed("torch"):
        info.note = f"a MarianMT: the engines run it once converted for CTranslate2, which needs {install_hint('torch')}"
    return info


def convert_model(
    model: str,
    outdir: str | Path,
    *,
    quantization: str = "int8",
    vmap: str | Path | None = None,
    force: bool = False,
) -> ModelInfo:
    """Convert a MarianMT for CTranslate2 (see :func:`qa.engine.ct2.convert`) and describe the result."""
    from qa.engine.ct2 import convert

    out = convert(model, outdir, quantization=quantization, vmap=vmap, force=force)
    return describe(locate(str(out), download=False))
