"""The slim core (``pip install mtqa``): lexical checks and the CTranslate2 engine on a converted
model import neither torch nor transformers, give the same reports when those cannot be imported,
and whatever needs the ``torch`` extra says so in one line (exit 2).

Each run is a subprocess, so that this process's own imports (the tiny model's fixture imports
torch) cannot hide or fake an import. A blocked run sets ``sys.modules[name] = None`` for torch and
transformers, which makes every ``import torch`` raise ImportError, as on a machine without them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qa.engine.ct2 import convert
from qa.engine.extras import CPU_TORCH, install_hint, missing, require
from qa.errors import ModelError

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED = REPO_ROOT / "corpora" / "izvestia-ru-us-2025"
HEAVY = ("torch", "transformers")

# runs `mtqa ARGS...` in this interpreter; the first argument says whether to block HEAVY; prints,
# as its last stderr line, the heavy modules that ended up imported
RUNNER = """
import json, sys
block, args = sys.argv[1] == "block", sys.argv[2:]
if block:
    for name in {heavy!r}:
        sys.modules[name] = None
sys.argv = ["mtqa", *args]
from qa.cli import main
try:
    main()
finally:
    loaded = [n for n in {heavy!r} if sys.modules.get(n) is not None]
    top = sorted({{n.split(".")[0] for n, m in list(sys.modules.items()) if m is not None}})
    print("IMPORTED " + json.dumps({{"heavy": loaded, "modules": top}}), file=sys.stderr)
