"""The transliterated check on real MT: every finding on WMT21 ru-en, for a person to read.

    .venv/bin/python benchmarks/transliterated.py /work/shared/data/wmt21-news-ru-en [--no-pivot]

Each system's output is the target; Online-B's output is the pivot (Online-W's for Online-B),
or no pivot with --no-pivot. Prints each finding with the pivot, then the count.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from wmt_systems import pivot_for, read_systems

from qa.checks import CHECKS
from qa.checks.base import CheckContext
from qa.records import Segment
from qa.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--no-pivot", action="store_true")
    args = parser.parse_args(argv)
    source, outputs = read_systems(args.dataset)
    check, ctx = CHECKS["transliterated"], CheckContext(settings=Settings())
    total = 0
    for system, lines in outputs.items():
        pivots = [None] * len(lines) if args.no_pivot else pivot_for(system, outputs)
        for n, (x, y, p) in enumerate(zip(source, lines, pivots, strict=True), start=1):
            for finding in check(Segment(id=str(n), source=x, target=y, pivot=p), ctx):
                total += 1
                print(f"{system} line {n}: {finding.message}" + (f"  [pivot: {p[:100]}]" if p else ""))
    print(f"{total} finding(s) on {len(outputs)} systems x {len(source)} segments ({'no pivot' if args.no_pivot else 'Online-B as pivot'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
