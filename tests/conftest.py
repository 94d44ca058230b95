"""Shared fixtures. ``tiny_model``: a tiny MarianMT built from the seed corpus (see qa.testing.tiny_marian)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(REPO_ROOT))


@pytest.fixture(autouse=True, scope="session")
def _private_user_cache(tmp_path_factory):
    """Tests never read or write the user's mtqa cache (pivots, scores, findings)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """Directory of a tiny random MarianMT with a real tokenizer; load it with ``--model DIR``."""
    from qa.testing.tiny_marian import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"))


@pytest.fixture(scope="session")
def tiny_engine(tiny_model):
    """The transformers engine on the tiny model (CPU, float32), loaded once per session."""
    from qa.engine.locate import locate
    from qa.engine.transformers import TransformersEngine

    return TransformersEngine(locate(str(tiny_model)), device="cpu", compute_type="float32")