""".format(heavy=HEAVY)
IMPORTED: dict[str, set[str]] = {}  # case -> the top-level modules its run imported


def mtqa(args: list[str], *, block: bool, cwd: Path) -> tuple[int, list[str], list[str]]:
    """(exit code, stderr lines without the last, heavy modules imported); the run's top-level
    modules are kept in IMPORTED under the arguments."""
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, "block" if block else "open", *args],
        cwd=cwd,
        env={**os.environ, "XDG_CACHE_HOME": str(cwd / "user-cache")},  # no other test's conversions
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = done.stderr.splitlines()
    assert lines and lines[-1].startswith("IMPORTED "), done.stderr
    imported = json.loads(lines[-1][len("IMPORTED ") :])
    IMPORTED[" ".join(args)] = set(imported["modules"])
    return done.returncode, lines[:-1], imported["heavy"]


@pytest.fixture(scope="module")
def ct2_model(tiny_model, tmp_path_factory):
    return convert(tiny_model, tmp_path_factory.mktemp("slim-ct2"), quantization="float32", force=True)


PAIR = [str(SEED / "source.ru.txt"), str(SEED / "target.en.txt")]
# (case, arguments after the pair): each runs on the slim path
SLIM_RUNS = [
    ("lexical", ["--engine", "none"]),
    ("ct2", ["--engine", "ct2", "--model", "{ct2}", "--compute-type", "float32"]),
    ("default engine on a conversion", ["--model", "{ct2}", "--compute-type", "float32"]),
]


@pytest.mark.parametrize("case, extra", SLIM_RUNS, ids=[c for c, _ in SLIM_RUNS])
def test_the_slim_path_imports_neither_torch_nor_transformers_and_needs_neither(case, extra, ct2_model, tmp_path):
    reports = {}
    for block in (False, True):
        out = tmp_path / f"{block}.json"
        args = ["check", *PAIR, *(a.format(ct2=ct2_model) for a in extra), "--no-cache", "-f", "json", "-o", str(out)]
        code, errors, imported = mtqa(args, block=block, cwd=tmp_path)
        assert code in (0, 1), errors
        assert imported == []
        reports[block] = out.read_bytes()
    assert reports[False] == reports[True]
    if case != "lexical":
        assert b'"pivot": "' in reports[True]


# (case, arguments): each needs the torch extra
NEEDS_TORCH = [
    ("the default engine converts a MarianMT", ["check", *PAIR, "--model", "{tiny}", "--no-cache"]),
    ("the transformers engine", ["check", *PAIR, "--engine", "transformers", "--model", "{tiny}", "--no-cache"]),
    ("models convert", ["models", "convert", "{tiny}", "{out}"]),
]


@pytest.mark.parametrize("case, args", NEEDS_TORCH, ids=[c for c, _ in NEEDS_TORCH])
def test_without_the_torch_extra_one_line_names_it_and_the_cpu_wheel(case, args, tiny_model, tmp_path):
    args = [a.format(tiny=tiny_model, out=tmp_path / "converted") for a in args]
    code, errors, _ = mtqa(args, block=True, cwd=tmp_path)
    assert code == 2
    assert len(errors) == 1 and errors[0].startswith("mtqa: error: "), errors
    assert "pip install 'mtqa[torch]'" in errors[0] and CPU_TORCH in errors[0]
    assert not (tmp_path / "converted").exists()


def test_require_names_what_is_missing(monkeypatch):
    assert missing("torch") == []
    require("torch", "anything")  # installed here: no error
    monkeypatch.setitem(sys.modules, "transformers", None)
    assert missing("torch") == ["transformers"]
    with pytest.raises(ModelError, match=r"^building X needs transformers, .*mtqa\[torch\]"):
        require("torch", "building X")


def test_the_tiny_model_builder_says_which_extra_it_needs(monkeypatch, tmp_path, capsys):
    from qa.testing.tiny_marian import main

    monkeypatch.setitem(sys.modules, "torch", None)
    assert main([str(tmp_path / "tiny")]) == 2
    assert install_hint("torch") in capsys.readouterr().err
    assert not (tmp_path / "tiny").exists()


def test_every_module_an_extra_brings_is_declared_in_that_extra():
    tomllib = pytest.importorskip("tomllib")
    from qa.engine.extras import EXTRAS

    with (REPO_ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    core = " ".join(project["dependencies"])
    for extra, modules in EXTRAS.items():
        declared = " ".join(project["optional-dependencies"][extra])
        for module in modules:
            assert module in declared and module not in core, (extra, module)


def _name(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


def core_closure() -> set[str]:
    """The distributions ``pip install mtqa`` installs: the core requirements and theirs, recursively."""
    from importlib import metadata

    from packaging.requirements import Requirement

    tomllib = pytest.importorskip("tomllib")
    with (REPO_ROOT / "pyproject.toml").open("rb") as handle:
        todo = [Requirement(r) for r in tomllib.load(handle)["project"]["dependencies"]]
    seen: set[str] = set()
    while todo:
        requirement = todo.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = _name(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            todo.extend(Requirement(r) for r in metadata.requires(requirement.name) or [])
        except metadata.PackageNotFoundError:
            pass
    return seen


def test_every_library_the_slim_path_imports_comes_with_the_core(ct2_model, tmp_path):
    """A library imported on the slim path but brought only by an extra (protobuf, which sentencepiece
    needs for character offsets, was once in the torch extra) would fail on `pip install mtqa` alone."""
    from importlib import metadata

    IMPORTED.clear()  # the runs of other tests (the error paths) import more
    for _, extra in SLIM_RUNS:
        args = ["check", *PAIR, *(a.format(ct2=ct2_model) for a in extra), "--no-cache", "-f", "json", "-o", str(tmp_path / "r.json")]
        mtqa(args, block=True, cwd=tmp_path)
    modules = set().union(*IMPORTED.values())
    providers = metadata.packages_distributions()
    closure = core_closure()
    outside = {
        (module, dist)
        # _distutils_hack: the venv's setuptools loads it at start-up (distutils-precedence.pth), not mtqa
        for module in modules - set(sys.stdlib_module_names) - {"qa", "_distutils_hack"}
        for dist in providers.get(module, [])
        if _name(dist) not in closure
    }
    assert "protobuf" in closure and not outside, sorted(outside)


@pytest.mark.parametrize("removed", [("vocab.json",), ("vocab.json", "tokenizer_config.json")])
def test_a_conversion_with_only_the_sentencepiece_models_and_its_own_vocabulary_runs_alike(removed, ct2_model, tmp_path):
    """A published conversion may ship source.spm, target.spm and shared_vocabulary.json without
    vocab.json: the same pivots and scores."""
    import shutil

    from qa.engine.ct2 import CT2Engine
    from qa.engine.locate import locate

    bare = tmp_path / "bare"
    shutil.copytree(ct2_model, bare)
    for name in removed:
        (bare / name).unlink()
    sources = [line for line in (SEED / "source.ru.txt").read_text(encoding="utf-8").splitlines() if line][:8]
    targets = [line for line in (SEED / "target.en.txt").read_text(encoding="utf-8").splitlines() if line][:8]
    full, slim = (CT2Engine(locate(str(path)), device="cpu", compute_type="float32") for path in (ct2_model, bare))
    assert slim.translate(sources) == full.translate(sources)
    ours, theirs = slim.score(sources, targets), full.score(sources, targets)
    assert [[t.logprob for t in s.tokens] for s in ours] == [[t.logprob for t in s.tokens] for s in theirs]
