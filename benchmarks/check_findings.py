"""Every finding of one segment check on WMT21-style real MT, for a person to read.

    .venv/bin/python benchmarks/check_findings.py repetition /work/shared/data/wmt21-news-ru-en [--pivot Online-B]

Each system's output is the target; with --pivot, that system's output is the pivot (and, for
that system itself, Online-W's). Prints each finding with its source and target, then the
count by severity.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from wmt_systems import pivot_for, read_systems

from qa.checks import CHECKS
from qa.checks.base import CheckContext
from qa.records import Segment
from qa.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("check", choices=[c for c, k in CHECKS.items() if k.scope == "segment"])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--pivot", default=None)
    args = parser.parse_args(argv)
    source, outputs = read_systems(args.dataset)
    check, ctx = CHECKS[args.check], CheckContext(settings=Settings())
    counts: Counter = Counter()
    for system, lines in outputs.items():
        pivots = [None] * len(lines) if not args.pivot else pivot_for(system, outputs, args.pivot)
        for n, (x, y, p) in enumerate(zip(source, lines, pivots, strict=True), start=1):
            for finding in check(Segment(id=str(n), source=x, target=y, pivot=p), ctx):
                counts[finding.severity.value] += 1
                print(f"{system} line {n}: {finding.severity.value}: {finding.message}\n  SRC {x}\n  MT  {y}")
    print(f"{sum(counts.values())} finding(s) of {args.check} on {len(outputs)} systems x {len(source)} segments: {dict(counts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
