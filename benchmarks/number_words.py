"""Number words in the numbers check (три → "two"): false alarms on real MT, and injected changes caught.

    .venv/bin/python benchmarks/number_words.py /work/shared/data/wmt21-news-ru-en

DATASET is a WMT-style folder (newstest*.src.ru, system-outputs/newstest*.hyp.<SYSTEM>.en). Two
figures, each with another system's output as the pivot (Online-B; Online-W for Online-B):

- false alarms: number-word findings ("«три» reads ...") on every system's real output, listed
  for a person to read (a changed number word is rare in real MT: each listed one is a case);
- injected: in outputs whose source has one exact number word and whose target spells it, the
  English word is swapped for another number (three → two, ...); the share the check flags.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from sacrebleu.metrics import CHRF
from wmt_systems import pivot_for, read_systems

from qa.checks.base import CheckContext
from qa.checks.numbers import numbers
from qa.lang.en.quantities import number_word
from qa.lang.ru.quantities import russian_number_words
from qa.records import Segment
from qa.settings import Settings

SWAP = {2: 3, 3: 2, 4: 5, 5: 4, 6: 7, 7: 6, 8: 9, 9: 8, 10: 12, 11: 12, 12: 10, 20: 30, 30: 20, 40: 50, 50: 40, 1.5: 2}
INJECT_INTO = ("Online-A", "Online-G", "Online-Y", "Facebook-AI")


def _word_findings(segment: Segment, ctx: CheckContext) -> list:
    return [f for f in numbers(segment, ctx) if "» reads" in f.message and not any(c.isdigit() for c in f.source_span.text(segment.source))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    args = parser.parse_args(argv)
    source, outputs = read_systems(args.dataset)
    chrf, ctx = CHRF(word_order=2), CheckContext(settings=Settings())

    def segment(x: str, y: str, pivot: str) -> Segment:
        return Segment(id="1", source=x, target=y, pivot=pivot, scores={"chrf": chrf.sentence_score(y, [pivot]).score})

    alarms = []
    for system, lines in outputs.items():
        pivot = pivot_for(system, outputs)
        for n, (x, y, p) in enumerate(zip(source, lines, pivot, strict=True), start=1):
            alarms += [(system, n, f.message) for f in _word_findings(segment(x, y, p), ctx)]
    print(f"real output: {len(alarms)} number-word finding(s) on {len(outputs)} systems x {len(source)} segments")
    for system, n, message in alarms:
        print(f"  {system} line {n}: {message}")

    tried = caught = 0
    for system in INJECT_INTO:
        for x, y, p in zip(source, outputs[system], pivot_for(system, outputs), strict=True):
            words = [w for w in russian_number_words(x) if w.exact]
            if len(words) != 1:
                continue
            value = words[0].values[0]
            m = re.search(rf"\b{re.escape(number_word(value))}\b", y, re.IGNORECASE)
            if not m:
                continue
            new = number_word(SWAP[value])
            new = new.capitalize() if m.group()[0].isupper() else new
            tried += 1
            caught += bool(_word_findings(segment(x, y[: m.start()] + new + y[m.end() :], p), ctx))
    print(f"injected: {caught}/{tried} changed number words caught ({caught / max(tried, 1):.2f}) in {', '.join(INJECT_INTO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
