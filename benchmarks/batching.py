"""What batching each sentence at a width of its own costs, and whether pivots depend on chunking.

    python benchmarks/batching.py [--compute-type float32] [--sentences N] [--repeat 3]

Translates the seed article's sentences with the tiny MarianMT (``qa.testing.tiny_marian``, built
under the git-ignored ``.bench/``) on the CPU, with the transformers engine's static greedy decoder:

  widths  the engine as it is: batches of one padded width (qa.engine.batches), each decoded for
          the steps its width allows
  before  the batching it replaced: sentences packed longest first into batches of at most
          --batch-tokens padded tokens, padded to the batch's longest, decoded for the batch's
          longest cap

each as one call of every sentence and in chunks of --chunk (the pipeline calls the engine in chunks of 128). Prints the time
of each (the fastest of --repeat runs), the number of batches, and how many pivots differ between
one call and chunks. Nothing is asserted: it prints what it measured.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def before_batches(lengths: list[int], batch_tokens: int) -> list[list[int]]:
    """The previous length_batches: longest first, a batch closed when its padded size would pass batch_tokens."""
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches, current, longest = [], [], 0
    for index in order:
        length = max(1, lengths[index])
        width = max(longest, length)
        if current and width * (len(current) + 1) > batch_tokens:
            batches.append(current)
            current, width = [], length
        current.append(index)
        longest = width
    return batches + ([current] if current else [])


def translate_before(engine, sources: list[str]) -> tuple[list[str], int]:
    from qa.engine.batches import length_cap

    unique = [s for s in dict.fromkeys(sources) if s.strip()]
    encoded = [engine._source_ids(s) for s in unique]
    caps = [length_cap(len(ids), engine.max_length) for ids in encoded]
    out, batches = {}, before_batches([len(e) for e in encoded], engine.batch_tokens)
    for batch in batches:
        outputs = engine._generate([encoded[i] for i in batch], 0, max(caps[i] for i in batch) + 1)
        for i, ids in zip(batch, outputs, strict=True):
            out[unique[i]] = engine.vocab.decode_target(ids[: caps[i]])
    return [out.get(s, "") for s in sources], len(batches)


def translate_widths(engine, sources: list[str]) -> tuple[list[str], int]:
    from qa.engine.batches import length_batches

    unique = [s for s in dict.fromkeys(sources) if s.strip()]
    batches = length_batches([len(engine._source_ids(s)) for s in unique], engine.batch_tokens, engine.max_batch)
    return engine.translate(sources), len(batches)


def chunked(call, sources: list[str], chunk: int) -> tuple[list[str], int]:
    pivots, batches = [], 0
    for start in range(0, len(sources), chunk):
        part, n = call(sources[start : start + chunk])
        pivots += part
        batches += n
    return pivots, batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compute-type", default="float32")
    parser.add_argument("--sentences", type=int, default=0, help="at most this many (0: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=16, help="sentences per call in the chunked runs")
    args = parser.parse_args()

    from qa.align.sentences import split_sentences
    from qa.engine.locate import locate
    from qa.engine.transformers import TransformersEngine
    from qa.testing.tiny_marian import build_tiny_marian

    model = ROOT / ".bench" / "tiny-ru-en"
    if not (model / "model.safetensors").is_file():
        build_tiny_marian(model)
    text = (ROOT / "corpora/izvestia-ru-us-2025/source.ru.txt").read_text(encoding="utf-8")
    sources = [span.text(line) for line in text.splitlines() for span in split_sentences(line, "ru")]
    sources = list(dict.fromkeys(s for s in sources if s.strip()))
    if args.sentences:
        sources = sources[: args.sentences]
    engine = TransformersEngine(locate(str(model)), device="cpu", compute_type=args.compute_type, threads=1)
    engine.translate(sources[:4])  # load and warm up
    print(f"{len(sources)} sentences of the seed article, tiny MarianMT, {args.compute_type}, 1 thread, CPU, {os.cpu_count()} cores")
    results = {}
    for name, call in (("widths", lambda s: translate_widths(engine, s)), ("before", lambda s: translate_before(engine, s))):
        chunks = f"chunks of {args.chunk}"
        for mode, run in (("one call", call), (chunks, lambda s, c=call: chunked(c, s, args.chunk))):
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                pivots, batches = run(sources)
                best = min(best, time.perf_counter() - start)
            results[name, mode] = pivots
            print(f"{name:<7} {mode:<15} {best:7.2f} s  {len(sources) / best:6.1f} sentences/s  {batches:4d} batches")
    for name in ("widths", "before"):
        differ = sum(a != b for a, b in zip(results[name, "one call"], results[name, chunks], strict=True))
        print(f"{name:<7} pivots that differ between one call and {chunks}: {differ} of {len(sources)}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
