"""Find a model's files: a local directory, a snapshot in the Hugging Face cache, or a download.

Nothing here imports torch, transformers or huggingface_hub unless a download is
needed: the Hugging Face cache is read by its documented layout
(``models--ORG--NAME/refs/REVISION`` holds a commit, ``snapshots/COMMIT/`` the
files), so an engine's signature is known before any heavy import.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from qa.errors import ModelError

# files a Marian model directory may hold, for downloads and for the fingerprint
MARIAN_FILES = (
    "config.json",
    "generation_config.json",
    "tokenizer_config.json",
    "vocab.json",
    "target_vocab.json",
    "source.spm",
    "target.spm",
    "model.safetensors",
)
# files of a CTranslate2 conversion
CT2_FILES = ("model.bin", "config.json", "shared_vocabulary.json", "shared_vocabulary.txt", "vmap.txt")

_FULL_HASH_LIMIT = 8 << 20  # files up to this size are hashed whole, larger ones by sampled chunks
_CHUNK = 1 << 20
_HEX40 = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True)
class ModelLocation:
    """Where a model's files are and what pins them.

    ref: what the user named (hub id or directory); path: the directory holding the files;
    pin: the commit of a Hugging Face snapshot, or ``sha256:...`` of a local directory.
    """

    ref: str
    path: Path
    pin: str
    hub_id: str | None = None

    @property
    def kind(self) -> str:
        """Either "marian" (transformers weights) or "ct2" (a CTranslate2 conversion)."""
        return "ct2" if (self.path / "model.bin").is_file() else "marian"


def hf_cache_dir() -> Path:
    """The Hugging Face hub cache, as huggingface_hub computes it from the environment."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(xdg).expanduser() / "huggingface" / "hub"


def cached_snapshot(hub_id: str, revision: str = "main") -> Path | None:
    """The snapshot directory of ``hub_id`` at ``revision`` in the local cache, or None."""
    repo = hf_cache_dir() / ("models--" + hub_id.replace("/", "--"))
    if _HEX40.fullmatch(revision):
        commit = revision
    else:
        try:
            commit = (repo / "refs" / revision).read_text(encoding="utf-8").strip()
        except OSError:
            return None
    snapshot = repo / "snapshots" / commit
    return snapshot if (snapshot / "config.json").is_file() else None


_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?")


def is_hub_id(ref: str) -> bool:
    """True for "ORG/NAME" or "NAME", as the hub spells repository ids."""
    return bool(_HUB_ID.fullmatch(ref)) and not ref.startswith(".")


