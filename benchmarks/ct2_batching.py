"""What batching CTranslate2 by exact length costs, against batching by padded width.

CTranslate2 pads a batch to its longest member itself, so a row's arithmetic can depend on its
batch neighbours (the last digits of a log-probability). Batches of one exact length pad no row.
This times the default engine (ct2 int8, a random model of opus-mt-ru-en's architecture built by
benchmarks/speed.py under .bench/, each pivot ending at 1.2 x its source pieces) on the first
COUNT source sentences of WMT21 and a reference as targets, both ways, alternating:

    .venv/bin/python benchmarks/ct2_batching.py ../shared/data/wmt21-news-ru-en --count 400
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the wmt21-news-ru-en folder")
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    import speed

    os.environ.setdefault("XDG_CACHE_HOME", str(speed.BENCH / "xdg"))  # the conversion goes there
    marian, _ = speed.build_models(False, [], [])
    from qa.engine import build_engine
    from qa.engine.ct2 import CT2Engine
    from qa.settings import Settings

    def lines(name):
        return [line.strip() for line in (args.data / name).read_text(encoding="utf-8").splitlines() if line.strip()][: args.count]

    sources, targets = lines("newstest2021.ru-en.src.ru"), lines("newstest2021.ru-en.ref.A.en")
    engine = build_engine(Settings(model=str(marian), use_cache=False, forced_length_ratio=1.2))
    engine.translate(sources[:2])  # loads (and converts once)
    print(f"{len(sources)} WMT21 sentences, {engine.name} {engine.compute_type}, load average {os.getloadavg()[0]:.2f}")
    for _ in range(args.repeat):
        for exact in (False, True):
            CT2Engine.pads_to_longest = exact
            start = time.perf_counter()
            engine.translate(sources)
            middle = time.perf_counter()
            engine.score(sources, targets)
            end = time.perf_counter()
            label = "exact lengths" if exact else "padded widths"
            print(
                f"  {label:<14} translate {len(sources) / (middle - start):6.1f} sentences/s"
                f"  score {len(sources) / (end - middle):6.1f} sentences/s  (load {os.getloadavg()[0]:.2f})",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
