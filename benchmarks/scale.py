"""Throughput and driver memory of `mtqa batch`, locally and on Ray (``--executor ray``).

    python benchmarks/scale.py /work/shared/data/wmt21-news-ru-en            # everything
    python benchmarks/scale.py DATASET --only file                           # one part: stages, file, model, memory
    python benchmarks/scale.py DATASET --vocab-source A.ru --vocab-target A.en  # the model's vocabularies

DATASET is a WMT-style folder (``newstest*.src.ru``, ``system-outputs/*.hyp.*.en``). Its text is
read where it lies; the documents are written to a temporary folder and removed after.

* **file engine**: 30-line articles (30 consecutive source lines), every system's output as a
  target, Online-B's output of the same lines as the pivot (the engine reads one pivot file,
  aligned with the source, so every article has the same source and a different translation);
* **model**: 30-line articles from consecutive windows of the source (different sources), each
  with one system's output, through the default engine (CTranslate2 int8 on the CPU) on a
  randomly initialised model of opus-mt-ru-en's architecture (6+6 layers, d_model 512, 8 heads,
  FFN 2048, 62,518 vocabulary entries; benchmarks/speed.py builds it under .bench/), each pivot
  ended at ceil(1.2 x its source pieces) as a trained model's would end;
* each runs locally (``--executor local``) and on a Ray cluster started on this machine with W
  CPUs and W engine actors, W = 1 and 2. A warm-up batch goes first in the same process (the
  language data loaded, Ray's workers started), then the timed batch, with no cache;
* **memory**: the driver's peak resident memory (ru_maxrss) for 1,000 and 10,000 short
  documents (2 lines, file engine, the cheap checks: the driver holds none of their work) on Ray, each size in a fresh process, with the per-document
  reports and the whole JSON report written; and the local run's at the same sizes.

Nothing is asserted: it prints what it measured, with ``uptime`` (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

LINES = 30  # lines (paragraphs) of an article
PIVOT_SYSTEM = "Online-B"


def say(*parts) -> None:
    print(*parts, flush=True)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def write_documents(dataset: Path, folder: Path, count: int, kind: str, lines: int = LINES) -> tuple[Path | None, int]:
    """``count`` article pairs in ``folder`` (``dNNNNNN.ru.txt`` + ``.en.txt``); the pivot file
    (same-source kind) and the number of source sentences."""
    from wmt_systems import read_systems

    from qa.align.sentences import split_sentences

    source, outputs = read_systems(dataset)
    systems = sorted(outputs)
    folder.mkdir(parents=True, exist_ok=True)
    windows = (len(source) - lines) // lines + 1
    sentences = {}
    pivot = None
    if kind == "same-source":
        pivot = folder.parent / "pivot.en.txt"
        pivot.write_text("\n".join(outputs[PIVOT_SYSTEM][:lines]) + "\n", encoding="utf-8")
    total = 0
    for n in range(count):
        if kind == "same-source":
            start, system = 0, systems[n % len(systems)]
        else:
            start, system = (n % windows) * lines, systems[(n // windows) % len(systems)]
        src = source[start : start + lines]
        if start not in sentences:
            sentences[start] = sum(len(split_sentences(line, "ru")) for line in src)
        total += sentences[start]
        (folder / f"d{n:06d}.ru.txt").write_text("\n".join(src) + "\n", encoding="utf-8")
        (folder / f"d{n:06d}.en.txt").write_text("\n".join(outputs[system][start : start + lines]) + "\n", encoding="utf-8")
    return pivot, total


# --- one measurement, in its own process ----------------------------------------------------------


def one(args) -> None:
    """Time (or measure the memory of) one configuration and print one JSON line."""
    import qa
    from qa.executor import run_batch
    from qa.load.discover import discover

    items = [(i.source, i.target, i.id) for i in discover([args.docs]).items]
    warm = [(i.source, i.target, i.id) for i in discover([args.warm]).items] if args.warm else []
    options = json.loads(args.settings)
    settings = qa.Settings(executor=args.executor, use_cache=False, engine_actors=max(args.workers, 1), **options)
    started = time.perf_counter()
    if args.executor == "ray":
        import ray

        ray.init(address="local", num_cpus=args.workers, include_dashboard=False, log_to_driver=False)
    ray_start = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cold = None
    if warm:
        start = time.perf_counter()
        run_batch(warm, settings, formats=("summary",))
        cold = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        if args.reports:
            settings = settings.replace(report_dir=str(Path(tmp) / "documents"))
        start = time.perf_counter()
        batch = run_batch(items, settings, formats=("json",) if args.reports else ("summary",))
        if args.reports:
            if args.executor == "ray":
                batch.write_json(Path(tmp) / "report.json")
            else:
                from qa.report.json_report import render

                (Path(tmp) / "report.json").write_text(render(batch), encoding="utf-8")
        seconds = time.perf_counter() - start
    summary = batch.summary()
    say(json.dumps({
        "seconds": seconds, "cold_seconds": cold, "ray_start": ray_start, "documents": summary["documents"],
        "segments": summary["segments"], "findings": summary["findings"],
        "rss_before_mb": rss_before / 1024, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))  # fmt: skip


def measure(docs: Path, executor: str, workers: int, settings: dict, warm: Path | None = None, reports: bool = False) -> dict:
    command = [
        sys.executable, __file__, "_one", "--docs", str(docs), "--executor", executor, "--workers", str(workers),
        "--settings", json.dumps(settings), *(["--warm", str(warm)] if warm else []), *(["--reports"] if reports else []),
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(REPO)), cwd=REPO)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"scale.py: {executor} x{workers} failed (exit {out.returncode}):\n{out.stderr[-3000:]}")
    return json.loads(lines[-1])


def throughput(label: str, dataset: Path, kind: str, count: int, settings: dict, root: Path) -> list[dict]:
    docs = root / f"{label}-docs"
    pivot, sentences = write_documents(dataset, docs, count, kind)
    warm_docs = root / f"{label}-warm"
    write_documents(dataset, warm_docs, 4, kind)
    if pivot is not None:
        settings = {**settings, "pivot_files": [str(pivot)]}
    say(f"\n## {label}: {count} documents of {LINES} lines, {sentences} source sentences")
    say(f"  {'executor':<18} {'docs/s':>8} {'sentences/s':>12} {'wall s':>8} {'warm-up s':>10} {'ray start s':>12}  uptime")
    rows = []
    for executor, workers in (("local", 1), ("ray", 1), ("ray", 2)):
        result = measure(docs, executor, workers, settings, warm=warm_docs)
        name = "local" if executor == "local" else f"ray, {workers} worker{'s' if workers > 1 else ''}"
        rate = result["documents"] / result["seconds"]
        say(
            f"  {name:<18} {rate:8.2f} {sentences / result['seconds']:12.1f} {result['seconds']:8.1f} "
            f"{result['cold_seconds']:10.1f} {result['ray_start']:12.1f}  {uptime().split('load average: ')[-1]}"
        )
        rows.append({"executor": name, **result, "sentences": sentences})
    return rows


#: the memory runs' checks: the driver's memory is what is measured, and it holds no check's work
MEMORY_CHECKS = ["untranslated", "addition", "omission", "low-agreement", "numbers", "repetition"]


def load_segment(dataset: Path, root: Path, count: int = 40) -> None:
    """The first stage alone: read, decode and split a 30-line article, in this process."""
    import qa
    from qa.load.discover import discover
    from qa.pipeline import _load, segment_bitexts

    write_documents(dataset, root / "stage-docs", count, "windows")
    items = [(i.source, i.target, i.id) for i in discover([root / "stage-docs"]).items]
    settings = qa.Settings()
    segment_bitexts([_load(items[0], settings)], settings)  # the splitters loaded
    start = time.perf_counter()
    for item in items:
        segment_bitexts([_load(item, settings)], settings)
    per = (time.perf_counter() - start) / len(items)
    say(f"\n## load and segment (stage 1): {per * 1000:.1f} ms a {LINES}-line article ({len(items)} articles)  {uptime().split('load average: ')[-1]}")


def memory(dataset: Path, sizes: list[int], root: Path, local: bool) -> None:
    say("\n## driver peak memory (ru_maxrss), file engine, 2-line documents, per-document and whole JSON reports written")
    say(f"  checks: {', '.join(MEMORY_CHECKS)} (the driver folds findings; the checks' own cost is the workers'),")
    say("  low-agreement below chrF++ 101: a finding on every segment")
    say(f"  {'executor':<18} {'documents':>10} {'findings':>9} {'before MB':>10} {'peak MB':>10} {'wall s':>8}  uptime")
    for size in sizes:
        docs = root / f"memory-{size}"
        pivot, _ = write_documents(dataset, docs, size, "same-source", lines=2)
        # every segment a low-agreement finding (chrF++ below 101): the driver folds findings too
        settings = {"engine": "file", "pivot_files": [str(pivot)], "checks": MEMORY_CHECKS, "low_agreement_chrf": 101.0}
        for executor in ("ray", *(["local"] if local else [])):
            result = measure(docs, executor, 2, settings, reports=True)
            say(
                f"  {executor:<18} {result['documents']:>10} {result['findings']:>9} {result['rss_before_mb']:10.0f} {result['peak_rss_mb']:10.0f} "
                f"{result['seconds']:8.1f}  {uptime().split('load average: ')[-1]}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    if len(sys.argv) > 1 and sys.argv[1] == "_one":
        parser.add_argument("_one")
        parser.add_argument("--docs", type=Path, required=True)
        parser.add_argument("--warm", type=Path)
        parser.add_argument("--executor", default="local")
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--settings", default="{}")
        parser.add_argument("--reports", action="store_true")
        one(parser.parse_args())
        return 0
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--only", choices=("stages", "file", "model", "memory"), action="append")
    parser.add_argument("--file-docs", type=int, default=60)
    parser.add_argument("--model-docs", type=int, default=12)
    parser.add_argument("--memory-sizes", default="1000,10000")
    parser.add_argument("--memory-local", action="store_true", help="Also the local run's memory at each size")
    parser.add_argument("--vocab-source", type=Path, action="append", default=[])
    parser.add_argument("--vocab-target", type=Path, action="append", default=[])
    args = parser.parse_args()
    only = set(args.only or ("stages", "file", "model", "memory"))
    import ray

    import qa

    say(f"# benchmarks/scale.py {' '.join(sys.argv[1:])}")
    say(f"mtqa {qa.__version__}, ray {ray.__version__}, python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    say(f"uptime at start: {uptime()}")
    with tempfile.TemporaryDirectory(prefix="mtqa-scale-") as tmp:
        root = Path(tmp)
        if "stages" in only:
            load_segment(args.dataset, root)
        if "file" in only:
            throughput("file engine", args.dataset, "same-source", args.file_docs, {"engine": "file"}, root)
        if "model" in only:
            from speed import build_models

            marian, _ = build_models(False, args.vocab_source, args.vocab_target)
            config = {"engine": "auto", "model": str(marian), "forced_length_ratio": 1.2}
            throughput("random opus-mt-ru-en-sized model (CTranslate2 int8)", args.dataset, "windows", args.model_docs, config, root)
        if "memory" in only:
            memory(args.dataset, [int(n) for n in args.memory_sizes.split(",")], root, args.memory_local)
    say(f"\nuptime at end: {uptime()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
