"""The report's signature as the terminal and Markdown reports show it: a short form by default,
the full one (sacrebleu's style, every version and hash) with ``--verbose``. JSON, SARIF and JUnit
always carry the full signature.

The short form names what most changes a result: mtqa's version, the pair, the engine, the model
(its last path component) and the compute type; ``+glossary`` when a glossary was used.
"""

from __future__ import annotations

from typing import Any


def short_signature(signature: dict[str, Any]) -> str:
    """``mtqa:0.1.0|pair:ru-en|engine:ct2|model:opus-mt-ru-en|int8`` from a report's signature."""
    if not signature.get("mtqa"):  # a signature with its string only
        return signature.get("string", "")
    engine = signature.get("engine") or {}
    parts = [f"mtqa:{signature['mtqa']}", f"pair:{signature.get('languages', '?')}", f"engine:{engine.get('engine')}"]
    model = engine.get("model")
    if model:
        parts.append(f"model:{str(model).rstrip('/').rsplit('/', 1)[-1]}")
    if engine.get("compute_type"):
        parts.append(str(engine["compute_type"]))
    if signature.get("glossary"):
        parts.append("+glossary")
    return "|".join(parts)


def shown_signature(signature: dict[str, Any], verbose: bool) -> str:
    """What the terminal prints after ``signature:``."""
    return signature.get("string", "") if verbose else short_signature(signature)
