"""Memory and time of checking one long article: peak RSS and wall-clock time against its length.

An article of N lines (one paragraph a line) is made from the WMT21 news test set (source lines,
ref.A as the translation, Online-B as pivots for --engine file), repeated as often as needed,
or, without --data, from the seed article in corpora/. Each size is checked in a fresh process
(`mtqa check SOURCE TARGET --engine none|file --no-cache -f json -o FILE`), whose peak resident
set size comes from the kernel (wait4's rusage), so nothing of one run stays in the next. A
second process per size runs the sentence aligner alone (segmentation included) on the same
article, to show its share. The goal (issue 14): under 2 GB and time linear in length.

    .venv/bin/python benchmarks/memory.py --data /work/shared/data/wmt21-news-ru-en
    .venv/bin/python benchmarks/memory.py --sizes 1000 20000 --engine file --data DIR
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "izvestia-ru-us-2025"

_ALIGN_ONLY = """
import sys, time
from pathlib import Path
from qa.align.links import align
from qa.align.sentences import split_sentences
from qa.load import load

bitext = load(sys.argv[1], sys.argv[2])
pivots = Path(sys.argv[3]).read_text(encoding="utf-8").split("\\n") if len(sys.argv) > 3 else None
start = time.perf_counter()
def sides(paragraphs, lang):
    sentences, units = [], []
    for number, paragraph in enumerate(paragraphs):
        for span in split_sentences(paragraph, lang):
            sentences.append(span.text(paragraph))
            units.append(number)
    return sentences, units
source, source_units = sides(bitext.sources, "ru")
target, target_units = sides(bitext.targets, "en")
sentence_pivots = None
if pivots is not None:  # the paragraph's pivot for each of its sentences: as the pipeline has them, near enough
    sentence_pivots = [pivots[u] if u < len(pivots) else None for u in source_units]
links = align(source, target, sentence_pivots, source_paragraphs=source_units, target_paragraphs=target_units)
print(len(source), len(target), len(links), f"{time.perf_counter() - start:.2f}")
"""


def article(data: Path | None, lines: int, folder: Path) -> tuple[Path, Path, Path | None]:
    """Source, target (and pivot) files of ``lines`` lines each."""
    if data is not None:
        source = (data / "newstest2021.ru-en.src.ru").read_text(encoding="utf-8").rstrip("\n").split("\n")
        target = (data / "newstest2021.ru-en.ref.A.en").read_text(encoding="utf-8").rstrip("\n").split("\n")
        pivot_path = data / "system-outputs" / "newstest2021.ru-en.hyp.Online-B.en"
        pivot = pivot_path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    else:
        source = [p for p in (SEED / "source.ru.txt").read_text(encoding="utf-8").split("\n") if p.strip()]
        target = [p for p in (SEED / "target.en.txt").read_text(encoding="utf-8").split("\n") if p.strip()]
        count = min(len(source), len(target))
        source, target, pivot = source[:count], target[:count], None
    paths = []
    for name, rows in (("source.ru.txt", source), ("target.en.txt", target), ("pivot.en.txt", pivot)):
        if rows is None:
            paths.append(None)
            continue
        path = folder / name
        repeated = (rows * (lines // len(rows) + 1))[:lines]
        path.write_text("\n".join(repeated) + "\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1], paths[2]


def measure(command: list[str]) -> tuple[float, float, int, str]:
    """Wall-clock seconds, peak RSS in MB, exit code and stdout of one child process (reaped with
    wait4, whose rusage is that child's own)."""
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True, cwd=ROOT)
        out = child.stdout.read()
        child.stdout.close()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            errors.seek(0)
            sys.stderr.write(errors.read()[-2000:])
    return seconds, usage.ru_maxrss / 1024, code, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="WMT21 news ru-en folder (default: the seed article, repeated)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000, 100000], help="article lengths in lines")
    parser.add_argument("--engine", choices=("none", "file"), default="none")
    args = parser.parse_args()
    if args.engine == "file" and args.data is None:
        parser.error("--engine file needs --data (Online-B is the pivot)")
    load = os.getloadavg()[0]
    print(f"$ .venv/bin/python benchmarks/memory.py {' '.join(sys.argv[1:])}")
    print(f"data: {args.data.name if args.data else 'seed article'}; engine {args.engine}; load average at start: {load:.1f} on {os.cpu_count()} CPUs")
    print(f"{'lines':>7} {'sentences':>19} {'check_s':>8} {'s/1k':>6} {'check_MB':>9} {'align_s':>8} {'align_MB':>9}  exit")
    for lines in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            source, target, pivot = article(args.data, lines, folder)
            report = folder / "report.json"
            command = [sys.executable, "-m", "qa", "check", str(source), str(target), "--engine", args.engine, "--no-cache", "-f", "json", "-o", str(report)]
            if args.engine == "file":
                command += ["--pivot", str(pivot)]
            seconds, peak, code, _ = measure(command)
            align_command = [sys.executable, "-c", _ALIGN_ONLY, str(source), str(target)] + ([str(pivot)] if args.engine == "file" else [])
            align_seconds, align_peak, _, out = measure(align_command)
            counts = out.split()
            sentences = f"{counts[0]}/{counts[1]}" if len(counts) == 4 else "?"
            align_time = float(counts[3]) if len(counts) == 4 else float("nan")
            print(
                f"{lines:>7} {sentences:>19} {seconds:>8.1f} {seconds / lines * 1000:>6.2f} {peak:>9.0f} {align_time:>8.1f} {align_peak:>9.0f}  {code}",
                flush=True,
            )
    print("check_s, check_MB: the whole `mtqa check` (wall clock, peak RSS); align_s: align() alone (after loading and")
    print("segmentation), align_MB: the peak RSS of the process that loads, segments and aligns; s/1k: check seconds per 1000 lines")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
