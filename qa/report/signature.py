"""The report's signature as the terminal and Markdown reports show it: a short form by default,
the full one (sacrebleu's style, every version and hash) with ``--verbose``. JSON, SARIF and JUnit
always carry the full signature.

The short form names what most changes a result: mtqa's version, the pair, the engine, the model
(its last path component) and the compute type; ``glossary`` when a glossary was used.
"""

from __future__ import annotations

from typing import Any


def short_signature(signature: dict[str, Any]) -> str:
    """``mtqa 0.1.0 · ru-en · ct2 opus-mt-ru-en int8 · glossary`` from a report's signature."""
    if not signature.get("mtqa"):  # a signature with its string only
        return signature.get("string", "")
    engine = signature.get("engine") or {}
    model = str(engine.get("model") or "").rstrip("/").rsplit("/", 1)[-1]
    used = " ".join(str(part) for part in (engine.get("engine"), model, engine.get("compute_type")) if part)
    parts = [f"mtqa {signature['mtqa']}", str(signature.get("languages", "?")), used]
    if signature.get("glossary"):
        parts.append("glossary")
    return " · ".join(parts)


def shown_signature(signature: dict[str, Any], verbose: bool) -> str:
    """What the terminal prints after ``signature:``."""
    return signature.get("string", "") if verbose else short_signature(signature)
