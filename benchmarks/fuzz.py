"""The long fuzz run (issue 14): tens of thousands of odd and broken inputs through every reader,
and odd text through every check, counting what was read, what was refused (a QAError: exit 2,
one line) and what crashed (anything else; goal 0).

The strategies are those of tests/test_fuzz.py (qa.testing.inputs): an article pair, TSV, JSONL,
XLIFF 1.2/2.0, TMX, PO, glossaries in TSV, CSV and TBX, a configuration file, a baseline. Each
crash is printed with its exception and written, with its input files, under --crashes.

    .venv/bin/python benchmarks/fuzz.py --examples 2000 --checked 300
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings

from qa.checks.runner import NOT_CHECKED
from qa.testing.inputs import CHECKED, STRATEGIES, check_odd_text, feed


def fuzz_reader(kind: str, examples: int, seed_value: int, crashes: Path) -> collections.Counter:
    counts: collections.Counter = collections.Counter()

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(files=STRATEGIES[kind])
    def run(files):
        with tempfile.TemporaryDirectory() as folder:
            try:
                outcome = feed(kind, files, Path(folder))
            except Exception as error:  # noqa: BLE001 - a crash is what we count
                counts["crashed"] += 1
                _keep(crashes, kind, counts["crashed"], files, error)
                return
        counts[outcome.split(":")[0]] += 1

    run()
    return counts


def fuzz_checks(examples: int, seed_value: int, crashes: Path) -> collections.Counter:
    counts: collections.Counter = collections.Counter()

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=CHECKED)
    def run(case):
        pairs, as_article = case
        with tempfile.TemporaryDirectory() as folder:
            try:
                report = check_odd_text(pairs, as_article, Path(folder))
            except Exception as error:  # noqa: BLE001
                counts["crashed"] += 1
                _keep(crashes, "checks", counts["crashed"], {"pairs.txt": repr(pairs).encode()}, error)
                return
        if report is None:
            counts["refused"] += 1
            return
        raised = [f.message for f in report.findings if f.note == NOT_CHECKED]
        counts["check raised" if raised else "read"] += 1
        if raised:
            _keep(crashes, "checks", counts["check raised"], {"pairs.txt": repr(pairs).encode()}, RuntimeError(raised[0]))

    run()
    return counts


def _keep(crashes: Path, kind: str, number: int, files: dict[str, bytes], error: BaseException) -> None:
    folder = crashes / f"{kind}-{number}"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "error.txt").write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    print(f"  crash: {kind} #{number}: {type(error).__name__}: {str(error)[:200]} ({folder})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="inputs per reader (11 readers)")
    parser.add_argument("--checked", type=int, default=300, help="odd-text documents checked end to end")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--crashes", type=Path, default=Path(tempfile.gettempdir()) / "mtqa-fuzz-crashes")
    args = parser.parse_args()
    print(f"$ .venv/bin/python benchmarks/fuzz.py {' '.join(sys.argv[1:])}")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; seed {args.seed}")
    print(f"{'kind':<14} {'inputs':>7} {'read':>7} {'refused':>8} {'crashed':>8} {'seconds':>8}")
    total: collections.Counter = collections.Counter()
    for kind in sorted(STRATEGIES):
        start = time.perf_counter()
        counts = fuzz_reader(kind, args.examples, args.seed, args.crashes)
        inputs = sum(counts.values())
        total.update(counts)
        total["inputs"] += inputs
        print(f"{kind:<14} {inputs:>7} {counts['read']:>7} {counts['refused']:>8} {counts['crashed']:>8} {time.perf_counter() - start:>8.1f}", flush=True)
    if args.checked:
        start = time.perf_counter()
        counts = fuzz_checks(args.checked, args.seed, args.crashes)
        inputs = sum(counts.values())
        total.update(counts)
        total["inputs"] += inputs
        print(f"{'checks':<14} {inputs:>7} {counts['read']:>7} {counts['refused']:>8} {counts['crashed'] + counts['check raised']:>8} {time.perf_counter() - start:>8.1f}", flush=True)
    crashed = total["crashed"] + total["check raised"]
    print(f"{'total':<14} {total['inputs']:>7} {total['read']:>7} {total['refused']:>8} {crashed:>8}")
    print("read: loaded (or checked); refused: a QAError of one line (exit 2); crashed: any other exception, or (checks) a check that raised")
    sys.exit(1 if crashed else 0)


if __name__ == "__main__":
    main()
