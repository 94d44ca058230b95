"""Whether two versions of mtqa give the same reports: the speed work's guard (findings must not change).

    .venv/bin/python benchmarks/same_findings.py run CODE OUT [--dataset DATA/wmt21-news-ru-en]
    .venv/bin/python benchmarks/same_findings.py compare OUT_A OUT_B

``run`` writes, with the qa package found under CODE (a checkout or a ``git archive`` export; it
goes first on PYTHONPATH and the command runs outside any checkout), the JSON reports
(``mtqa check --format json --no-cache``) of

- the seed article with ``--engine none``;
- the seed article with ``--model models/tiny-ru-en`` (this checkout's tiny model);
- with ``--model MODEL``, the seed article with that model (speed.py's: forced-length-ratio = 1.2);
- 20 WMT21 documents (the first 20 of docids.tsv; the target is the output of system number
  k mod 10 for document k, the pivots Online-B's and Online-W's output, Online-G's for either of
  those as the target), with ``--engine file``.

``compare`` says, for each report, whether the two folders hold the same one once the timing fields
are dropped (each report's ``timing`` objects, and the wall-clock figures of its signature); exit
status 1 when any differ. Nothing of the data set is copied into the repository: the documents are
written under the temporary folder (``mtqa-same-findings``), the same for both runs, as the reports name them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpora" / "izvestia-ru-us-2025"
DATA = Path("/work/shared/data/wmt21-news-ru-en")
PIVOTS = ("Online-B", "Online-W", "Online-G")
DOCUMENTS = 20
DOCUMENTS_AT = Path(tempfile.gettempdir()) / "mtqa-same-findings"
#: keys whose values are times or dates, dropped before comparing
TIMING = frozenset({"timing", "timings", "seconds", "elapsed", "elapsed_s", "created", "date", "started", "finished"})


def wmt_documents(dataset: Path) -> list[tuple[str, Path, Path, list[Path]]]:
    """(name, source, target, pivots) for the first DOCUMENTS documents, written to DOCUMENTS_AT."""
    source = next(dataset.glob("newstest*.src.ru")).read_text(encoding="utf-8").splitlines()
    outputs = {
        path.name.split(".hyp.")[1][: -len(".en")]: path.read_text(encoding="utf-8").splitlines()
        for path in sorted((dataset / "system-outputs").glob("*.hyp.*.en"))
    }
    systems = sorted(outputs)
    lines: dict[str, list[int]] = {}
    for row in (dataset / "docids.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        number, doc = row.split("\t")[:2]
        lines.setdefault(doc, []).append(int(number) - 1)
    folder = DOCUMENTS_AT  # one place for every run: the reports name their files
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for k, (doc, numbers) in enumerate(list(lines.items())[:DOCUMENTS]):
        system = systems[k % len(systems)]
        name = f"{k:02d}-{doc}-{system}"

        def write(suffix: str, text: list[str], name=name) -> Path:
            path = folder / f"{name}.{suffix}.txt"
            path.write_text("\n".join(text) + "\n", encoding="utf-8")
            return path

        pivots = [p for p in PIVOTS if p != system][:2]
        made.append((
            name,
            write("ru", [source[n] for n in numbers]),
            write("en", [outputs[system][n] for n in numbers]),
            [write(f"pivot-{p}", [outputs[p][n] for n in numbers]) for p in pivots],
        ))  # fmt: skip
    return made


def run(code: Path, out: Path, dataset: Path, model: Path | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    code = code.resolve()
    env = dict(os.environ, PYTHONPATH=str(code))
    config = out / "mtqa.toml"  # an empty configuration: no checkout's mtqa.toml is found
    config.write_text("", encoding="utf-8")
    check = [sys.executable, "-c", "from qa.cli import main; main()", "check", "--format", "json", "--no-cache"]
    runs = [
        ("seed-none", [str(SEED / "source.ru.txt"), str(SEED / "target.en.txt"), "--engine", "none"]),
        ("seed-tiny", [str(SEED / "source.ru.txt"), str(SEED / "target.en.txt"), "--model", str(REPO / "models" / "tiny-ru-en")]),
    ]
    if model is not None:  # as benchmarks/speed.py times it: each pivot at 1.2 x its source pieces
        forced = out / "forced.toml"
        forced.write_text("forced-length-ratio = 1.2\n", encoding="utf-8")
        seed = [str(SEED / "source.ru.txt"), str(SEED / "target.en.txt")]
        runs.append(("seed-model", [*seed, "--model", str(model.resolve()), "--config", str(forced)]))
    for name, source, target, pivots in wmt_documents(dataset):
        runs.append((f"wmt-{name}", [str(source), str(target), "--engine", "file", *[a for p in pivots for a in ("--pivot", str(p))]]))
    for name, args in runs:
        if "--config" not in args:
            args = [*args, "--config", str(config)]
        done = subprocess.run([*check, *args], capture_output=True, text=True, env=env, cwd=out)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{name}: exit {done.returncode}: {done.stderr[-2000:]}")
        (out / f"{name}.json").write_text(done.stdout, encoding="utf-8")
        print(f"{name}: exit {done.returncode}, {json.loads(done.stdout)['summary']['findings']} findings", flush=True)


def untimed(value):
    """The report without its timing fields (see :data:`TIMING`)."""
    if isinstance(value, dict):
        return {k: untimed(v) for k, v in value.items() if k not in TIMING}
    if isinstance(value, list):
        return [untimed(v) for v in value]
    return value


def compare(a: Path, b: Path) -> int:
    names = sorted(p.name for p in a.glob("*.json"))
    if not names or names != sorted(p.name for p in b.glob("*.json")):
        print(f"the folders hold different reports: {names} / {sorted(p.name for p in b.glob('*.json'))}")
        return 1
    differ = 0
    findings = 0
    for name in names:
        left, right = (untimed(json.loads((folder / name).read_text(encoding="utf-8"))) for folder in (a, b))
        findings += left["summary"]["findings"]
        if left != right:
            differ += 1
            print(f"DIFFERENT: {name}")
    print(f"{len(names) - differ} of {len(names)} reports identical but for timing ({findings} findings in {a})")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    running = sub.add_parser("run")
    running.add_argument("code", type=Path)
    running.add_argument("out", type=Path)
    running.add_argument("--dataset", type=Path, default=DATA)
    running.add_argument("--model", type=Path, default=None, help="also the seed article with this model (forced lengths)")
    comparing = sub.add_parser("compare")
    comparing.add_argument("a", type=Path)
    comparing.add_argument("b", type=Path)
    args = parser.parse_args(argv)
    if args.command == "run":
        run(args.code, args.out, args.dataset, args.model)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
