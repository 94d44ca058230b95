"""The person check on WMT21 ru-en: false alarms on real MT, and injected speakers caught.

    .venv/bin/python benchmarks/person.py /work/shared/data/wmt21-news-ru-en [--show]

Each system's output is the target, Online-B's the pivot (Online-W's for Online-B). Injected:
in outputs of Online-Y and Facebook-AI whose source and target have no first person, the first
"he", "she" or "they" becomes "I" or "we" (a third party reported as the speaker).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from wmt_systems import pivot_for, read_systems

from qa.checks import CHECKS
from qa.checks.base import CheckContext
from qa.lang import get_language
from qa.records import Segment
from qa.settings import Settings

INJECT_INTO = ("Online-Y", "Facebook-AI")
_THIRD = re.compile(r"(?<![\w'-])(he|she|they|He|She|They)(?![\w'-])")
SWAP = {"he": "I", "she": "I", "they": "we", "He": "I", "She": "I", "They": "We"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    source, outputs = read_systems(args.dataset)
    check, ctx = CHECKS["person"], CheckContext(settings=Settings())
    ru, en = get_language("ru"), get_language("en")
    alarms = majors = 0
    for system, lines in outputs.items():
        pivot = pivot_for(system, outputs)
        for n, (x, y, p) in enumerate(zip(source, lines, pivot, strict=True), start=1):
            found = check(Segment(id="1", source=x, target=y, pivot=p), ctx)
            alarms += bool(found)
            majors += any(f.severity.value == "major" for f in found)
            if found and args.show:
                print(f"{system} line {n}: {found[0].severity.value}: {found[0].message}\n  SRC {x}\n  MT  {y}\n  PIV {p}")
    total = len(outputs) * len(source)
    print(f"real output: {alarms} of {total} segments flagged ({alarms / total:.2%}), {majors} of them major ({majors / total:.2%}), Online-B as pivot")
    tried = caught = major = 0
    for system in INJECT_INTO:
        for x, y, p in zip(source, outputs[system], pivot_for(system, outputs), strict=True):
            m = _THIRD.search(y)
            if not m or ru.first_person(x) or en.first_person(y):
                continue
            tried += 1
            found = check(Segment(id="1", source=x, target=y[: m.start()] + SWAP[m.group()] + y[m.end() :], pivot=p), ctx)
            caught += bool(found)
            major += any(f.severity.value == "major" for f in found)
    print(f"injected: {caught}/{tried} speakers caught ({caught / max(tried, 1):.2f}), {major} as major ({major / max(tried, 1):.2f}), in {', '.join(INJECT_INTO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
