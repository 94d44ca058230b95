"""What the optional extras add, and the one-line error that says which one to install.

``pip install mtqa`` (the core) runs every lexical check and the CTranslate2 engine on a
converted model: sentencepiece cuts the text, ctranslate2 runs the model, and neither torch
nor transformers is imported. Converting a MarianMT for CTranslate2 (``mtqa models convert``,
the default engine's first run on a MarianMT) and the transformers engine need the ``torch``
extra. ``EXTRAS`` lists what each extra brings; :func:`require` imports an extra's modules
or raises a ModelError (exit 2) naming the extra and the CPU-only torch wheel.
"""

from __future__ import annotations

import importlib

from qa.errors import ModelError

# extra -> the modules it brings that mtqa imports (pyproject.toml's [project.optional-dependencies])
EXTRAS: dict[str, tuple[str, ...]] = {
    "torch": ("torch", "transformers", "safetensors"),
}
CPU_TORCH = "pip install torch --index-url https://download.pytorch.org/whl/cpu"


def installed(extra: str) -> bool:
    """Whether every module of ``extra`` can be found, without importing any (a cached run stays light)."""
    import importlib.util

    for name in EXTRAS[extra]:
        try:
            if importlib.util.find_spec(name) is None:
                return False
        except (ImportError, ValueError):  # blocked by an import hook, or a module without a spec
            return False
    return True


def missing(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here."""
    absent = []
    for name in EXTRAS[extra]:
        try:
            importlib.import_module(name)
        except ImportError:
            absent.append(name)
    return absent


def install_hint(extra: str) -> str:
    """How to install ``extra``: the pip command, and the CPU-only torch wheel first where it brings torch."""
    hint = f"pip install 'mtqa[{extra}]'"
    if "torch" in EXTRAS[extra]:
        hint += f" (on a machine without an NVIDIA GPU first `{CPU_TORCH}`, a few hundred MB instead of the CUDA build)"
    return hint


def require(extra: str, purpose: str) -> None:
    """Raise a ModelError when ``purpose`` cannot run because ``extra`` is not installed."""
    absent = missing(extra)
    if absent:
        names = absent[0] if len(absent) == 1 else f"{', '.join(absent[:-1])} and {absent[-1]}"
        raise ModelError(f"{purpose} needs {names}, which mtqa's core leaves out: {install_hint(extra)}")
