"""The default engine: the fastest way this machine offers to run the model.

CTranslate2 is the fastest backend mtqa has on a CPU (int8; benchmarks/speed.py)
and on a GPU (float16), so the default engine runs the model through it:

* a CTranslate2 conversion (``--model DIR`` holding ``model.bin``) is used as it is;
* a MarianMT (hub id or directory) is converted once, on first use, into the user
  cache directory (``ct2/`` beside mtqa's result cache), one conversion per model
  pin and quantization (int8 for the CPU, float16 for a GPU, or what
  ``--compute-type`` names), and reused after;
* without ctranslate2 installed, transformers runs the MarianMT itself.

The report's signature names the original model and its pin, the backend and
the compute type, so results from the converted model are never mistaken for
the original's (int8 pivots may differ from float32 ones in a word or two).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

from qa.engine.locate import ModelLocation


def conversions_dir() -> Path:
    """Where the default engine keeps its CTranslate2 conversions."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("mtqa")) / "ct2"


def conversion_path(source: ModelLocation, quantization: str) -> Path:
    """The directory of ``source``'s conversion: named after the model, its pin and the quantization."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "--", source.hub_id or Path(source.ref).name or "model").strip("-")
    pin = re.sub(r"[^A-Za-z0-9]+", "", source.pin)[-16:]
    return conversions_dir() / f"{name}-{pin}-{quantization}"


def build(settings: Any):
    from qa.engine.ct2 import CT2Engine
    from qa.engine.seq2seq import engine_options, locate_model, resolve_device

    source = locate_model(settings)
    options = engine_options(settings)
    if source.kind == "ct2":
        return CT2Engine(source, inter_threads=settings.inter_threads, **options)
    if importlib.util.find_spec("ctranslate2") is None:
        from qa.engine.transformers import TransformersEngine

        return TransformersEngine(source, **options)
    # the weights are stored as the compute type asks (a float32 run of int8-stored weights would
    # only dequantize them); "auto": int8 on the CPU, float16 on a GPU
    if settings.compute_type != "auto":
        quantization = settings.compute_type
    else:
        quantization = "float16" if resolve_device(settings.device) == "cuda" else "int8"
    target = ModelLocation(
        ref=source.ref,
        path=conversion_path(source, quantization),
        pin=f"{source.pin}+ct2-{quantization}",
        hub_id=source.hub_id,
    )
    return CT2Engine(
        target, convert_from=source, quantization=quantization, inter_threads=settings.inter_threads, **options
    )