def fingerprint(directory: Path, names: tuple[str, ...] = MARIAN_FILES + CT2_FILES) -> str:
    """A content hash of a model directory's files: whole files up to 8 MiB, sampled chunks above.

    Large weight files are hashed by their size and five 1 MiB chunks spread over
    them, so that pinning a 300 MB model costs milliseconds; any retraining or
    reconversion changes those chunks.
    """
    digest = hashlib.sha256()
    for name in sorted(names):
        path = directory / name
        if not path.is_file():
            continue
        size = path.stat().st_size
        digest.update(f"{name}\0{size}\0".encode())
        with path.open("rb") as handle:
            if size <= _FULL_HASH_LIMIT:
                digest.update(handle.read())
            else:
                for k in range(5):
                    handle.seek((size - _CHUNK) * k // 4)
                    digest.update(handle.read(_CHUNK))
    return "sha256:" + digest.hexdigest()[:16]


def how_to_get(hub_id: str) -> str:
    return (
        f"run once with network access (or `mtqa models pull {hub_id}`), "
        "pass --model DIR with a downloaded or converted model, or use --engine file / --engine none"
    )


def locate(ref: str, *, revision: str = "main", download: bool = True) -> ModelLocation:
    """Resolve a hub id or a directory to its files, downloading a hub model only when it is missing.

    Raises ModelError (one line, saying how to proceed) when the model is neither
    local nor cached and cannot be downloaded.
    """
    directory = Path(ref).expanduser()
    if directory.is_dir():
        _check_model_dir(directory)
        return ModelLocation(ref=ref, path=directory, pin=fingerprint(directory))
    if not is_hub_id(ref) or ("/" in ref and Path(ref.split("/", 1)[0]).is_dir()):
        raise ModelError(f"{ref}: no such model directory")
    snapshot = cached_snapshot(ref, revision)
    if snapshot is None:
        if not download:
            raise ModelError(f"model {ref} is not in the local Hugging Face cache; {how_to_get(ref)}")
        snapshot = download_snapshot(ref, revision)
    _check_model_dir(snapshot)
    return ModelLocation(ref=ref, path=snapshot, pin=snapshot.name, hub_id=ref)


def _check_model_dir(directory: Path) -> None:
    if (directory / "model.bin").is_file():
        return
    if not (directory / "config.json").is_file():
        raise ModelError(f"{directory}: not a model directory (no config.json or model.bin)")
    if not (directory / "model.safetensors").is_file():
        if (directory / "pytorch_model.bin").is_file():
            raise ModelError(
                f"{directory}: has only pytorch_model.bin (pickle), which mtqa does not load; "
                "`mtqa models pull` converts it to model.safetensors"
            )
        raise ModelError(f"{directory}: no model.safetensors")


def hub_endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def hub_reachable(timeout: float = 3.0) -> bool:
    """One quick connection attempt to the hub (no retries); False when offline or HF_HUB_OFFLINE is set."""
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}:
        return False
    url = urlparse(hub_endpoint())
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((url.hostname or "", port), timeout=timeout):
            return True
    except OSError:
        return False


def download_snapshot(hub_id: str, revision: str = "main", local_dir: Path | None = None) -> Path:
    """Download a Marian model or a CTranslate2 conversion into the Hugging Face cache (or
    ``local_dir``); ModelError when offline.

    A repository that holds only ``pytorch_model.bin`` is converted to
    ``model.safetensors`` (loaded with ``torch.load(weights_only=True)``, which
    refuses arbitrary pickled objects).
    """
    if not hub_reachable():
        raise ModelError(
            f"model {hub_id} is not cached and {hub_endpoint()} cannot be reached; {how_to_get(hub_id)}"
        )
    try:
        from huggingface_hub import list_repo_files, snapshot_download

        files = set(list_repo_files(hub_id, revision=revision))
        # a MarianMT's files, or a CTranslate2 conversion's (model.bin, its vocabulary, the tokenizer's)
        patterns = [name for name in dict.fromkeys(MARIAN_FILES + CT2_FILES) if name in files]
        if "model.safetensors" not in files and "pytorch_model.bin" in files:
            patterns.append("pytorch_model.bin")
        path = Path(
            snapshot_download(hub_id, revision=revision, allow_patterns=patterns, local_dir=local_dir)
        )
    except Exception as exc:  # the hub client raises many types; all mean "could not download"
        raise ModelError(
            f"model {hub_id}: download failed ({type(exc).__name__}); {how_to_get(hub_id)}"
        ) from None
    if not (path / "model.safetensors").is_file() and (path / "pytorch_model.bin").is_file():
        _bin_to_safetensors(path)
    return path


def _bin_to_safetensors(directory: Path) -> None:
    from qa.engine.extras import require

    require("torch", f"{directory}: turning pytorch_model.bin into model.safetensors")
    import torch
    from safetensors.torch import save_file

    state = torch.load(directory / "pytorch_model.bin", map_location="cpu", weights_only=True)
    # tied tensors share storage; safetensors wants each saved once
    seen: dict[int, str] = {}
    tensors = {}
    for name, tensor in state.items():
        key = tensor.untyped_storage().data_ptr()
        if key in seen:
            continue
        seen[key] = name
        tensors[name] = tensor.contiguous()
    target = directory / "model.safetensors"
    if target.is_symlink():
        target.unlink()
    save_file(tensors, str(target), metadata={"format": "pt"})
