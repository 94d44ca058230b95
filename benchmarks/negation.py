"""The negation check on WMT21 ru-en: false alarms on real MT, and injected negations caught.

    .venv/bin/python benchmarks/negation.py /work/shared/data/wmt21-news-ru-en [--show]

Each system's output is the target, Online-B's the pivot (Online-W's for Online-B).

- real output: the segments flagged among 10 systems x 1000 (``--show`` lists them with source,
  target and pivot, for a person to read);
- injected, removed: in outputs of Online-A and -G (the lexicons were tuned on these) and of
  Online-Y and Facebook-AI (held out) with exactly one negator
  ("not" or "n't") and a source with a negation, the negator is deleted ("did not go" -> "did
  go", "didn't" -> "did");
- injected, added: in outputs with no negator whose source has no negation, "not" is put after
  the first auxiliary ("was" -> "was not").
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

INJECT_INTO = ("Online-A", "Online-G", "Online-Y", "Facebook-AI")
_AUXILIARY = re.compile(r"(?<![\w'-])(is|are|was|were|will|can|could|would|should|has|have|had|must|may|might)(?![\w'-])")
_NOT = re.compile(r"(?<![\w'-])not (?=\w)|(?<=\w)n[’']t(?![\w])", re.IGNORECASE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    source, outputs = read_systems(args.dataset)
    check, ctx = CHECKS["negation"], CheckContext(settings=Settings())
    ru, en = get_language("ru"), get_language("en")

    def flagged(x: str, y: str, p: str) -> list:
        return check(Segment(id="1", source=x, target=y, pivot=p), ctx)

    alarms = 0
    for system, lines in outputs.items():
        pivot = pivot_for(system, outputs)
        for n, (x, y, p) in enumerate(zip(source, lines, pivot, strict=True), start=1):
            found = flagged(x, y, p)
            alarms += bool(found)
            if found and args.show:
                print(f"{system} line {n}: {found[0].message}\n  SRC {x}\n  MT  {y}\n  PIV {p}")
    total = len(outputs) * len(source)
    print(f"real output: {alarms} of {total} segments flagged ({alarms / total:.2%}), Online-B as pivot")

    for part, systems in (("tuned on", INJECT_INTO[:2]), ("held out", INJECT_INTO[2:])):
        _inject(part, systems, source, outputs, flagged, ru, en)
    return 0


def _inject(part, systems, source, outputs, flagged, ru, en) -> None:
    removed = [0, 0]
    added = [0, 0]
    for system in systems:
        for x, y, p in zip(source, outputs[system], pivot_for(system, outputs), strict=True):
            negators = en.negations(y)
            if len(negators) == 1 and ru.negations(x) and len(_NOT.findall(y)) == 1:
                removed[0] += 1
                removed[1] += bool(flagged(x, _NOT.sub("", y, count=1), p))
            elif not negators and not ru.negations(x):
                m = _AUXILIARY.search(y)
                if m:
                    added[0] += 1
                    added[1] += bool(flagged(x, y[: m.end()] + " not" + y[m.end() :], p))
    for label, (tried, caught) in (("removed", removed), ("added", added)):
        print(f"injected, {label} ({part}: {', '.join(systems)}): {caught}/{tried} caught ({caught / max(tried, 1):.2f})")


if __name__ == "__main__":
    raise SystemExit(main())
