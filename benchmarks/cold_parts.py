"""Where a cold ``mtqa check`` of the seed article spends its time, part by part, in one process.

    XDG_CACHE_HOME=$PWD/.bench/xdg .venv/bin/python benchmarks/cold_parts.py MODEL

MODEL: the MarianMT that benchmarks/speed.py builds (opus-mt-ru-en's architecture, random
weights), converted once to CTranslate2 int8 as ``mtqa check`` does (under XDG_CACHE_HOME; a
first run converts it, so run this twice). ``qa.run`` checks the article as ``mtqa check`` does,
with speed.py's forced length (each pivot ceil(1.2 x its source pieces)), no result cache; the
engine's calls are timed as they happen, in wall and CPU seconds (the process's, every thread):
loading the model, the pivots, scoring the target, the cross-attention alignment of every segment
(what mistranslation reads); what remains of the run is the checks, with the languages, NER,
dictionaries and term index they load, and the segmentation and reports.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpora" / "izvestia-ru-us-2025"


def main() -> int:
    model = Path(sys.argv[1]).resolve()
    print(f"# cold parts of mtqa check, seed article, {model.name}; load average {os.getloadavg()}")
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    sys.path.insert(0, str(REPO))
    import qa
    from qa.engine import build_engine

    parts: dict[str, list[float]] = {}

    def timed(label, call):
        def run(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return call(*args, **kwargs)
            finally:
                spent = parts.setdefault(label, [0.0, 0.0])
                spent[0] += time.perf_counter() - wall
                spent[1] += time.process_time() - cpu

        return run

    imported = (time.perf_counter() - start_wall, time.process_time() - start_cpu)
    settings = qa.Settings(model=[str(model)], use_cache=False, forced_length_ratio=1.2)
    engine = build_engine(settings)
    timed("load the model", engine._ensure_loaded)()  # what the first translation would do
    engine.translate = timed("pivots (translation)", engine.translate)
    engine._scores = timed("scoring the target", engine._scores)
    engine.alignments_for = timed("alignment (forced decoding)", engine.alignments_for)
    report = qa.run((CORPUS / "source.ru.txt", CORPUS / "target.en.txt"), settings, engine=engine)
    total = (time.perf_counter() - start_wall, time.process_time() - start_cpu)
    print(f"  {'importing mtqa':<30} {imported[0]:6.2f} s wall {imported[1]:6.2f} s CPU")
    for label, (wall, cpu) in parts.items():
        print(f"  {label:<30} {wall:6.2f} s wall {cpu:6.2f} s CPU")
    rest = [total[k] - imported[k] - sum(p[k] for p in parts.values()) for k in (0, 1)]
    print(f"  {'the rest (checks, ...)':<30} {rest[0]:6.2f} s wall {rest[1]:6.2f} s CPU")
    segments = sum(len(d.segments) for d in report.documents)
    print(f"  {'total':<30} {total[0]:6.2f} s wall {total[1]:6.2f} s CPU  ({segments} segments, {engine.name} {engine.compute_type})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
