"""Speed of the engines on a random model with opus-mt-ru-en's exact architecture.

    python benchmarks/speed.py                 # CPU figures
    python benchmarks/speed.py --gpu           # GPU figures (CUDA), CPU parts skipped
    python benchmarks/speed.py --quick         # fewer repetitions (a smoke run)
    python benchmarks/speed.py --only default  # the default engine's figures (or --only check)
    python benchmarks/speed.py --versus-qe     # against a random XLM-R-large (CometKiwi-22's encoder)
    python benchmarks/speed.py --pipeline DATA/wmt21-news-ru-en   # --jobs auto against --jobs 1

--versus-qe times a randomly initialised XLM-R-large (``XLMRobertaModel`` with
xlm-roberta-large's configuration, written out here: no download) fp32 and bf16
(``torch.autocast``) on the pairs mtqa's translate + score runs on, in the same run,
then the engine with one setting changed at a time, then the seed article end to end
(``mtqa check`` cold and warm against the encoder cold and warm). --pipeline builds
documents from the WMT21 news ru-en folder it is given (the text stays there) and times
``qa.run`` with ``jobs=1`` and ``jobs="auto"`` with the file engine (another system's
output as the pivots) and the opus-sized model, at 10, 100 and 500 documents.

Builds, under the git-ignored ``.bench/``, a MarianMTModel with opus-mt-ru-en's
configuration (6+6 layers, d_model 512, 8 heads, FFN 2048, 62,518 vocabulary
entries, ~76M parameters) from a fixed seed, and its CTranslate2 conversion.
Its SentencePiece vocabularies are the tiny model's (``qa.testing.tiny_marian``,
600 pieces a side), or trained on the texts --vocab-source / --vocab-target
give, with up to 32,000 pieces a side as opus-mt's: the compute per token is the
model's, but how many pieces a sentence becomes is the vocabulary's, and that
sets the seed article's decoded lengths:

    python benchmarks/speed.py --only check \
        --vocab-source DATA/mlqe-pe-ru-en/post-editing/train.src \
        --vocab-source DATA/ntrex128-rus-eng/newstest2019-ref.rus.txt \
        --vocab-source DATA/wmt21-news-ru-en/newstest2021.ru-en.src.ru \
        --vocab-target DATA/mlqe-pe-ru-en/post-editing/train.pe \
        --vocab-target DATA/ntrex128-rus-eng/newstest2019-src.eng.txt \
        --vocab-target DATA/wmt21-news-ru-en/newstest2021.ru-en.ref.A.en

Workloads, both made of the seed article's sentences (tokenized by that vocabulary):
  article  each batch of length-sorted sentences decodes ceil(1.2 × its longest source) tokens
  ref30    every source cut to 30 tokens (``</s>`` included) and 36 tokens decoded, as in
           the figures the issue quotes (30 source tokens; its "32 forced tokens" is taken
           as 1.2 × 30 = 36, the harder reading)
The decoded length is forced (min = max length), so a random model does the work of
a real one. Figures: sentences/s and target tokens/s (decoded positions, padding
included) of the engines' own batched backends, after one warm-up batch, the fastest of at least three runs; the
teacher-forced scoring of those outputs; the CTranslate2 vocabulary shortlist with
how often it changes a pivot; and the cold and cached ``mtqa check`` of the seed
article. Nothing here is asserted: it prints what it measured.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
BENCH = REPO / ".bench"
CORPUS = REPO / "corpora" / "izvestia-ru-us-2025"



def say(*parts) -> None:
    print(*parts, flush=True)


def machine(args) -> None:
    import torch
    import transformers

    try:
        import ctranslate2

        ct2_version = ctranslate2.__version__
    except ImportError:
        ct2_version = "not installed"

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    say(f"# mtqa speed benchmark  {time.strftime('%Y-%m-%d %H:%M:%S')}")
    say(f"machine: {platform.node()}  {cpu}  {os.cpu_count()} CPUs  load average {os.getloadavg()}")
    say(
        f"python {platform.python_version()}  torch {torch.__version__}  transformers {transformers.__version__}"
        f"  ctranslate2 {ct2_version}"
    )
    if torch.cuda.is_available():
        say(f"gpu: {torch.cuda.get_device_name(0)}  cuda {torch.version.cuda}")
    say(
        f"threads: {args.threads}  mode: {'gpu' if args.gpu else 'cpu'}  min seconds per figure: {args.min_time}"
    )


def build_models(gpu: bool, vocab_source: list[Path], vocab_target: list[Path]) -> tuple[Path, Path]:
    """The random opus-size model and its float32 CTranslate2 conversion (reused if present).

    Its vocabularies are the tiny model's, or trained on the --vocab-source/--vocab-target texts
    (up to 32,000 pieces a side, as opus-mt's): the model, and so the compute per token, is the
    same; what changes is how many pieces a sentence is cut into."""
    from qa.engine.ct2 import convert
    from qa.testing.tiny_marian import build_tiny_marian

    start = time.perf_counter()
    name = "opus-random"
    if vocab_source or vocab_target:
        if not (vocab_source and vocab_target):
            raise SystemExit("speed.py: --vocab-source and --vocab-target go together")
        digest = hashlib.sha256()
        for paths in (vocab_source, vocab_target):
            digest.update(b"\0".join(path.read_bytes() for path in paths) + b"\1")
        name += f"-vocab-{digest.hexdigest()[:10]}"
    marian = BENCH / name
    if not (marian / "model.safetensors").is_file():
        say(f"building {marian} ...")
        if vocab_source:
            with tempfile.TemporaryDirectory() as tmp:
                files = []
                for side, paths in (("source", vocab_source), ("target", vocab_target)):
                    joined = Path(tmp) / side
                    joined.write_text("\n".join(p.read_text(encoding="utf-8") for p in paths), encoding="utf-8")
                    files.append(joined)
                build_tiny_marian(
                    marian, source_file=files[0], target_file=files[1], size="opus", seed=2025, spm_vocab_size=32000
                )
        else:
            build_tiny_marian(marian, size="opus", seed=2025)
    ct2 = BENCH / f"{name}-ct2"
    if not (ct2 / "model.bin").is_file():
        say(f"converting to {ct2} ...")
        try:
            convert(marian, ct2, quantization="float32", force=True)
        except ImportError as exc:
            say(f"  no CTranslate2 here ({exc}); its figures are skipped")
    say(f"models ready in {time.perf_counter() - start:.1f} s")
    return marian, ct2


def vocabulary_figures(marian: Path) -> None:
    """How finely the model's vocabularies cut the seed article (pieces per whitespace word)."""
    import sentencepiece

    for side, name in (("source", "source.ru.txt"), ("target", "target.en.txt")):
        sp = sentencepiece.SentencePieceProcessor(model_file=str(marian / f"{side}.spm"))
        text = (CORPUS / name).read_text(encoding="utf-8")
        pieces = sum(len(sp.encode(line)) for line in text.splitlines())
        say(f"  {side} vocabulary: {sp.get_piece_size()} pieces, {pieces / len(text.split()):.2f} per word of {name}")


def sentences() -> list[str]:
    try:
        from razdel import sentenize

        def split(line):
            return [s.text for s in sentenize(line)]
    except ImportError:  # the GPU machine's image has no razdel: a plain splitter is enough here
        import re

        def split(line):
            return re.split(r"(?<=[.!?…])\s+(?=[«\"(—A-ZА-ЯЁ0-9])", line)

    out = []
    for line in (CORPUS / "source.ru.txt").read_text(encoding="utf-8").splitlines():
        out.extend(t for t in split(line) if len(t) > 1)
    return list(dict.fromkeys(out))


def workload(engine, texts: list[str], kind: str, count: int) -> list[list[int]]:
    """``count`` source id lists (the article's sentences, cycled)."""
    ids = [engine._source_ids(t) for t in texts]
    if kind == "ref30":
        eos = engine.vocab.eos_id
        flat = [i for row in ids for i in row if i != eos]
        ids = [flat[k * 29 : k * 29 + 29] + [eos] for k in range(len(flat) // 29)]
    return [ids[k % len(ids)] for k in range(count)]


def forced_length(batch: list[list[int]], kind: str) -> int:
    return 36 if kind == "ref30" else max(1, math.ceil(1.2 * max(len(x) for x in batch)))


def batches(engine, rows: list[list[int]], size: int) -> list[list[list[int]]]:
    from qa.engine.seq2seq import length_batches

    return [[rows[i] for i in b] for b in length_batches([len(r) for r in rows], 10**9, size)]


def timed(run, min_time: float, warm=None, least: int = 3) -> tuple[float, int]:
    """The fastest of at least ``least`` calls of ``run`` (after ``warm()``, or one warm-up call) made
    within ``min_time`` seconds: the machine is shared, and the best call is the one least
    disturbed by other processes."""
    (warm or run)()
    best, calls, start = float("inf"), 0, time.perf_counter()
    while calls < least or time.perf_counter() - start < min_time:
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
        calls += 1
    return best, calls


def translation_figure(engine, rows, size, kind, min_time, sync=None):
    groups = batches(engine, rows, size)
    lengths = [forced_length(b, kind) for b in groups]
    outputs = {}

    def run():
        for k, (batch, n) in enumerate(zip(groups, lengths, strict=True)):
            outputs[k] = engine._generate(batch, n, n)
        if sync:
            sync()

    def warm():  # one batch of each shape (a CUDA graph is captured per shape)
        shapes = {}
        for batch, n in zip(groups, lengths, strict=True):
            shapes.setdefault((len(batch), max(map(len, batch)), n), (batch, n))
        for batch, n in shapes.values():
            engine._generate(batch, n, n)
        if sync:
            sync()

    seconds, calls = timed(run, min_time, warm)
    tokens = sum(len(b) * n for b, n in zip(groups, lengths, strict=True))
    return len(rows) / seconds, tokens / seconds, seconds, groups, outputs


def scoring_figure(engine, groups, outputs, min_time, sync=None):
    eos = engine.vocab.eos_id
    targets = [[out[:] + [eos] for out in outputs[k]] for k in range(len(groups))]

    def run():
        for batch, target in zip(groups, targets, strict=True):
            engine._score(batch, target)
        if sync:
            sync()

    def warm():
        engine._score(groups[0], targets[0])

    seconds, _ = timed(run, min_time, warm)
    return sum(len(b) for b in groups) / seconds, seconds


def line(label, sents, toks, extra=""):
    say(f"  {label:<44} {sents:9.1f} sentences/s {toks:11.0f} target tokens/s {extra}")


def cpu_figures(args, marian: Path, ct2: Path, texts: list[str]) -> None:
    from qa.engine.ct2 import CT2Engine
    from qa.engine.locate import locate
    from qa.engine.transformers import TransformersEngine

    n_small = 8 if args.quick else 16
    n_large = 64

    def tf_engine(compute="float32", static=True):
        engine = TransformersEngine(
            locate(str(marian)),
            device="cpu",
            threads=args.threads,
            compute_type=compute,
            static_greedy=static,
        )
        engine._ensure_loaded()
        return engine

    def ct2_engine(compute="int8", threads=args.threads, path=ct2):
        engine = CT2Engine(
            locate(str(path)), device="cpu", threads=threads, compute_type=compute, defer_alignment=False
        )
        engine._ensure_loaded()
        return engine

    def figure(engine, rows, size, kind, label):
        s, t, secs, groups, outs = translation_figure(engine, rows, size, kind, args.min_time)
        line(label, s, t)
        return s, groups, outs

    def scoring(engine, label, s_translate, groups, outs):
        s_score, _ = scoring_figure(engine, groups, outs, args.min_time)
        say(
            f"  {label:<44} {s_score:9.1f} sentences/s  (scoring time = {s_translate / s_score:.2f} × translation)"
        )

    for kind in ("ref30",) if args.quick else ("ref30", "article"):
        say(f"\n## workload {kind}")
        tf = tf_engine(static=False)
        rows = workload(tf, texts, kind, n_large)
        say(f"  mean source tokens {sum(map(len, rows)) / len(rows):.1f}")
        sizes = (1, 16, 64) if kind == "ref30" else (64,)
        for size in sizes:
            figure(
                tf,
                rows[: n_small if size == 1 else n_large],
                size,
                kind,
                f"transformers float32 generate, batch {size}",
            )
        for compute in ("float32", "bfloat16"):
            tf = tf_engine(compute, static=True)
            for size in sizes:
                s64, groups, outs = figure(
                    tf,
                    rows[: n_small if size == 1 else n_large],
                    size,
                    kind,
                    f"transformers {compute} static, batch {size}",
                )
            scoring(tf, f"transformers {compute} scoring (+ alignment), batch 64", s64, groups, outs)
        del tf

        engine = ct2_engine("int8")
        for size in (1, 16, 64, 128) if kind == "ref30" else (64,):
            count = n_small if size == 1 else max(n_large, size)
            s_ct2, groups, outs = figure(
                engine, workload(engine, texts, kind, count), size, kind, f"ct2 int8, batch {size}"
            )
            if size == 64:
                s64, groups64, outs64 = s_ct2, groups, outs
        scoring(engine, "ct2 int8 scoring (+ alignment), batch 64", s64, groups64, outs64)
        engine.alignment = False
        scoring(engine, "ct2 int8 scoring, log-probs only, batch 64", s64, groups64, outs64)
        engine.alignment = True
        if kind == "ref30":
            figure(ct2_engine("float32"), rows, 64, kind, "ct2 float32, batch 64")
            if args.threads != 1:
                figure(ct2_engine("int8", threads=1), rows, 64, kind, "ct2 int8, batch 64, 1 thread")
        del engine
        vmap_figures(args, marian, ct2, texts, kind)


def vmap_figures(args, marian: Path, ct2: Path, texts: list[str], kind: str) -> None:
    """The vocabulary shortlist (CTranslate2's vmap), two ways.

    1. The method: rules from the model's own pivots of half the sentences, and how often
       the shortlist changes a pivot, on those sentences and on the held-out half.
    2. The speed at a realistic size: a random model's pivots use a handful of pieces, so
       the shortlist from (1) is unrealistically small; here every source piece gets 50
       candidates and 100 are always allowed (Bergamot's lexical shortlists: 50 + 100),
       the model's own pieces among them and random pieces for the rest.
    """
    import random

    from qa.engine.ct2 import CT2Engine, convert
    from qa.engine.locate import locate
    from qa.engine.vmap import shortlist, write_vmap

    plain = CT2Engine(locate(str(ct2)), device="cpu", threads=args.threads, compute_type="int8")
    plain._ensure_loaded()
    half = len(texts) // 2
    train, held_out = texts[:half], texts[half:]
    pieces = plain.pivot_pieces(train, forced_length_ratio=1.2)
    rules = shortlist(plain.vocab, zip(train, pieces, strict=True), always=100)
    own_dir = BENCH / "opus-random-ct2-vmap"
    convert(
        marian, own_dir, quantization="float32", vmap=write_vmap(rules, BENCH / "vmap-own.txt"), force=True
    )
    own = CT2Engine(locate(str(own_dir)), device="cpu", threads=args.threads, compute_type="int8")
    for label, part in (("sentences it was built from", train), ("held-out sentences", held_out)):
        a = plain.translate(part, forced_length_ratio=1.2)
        b = own.translate(part, forced_length_ratio=1.2)
        changed = sum(x != y for x, y in zip(a, b, strict=True))
        say(f"  vmap from the model's own pivots: changed {changed}/{len(part)} pivots on {label}")
    targets = {t for ts in rules.values() for t in ts}
    say(f"    ({len(rules) - 1} source pieces, {len(targets)} target pieces: a random model uses few)")

    rng = random.Random(7)
    specials = {plain.vocab.eos_token, plain.vocab.pad_token, plain.vocab.unk_token}
    pool = [t for t in plain.vocab.target_encoder if t not in specials]
    sized = {"": (rules[""] + rng.sample(pool, 100))[:100]}
    for source in plain.vocab.encoder:
        if source not in specials:
            sized[source] = (rules.get(source, []) + rng.sample(pool, 50))[:50]
    sized_dir = BENCH / "opus-random-ct2-vmap50"
    convert(
        marian, sized_dir, quantization="float32", vmap=write_vmap(sized, BENCH / "vmap-50.txt"), force=True
    )
    engine = CT2Engine(locate(str(sized_dir)), device="cpu", threads=args.threads, compute_type="int8")
    engine._ensure_loaded()
    rows = workload(engine, texts, kind, 64 if args.quick else 128)
    s, t, _, groups, _ = translation_figure(engine, rows, 64, kind, args.min_time)
    tokens = [{plain.vocab.decoder[i] for row in batch for i in row} for batch in groups]
    sizes = [len(set(sized[""]).union(*(sized.get(p, []) for p in batch))) for batch in tokens]
    line(f"ct2 int8, batch 64 + vmap (~{sum(sizes) // len(sizes)} candidates)", s, t)
    for path in (own_dir, sized_dir):
        shutil.rmtree(path, ignore_errors=True)


def check_figures(marian: Path) -> None:
    """``mtqa check`` of the seed article as a user runs it: the default engine (CTranslate2 int8,
    converting the MarianMT once), lexical checks only, the first run ever (conversion included),
    cold (model load included), and cached."""
    say("\n## mtqa check of the seed article (default engine, random weights, --model a MarianMT directory)")
    say("  each pivot ends at ceil(1.2 × its source pieces) (forced-length-ratio = 1.2 in the config), as a trained model's")
    say("  run would end there: CTranslate2 drops each sentence from the batch at its own length (a random model")
    say("  would decode to the length cap, 2 × source + 10)")
    conversions = Path(os.environ["XDG_CACHE_HOME"]) / "mtqa" / "ct2"
    shutil.rmtree(conversions, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = [
            sys.executable, "-m", "qa", "check",
            str(CORPUS / "source.ru.txt"), str(CORPUS / "target.en.txt"), "--format", "json",
        ]  # fmt: skip
        config = Path(tmp) / "mtqa.toml"  # the engine option the measurement needs, as a user would set it
        config.write_text("forced-length-ratio = 1.2\n", encoding="utf-8")
        model = ["--model", str(marian), "--config", str(config)]
        runs = [
            ("--engine none (no model)", ["--engine", "none", "--no-cache"]),
            ("first run (conversion included)", [*model, "--cache", str(Path(tmp) / "first.sqlite3")]),
            ("cold (model load included)", [*model, "--cache", str(Path(tmp) / "cache.sqlite3")]),
            ("cold, again", [*model, "--cache", str(Path(tmp) / "again.sqlite3")]),
            ("cached re-check", [*model, "--cache", str(Path(tmp) / "cache.sqlite3")]),
            ("cached re-check, again", [*model, "--cache", str(Path(tmp) / "cache.sqlite3")]),
        ]
        for label, extra in runs:
            env = dict(os.environ, PYTHONPATH=str(REPO))
            start = time.perf_counter()
            out = subprocess.run(base + extra, capture_output=True, text=True, env=env, cwd=REPO)
            seconds = time.perf_counter() - start
            try:
                report = json.loads(out.stdout)
                segments = report["summary"]["segments"]
                engine = report["signature"]["engine"]
            except (ValueError, KeyError):
                say(f"  {label}: exit {out.returncode}: {out.stderr.strip()[-300:]}")
                continue
            what = f"{engine.get('engine')} {engine.get('compute_type', '')}".strip()
            say(f"  {label:<34} {seconds:6.2f} s  ({segments} segments, exit {out.returncode}, {what})")


def default_figures(args, marian: Path, texts: list[str]) -> None:
    """The engine ``mtqa check`` builds with no engine options (Settings() defaults: nothing chosen here)."""
    from qa.engine import build_engine
    from qa.settings import Settings

    engine = build_engine(Settings(model=str(marian), use_cache=False))
    engine.translate(texts[:1])  # converts once (into .bench/xdg), loads
    per_batch = engine.batch_tokens // 30
    say(
        f"  default engine: {engine.name} {engine.compute_type}, threads {engine.threads or 'backend default'},"
        f" batches of {engine.batch_tokens} tokens ({per_batch} sentences of 30 tokens)"
    )
    rows = workload(engine, texts, "ref30", 2 * per_batch)
    s, t, _, groups, outs = translation_figure(engine, rows, per_batch, "ref30", args.min_time)
    line(f"default engine, batch {per_batch}", s, t)
    for label, defer in (("alignment deferred (the default)", True), ("+ alignment of every segment", False)):
        engine.defer_alignment = defer
        s_score, _ = scoring_figure(engine, groups, outs, args.min_time)
        say(f"  {'default engine scoring, ' + label:<44} {s_score:9.1f} sentences/s  (scoring time = {s / s_score:.2f} × translation)")
    # where scoring's time goes: the same sources with one-token targets (the encoder and two
    # positions, </s> included) against the full 36 + </s>; translation's steps are what remains
    # of its time after the encoder
    engine.defer_alignment = True
    _, full = scoring_figure(engine, groups, outs, args.min_time)
    _, short = scoring_figure(engine, groups, {k: [o[:1] for o in v] for k, v in outs.items()}, args.min_time)
    translate = len(rows) / s
    per_position = (full - short) / 35
    per_step = (translate - short) / 36
    say(
        f"  scoring, split: encoder + 2 positions {short / translate:.2f} × translation; each further target position"
        f" {per_position / per_step:.2f} × a decoding step (a quarter of translation would leave"
        f" {(0.25 * translate - short) / 35 / per_step:.2f} × a step per position)"
    )


def gpu_figures(args, marian: Path, ct2: Path, texts: list[str]) -> None:
    import torch

    from qa.engine.locate import locate
    from qa.engine.transformers import TransformersEngine

    # --dry-run: the same code paths on the CPU with tiny batches (no CUDA graphs), to test this function
    device = "cpu" if args.dry_run else "cuda"
    sync = None if args.dry_run else torch.cuda.synchronize
    small, medium, large, huge, check = (2, 4, 8, 16, 16) if args.dry_run else (64, 512, 2048, 4096, 512)
    kind = "ref30"
    say(f"\n## GPU, workload {kind}" + ("  (dry run on the CPU)" if args.dry_run else ""))

    def guarded(label, fn):
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001 - report the failure and go on to the next figure
            say(f"  {label}: failed ({type(exc).__name__}: {str(exc)[:300]})")
            return None

    def figure(engine, size, label, count=None):
        rows = workload(engine, texts, kind, count or size * 2)
        s, t, secs, groups, outs = translation_figure(engine, rows, size, kind, args.min_time, sync)
        line(label, s, t)
        return s, groups, outs

    plain = TransformersEngine(
        locate(str(marian)), device=device, compute_type="bfloat16", static_greedy=False
    )
    plain._ensure_loaded()
    for size in (small, medium, large):
        guarded(
            f"generate batch {size}",
            lambda size=size: figure(plain, size, f"transformers bf16 generate, batch {size}"),
        )
    fast = TransformersEngine(locate(str(marian)), device=device, compute_type="bfloat16")
    fast._ensure_loaded()
    results = {}
    for size in (small, medium, large, huge):
        results[size] = guarded(
            f"static batch {size}",
            lambda size=size: figure(
                fast, size, f"transformers bf16 static cache + CUDA graph, batch {size}"
            ),
        )

    def agreement():
        rows = workload(fast, texts, kind, check)
        a = fast._generate(rows, 36, 36)
        b = plain._generate(rows, 36, 36)
        same = sum(x == y for x, y in zip(a, b, strict=True))
        tokens = sum(sum(p == q for p, q in zip(x, y, strict=False)) for x, y in zip(a, b, strict=True))
        say(
            f"  static vs generate (bf16, {check} sentences): {same}/{check} pivots identical,"
            f" {tokens / sum(map(len, b)):.3f} of tokens at equal positions"
        )

    guarded("agreement", agreement)

    def scoring(size):
        s_tr, groups, outs = results[size]
        rate = scoring_figure(fast, groups, outs, args.min_time, sync)[0]
        say(
            f"  transformers bf16 teacher-forced scoring (+ alignment), batch {size}: {rate:.0f} sentences/s"
            f"  (scoring time = {s_tr / rate:.2f} × static translation)"
        )

    for size in (medium, large):
        if results.get(size):
            guarded(f"scoring {size}", lambda size=size: scoring(size))
    plain = fast = None
    torch.cuda.empty_cache()

    def half():
        engine = TransformersEngine(locate(str(marian)), device=device, compute_type="float16")
        engine._ensure_loaded()
        figure(engine, large, f"transformers fp16 static cache + CUDA graph, batch {large}")

    guarded("float16", half)

    def ct2_gpu():
        import ctranslate2

        if device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
            raise RuntimeError("this ctranslate2 build sees no CUDA device")
        from qa.engine.ct2 import CT2Engine

        engine = CT2Engine(
            locate(str(ct2)), device=device, compute_type="float16" if device == "cuda" else "int8"
        )
        engine._ensure_loaded()
        for size in (small, medium, large):
            figure(engine, size, f"ct2 float16, batch {size}")

    guarded("ct2 on the GPU", ct2_gpu)


# --- mtqa against a neural QE model (CometKiwi / COMET-22: an XLM-R-large encoder) ---------------

XLMR_LARGE = dict(  # xlm-roberta-large's config.json, written out (no hub download)
    vocab_size=250002, hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
    intermediate_size=4096, hidden_act="gelu", hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1,
    max_position_embeddings=514, type_vocab_size=1, initializer_range=0.02, layer_norm_eps=1e-5,
    pad_token_id=1, bos_token_id=0, eos_token_id=2,
)  # fmt: skip
QE_BATCH = 16  # COMET's default batch size


def xlmr_large():
    """A randomly initialised XLM-R-large (CometKiwi-22's encoder): compute per token is the
    architecture's, whatever the weights."""
    import torch
    import transformers

    transformers.utils.logging.set_verbosity_error()
    torch.manual_seed(2025)
    model = transformers.XLMRobertaModel(transformers.XLMRobertaConfig(**XLMR_LARGE))
    return model.eval()


def encoder_rate(model, lengths: list[int], precision: str, threads: int, passes: int = 1) -> float:
    """Pairs per second through the encoder: each pair one sequence of ``lengths[i]`` tokens
    (``<s> target </s></s> source </s>``, as CometKiwi reads them), length-sorted batches of 16."""
    import contextlib

    import torch

    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    generator = torch.Generator().manual_seed(7)
    groups = []
    for start in range(0, len(order), QE_BATCH):
        chunk = [lengths[i] for i in order[start : start + QE_BATCH]]
        ids = torch.full((len(chunk), max(chunk)), XLMR_LARGE["pad_token_id"], dtype=torch.long)
        mask = torch.zeros_like(ids)
        for row, n in enumerate(chunk):
            ids[row, :n] = torch.randint(5, XLMR_LARGE["vocab_size"], (n,), generator=generator)
            mask[row, :n] = 1
        groups.append((ids, mask))
    autocast = (
        torch.autocast("cpu", dtype=torch.bfloat16) if precision == "bf16" else contextlib.nullcontext()
    )
    # CTranslate2 sets OpenMP's thread count for the whole process when it loads a model: every
    # encoder figure is taken with all the threads the benchmark was given
    torch.set_num_threads(threads)

    def run():
        with torch.inference_mode(), autocast:
            for ids, mask in groups:
                model(input_ids=ids, attention_mask=mask).last_hidden_state.float().sum().item()

    # the encoder takes minutes per pass on a busy 2-core machine: one warm-up batch and the
    # fastest of --encoder-passes passes (default 1)
    seconds, _ = timed(run, 0, lambda: run_first(groups, model, autocast), least=passes)
    return len(lengths) / seconds


def run_first(groups, model, autocast) -> None:
    import torch

    with torch.inference_mode(), autocast:
        ids, mask = groups[0]
        model(input_ids=ids, attention_mask=mask)


def mtqa_rate(engine, rows: list[list[int]], targets: list[list[int]], batch: int, min_time: float) -> tuple[float, float, float]:
    """Sentences per second of translate (forced to the targets' lengths) and of scoring the
    targets, as the engine runs them (length-sorted batches of ``batch``), and of the two together."""
    from qa.engine.seq2seq import length_batches

    groups = length_batches([len(r) for r in rows], 10**9, batch)
    n = len(targets[0]) - 1

    def translate():
        for group in groups:
            engine._generate([rows[i] for i in group], n, n)

    def score():
        for group in groups:
            engine._score([rows[i] for i in group], [targets[i] for i in group])

    t_translate, _ = timed(translate, min_time)
    t_score, _ = timed(score, min_time)
    count = len(rows)
    return count / t_translate, count / t_score, count / (t_translate + t_score)


def versus_qe(args, marian: Path, ct2: Path, texts: list[str]) -> None:
    """The default engine's translate + score against the encoder, on the same pairs, in one run."""
    import torch

    from qa.engine import build_engine
    from qa.settings import Settings

    torch.set_num_threads(args.threads)
    count = 32 if args.quick else 64
    say(f"\n## mtqa against a neural QE encoder (XLM-R-large, CometKiwi-22's), ref30 workload, {count} pairs")
    engine = build_engine(Settings(model=str(marian), use_cache=False))
    engine.translate(texts[:1])  # converts once (into .bench/xdg), loads
    rows = workload(engine, texts, "ref30", count)
    eos = engine.vocab.eos_id
    targets = [out + [eos] for out in engine._generate(rows, 36, 36)]
    say(
        f"  pairs: {count} sources of 30 tokens (</s> included), targets of 36 + </s> (mtqa's own pivots, forced);"
        f" the encoder reads each as one sequence of 1 + 36 + 2 + 29 + 1 = 69 tokens, batches of {QE_BATCH}"
    )
    say(f"  mtqa: the default engine ({engine.name} {engine.compute_type}, batches of {engine.batch_tokens} tokens)")
    model = xlmr_large()
    params = sum(p.numel() for p in model.parameters())
    say(f"  encoder: XLMRobertaModel, {params / 1e6:.0f}M parameters, random weights, torch threads {args.threads}")
    lengths = [1 + 36 + 2 + 29 + 1] * count
    say(f"  load average before: {os.getloadavg()}")
    fp32 = encoder_rate(model, lengths, "fp32", args.threads, args.encoder_passes)
    say(f"  {'encoder fp32':<44} {fp32:9.1f} pairs/s")
    bf16 = encoder_rate(model, lengths, "bf16", args.threads, args.encoder_passes)
    say(f"  {'encoder bf16 (torch.autocast cpu)':<44} {bf16:9.1f} pairs/s")
    per_batch = max(1, engine.batch_tokens // 30)
    s_tr, s_sc, s_both = mtqa_rate(engine, rows, targets, per_batch, args.min_time)
    say(f"  {'mtqa translate':<44} {s_tr:9.1f} pairs/s")
    say(f"  {'mtqa score (log-probs; alignment deferred)':<44} {s_sc:9.1f} pairs/s")
    say(
        f"  {'mtqa translate + score':<44} {s_both:9.1f} pairs/s  = {s_both / bf16:.2f} × encoder bf16,"
        f" {s_both / fp32:.2f} × encoder fp32"
    )
    say(f"  load average after: {os.getloadavg()}")
    engine_variants(args, engine, rows, targets, bf16)
    versus_qe_article(args, marian, model)


def engine_variants(args, default, rows, targets, bf16: float) -> None:
    """Translate + score with one setting changed at a time from the default engine's, against the encoder."""
    import ctranslate2

    from qa.engine.ct2 import CT2Engine

    location = default.location
    supported = sorted(ctranslate2.get_supported_compute_types("cpu"))
    say(f"  with one setting changed (ctranslate2 on this CPU supports: {', '.join(supported)}):")
    inter, intra = default.thread_layout()
    variants = [
        (f"default ({default.compute_type}, {inter} x {intra} threads, {default.batch_tokens} tokens)", {}),
        ("compute type int16", {"compute_type": "int16"}),
        ("compute type float32", {"compute_type": "float32"}),
        ("compute type int8_bfloat16", {"compute_type": "int8_bfloat16"}),
        ("compute type bfloat16", {"compute_type": "bfloat16"}),
        (f"threads 1 x {inter * intra} (one worker, every thread)", {"inter_threads": 1}),
        ("batches of 1024 tokens", {"batch_tokens": 1024}),
        ("batches of 2048 tokens", {"batch_tokens": 2048}),
        ("batches of 8192 tokens", {"batch_tokens": 8192}),
    ]
    for label, change in variants:
        compute = change.get("compute_type")
        if compute and compute not in supported:
            say(f"    {label:<52} not supported here (no bf16 units: ctranslate2 offers it on CUDA only)")
            continue
        options = {"compute_type": default.compute_type, "batch_tokens": default.batch_tokens, **change}
        engine = CT2Engine(location, device="cpu", threads=args.threads, **options)
        engine._ensure_loaded()
        per_batch = max(1, engine.batch_tokens // 30)
        s_tr, s_sc, s_both = mtqa_rate(engine, rows, targets, per_batch, args.min_time)
        say(
            f"    {label:<52} translate {s_tr:6.1f}, score {s_sc:6.1f}, both {s_both:6.1f} pairs/s"
            f" = {s_both / bf16:.2f} × encoder bf16"
        )
        if not change:
            say(
                f"    {'translate only (no scoring: the bound if no check read log-probs)':<52} {s_tr:6.1f} pairs/s"
                f" = {s_tr / bf16:.2f} × encoder bf16"
            )
        del engine
    say(f"  load average after: {os.getloadavg()}")


ENCODER_LOAD = """
import sys, time, torch, transformers
start = time.perf_counter()
model = transformers.XLMRobertaModel.from_pretrained(sys.argv[1]).eval()
print(time.perf_counter() - start)
"""


def versus_qe_article(args, marian: Path, model) -> None:
    """The seed article end to end: ``mtqa check`` cold (a new process, model load included) and
    warm (the engine loaded, nothing cached), against the encoder cold (its weights read from
    disk in a new process) and warm, on the article's segment pairs."""
    import qa
    from qa.engine import build_engine
    from qa.settings import Settings

    say("\n## the seed article end to end against the encoder")
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "mtqa.toml"
        config.write_text("forced-length-ratio = 1.2\n", encoding="utf-8")
        base = [
            sys.executable, "-m", "qa", "check", str(CORPUS / "source.ru.txt"), str(CORPUS / "target.en.txt"),
            "--format", "json", "--model", str(marian), "--config", str(config),
        ]  # fmt: skip
        env = dict(os.environ, PYTHONPATH=str(REPO))
        subprocess.run([*base, "--no-cache"], capture_output=True, env=env, cwd=REPO)  # converts once
        colds = []
        for k in range(2):
            start = time.perf_counter()
            out = subprocess.run(
                [*base, "--cache", str(Path(tmp) / f"c{k}.sqlite3")], capture_output=True, env=env, cwd=REPO
            )
            colds.append(time.perf_counter() - start)
        report = json.loads(out.stdout)
    settings = Settings(model=str(marian), use_cache=False, forced_length_ratio=1.2)
    engine = build_engine(settings)
    pair = (CORPUS / "source.ru.txt", CORPUS / "target.en.txt")
    qa.run(pair, settings, engine=engine)
    start = time.perf_counter()
    qa.run(pair, settings, engine=engine)
    warm = time.perf_counter() - start
    segments = [s for d in report["documents"] for s in d["segments"] if s["source"] and s["target"]]
    vocab = engine.vocab
    lengths = [
        1 + len(vocab.encode_target(s["target"]).ids) + 2 + len(vocab.encode_source(s["source"]).ids) + 1
        for s in segments
    ]
    say(
        f"  {len(segments)} segment pairs; the encoder reads each as <s> target </s></s> source </s>, in pieces"
        f" of the benchmark model's vocabularies (XLM-R's own is not available here),"
        f" mean {sum(lengths) / len(lengths):.0f} tokens"
    )
    say(f"  load average: {os.getloadavg()}")
    runs = ", ".join(f"{c:.2f}" for c in colds)
    say(f"  {'mtqa check, cold (new process, model load included)':<56} {min(colds):6.2f} s (runs: {runs})")
    say(f"  {'mtqa check, warm (engine loaded, nothing cached)':<56} {warm:6.2f} s")
    weights = BENCH / "xlmr-large-random"
    if not (weights / "model.safetensors").is_file():
        model.save_pretrained(weights)
    loads = []
    for _ in range(2):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", ENCODER_LOAD, str(weights)], capture_output=True, check=True)
        loads.append(time.perf_counter() - start)
    load = min(loads)
    say(f"  encoder load in a new process (python, torch, transformers, fp32 weights from disk): {load:.2f} s")
    for precision in ("fp32", "bf16"):
        forward = len(lengths) / encoder_rate(model, lengths, precision, args.threads, args.encoder_passes)
        say(
            f"  {'encoder ' + precision + ', warm (forward only)':<56} {forward:6.2f} s;"
            f" cold (+ load) {load + forward:6.2f} s"
        )
        say(f"    mtqa cold / encoder cold: {min(colds) / (load + forward):.2f};  warm / warm: {warm / forward:.2f}")
    say(f"  load average after: {os.getloadavg()}")


# --- the batch pipeline: --jobs auto against --jobs 1 ----------------------------------------------


class ParagraphPivots:
    """The file engine's work for many documents: one supplied pivot per source paragraph (the
    ``--pivot`` file of each document, here looked up by the paragraph)."""

    name = "file"
    unit = "paragraph"
    cacheable = False

    def __init__(self, pivots: dict[str, str]):
        self.pivots = pivots

    def signature(self):
        return {"engine": "file", "pivot_file": "benchmark", "pivot_sha256": "-"}

    def translate(self, sources):
        return [self.pivots.get(s) for s in sources]

    def score(self, sources, targets):
        return [None] * len(sources)


def wmt_documents(folder: Path, count: int, pivot_system: str):
    """``count`` documents of WMT21 news ru-en, one paragraph a segment: each source document with one
    system's output as target (the next system for each further round through the documents), and
    ``pivot_system``'s output as the supplied pivots."""
    from collections import OrderedDict

    from qa.records import Bitext

    sources = (folder / "newstest2021.ru-en.src.ru").read_text(encoding="utf-8").splitlines()
    doc_of = [row.split("\t")[1] for row in (folder / "docids.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    outputs = folder / "system-outputs"
    systems = sorted(p.name.split(".hyp.")[1][:-3] for p in outputs.glob("*.hyp.*.en") if pivot_system not in p.name)
    read = {s: (outputs / f"newstest2021.ru-en.hyp.{s}.en").read_text(encoding="utf-8").splitlines() for s in systems}
    pivot = (outputs / f"newstest2021.ru-en.hyp.{pivot_system}.en").read_text(encoding="utf-8").splitlines()
    docs: OrderedDict[str, list[int]] = OrderedDict()
    for n, doc in enumerate(doc_of):
        docs.setdefault(doc, []).append(n)
    names = list(docs)
    bitexts = []
    for k in range(count):
        doc, system = names[k % len(names)], systems[(k // len(names)) % len(systems)]
        lines = docs[doc]
        bitexts.append(
            Bitext(
                id=f"{doc}.{system}", source_path=None, target_path=None,
                sources=[sources[i] for i in lines], targets=[read[system][i] for i in lines],
            )
        )  # fmt: skip
    return bitexts, ParagraphPivots({sources[i]: pivot[i] for i in range(len(sources))})


def pipeline_figures(args, marian: Path) -> None:
    """Documents per second of ``mtqa batch`` (qa.run) with --jobs 1 and --jobs auto, with the file
    engine and with the opus-sized model, on 10, 100 and 500 WMT21 documents. Each run is a new
    process, as ``mtqa batch`` is: the language packs' and the term index's in-memory caches of
    one run do not speed up the next; the packs and the model load before the clock starts."""
    if args.pipeline is None:
        raise SystemExit("speed.py: --pipeline DIR (the wmt21-news-ru-en folder)")
    say(f"\n## the batch pipeline: --jobs auto against --jobs 1 (WMT21 news ru-en documents from {args.pipeline.name})")
    say(
        f"  each run a new process (the packs and the model loaded before the clock starts, nothing cached);"
        f" the fastest of {args.pipeline_repeats} run(s), the layouts alternating"
    )
    counts = [int(c) for c in args.pipeline_counts.split(",")]
    for engine_name in args.pipeline_engines.split(","):
        for count in counts:
            if engine_name == "model" and count > args.pipeline_model_max:
                say(f"  {engine_name:>5} engine, {count:4} documents: skipped (--pipeline-model-max {args.pipeline_model_max})")
                continue
            best: dict[str, float] = {}
            facts = {}
            for _ in range(args.pipeline_repeats):
                for jobs in ("1", "auto"):
                    command = [
                        sys.executable, str(Path(__file__).resolve()), "--pipeline-one", engine_name, str(count), jobs,
                        "--pipeline", str(args.pipeline), "--skip-check",
                        *(f"--vocab-source={p}" for p in args.vocab_source),
                        *(f"--vocab-target={p}" for p in args.vocab_target),
                    ]  # fmt: skip
                    out = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
                    try:
                        facts = json.loads(out.stdout.strip().splitlines()[-1])
                    except (ValueError, IndexError):
                        say(f"  {engine_name} {count} --jobs {jobs}: failed: {out.stderr.strip()[-300:]}")
                        break
                    best[jobs] = min(best.get(jobs, facts["seconds"]), facts["seconds"])
            if len(best) == 2:
                say(
                    f"  {engine_name:>5} engine, {count:4} documents ({facts['paragraphs']} paragraphs, {facts['findings']} findings):"
                    f" --jobs 1 {count / best['1']:6.2f} docs/s, auto {count / best['auto']:6.2f} docs/s"
                    f" = {best['1'] / best['auto']:.2f} × ({facts['layout']}); load average {os.getloadavg()[0]:.1f}"
                )


def pipeline_one(args, marian: Path) -> None:
    """One timed qa.run for --pipeline (in its own process); prints a JSON line."""
    import qa
    from qa.checks.runner import layout
    from qa.engine import build_engine
    from qa.settings import Settings

    engine_name, count, jobs = args.pipeline_one
    count = int(count)
    jobs = jobs if jobs == "auto" else int(jobs)
    bitexts, pivots = wmt_documents(args.pipeline, count, "Online-B")
    settings = Settings(model=str(marian), use_cache=False, jobs=jobs, forced_length_ratio=1.2)
    engine = pivots if engine_name == "file" else build_engine(settings)
    # the packs, lexicons and the model load on first use: once, before the clock, on one document
    # (WMT21's last, which the runs of 10 and 100 documents do not hold)
    spare, _ = wmt_documents(args.pipeline, 107, "Online-B")
    qa.run([spare[-1]], settings.replace(jobs=1), engine=engine)
    start = time.perf_counter()
    report = qa.run(bitexts, settings, engine=engine)
    seconds = time.perf_counter() - start
    processes = layout(jobs, engine, len(bitexts))
    described = f"{processes} check processes" if processes > 1 else "in sequence"
    print(json.dumps({
        "seconds": seconds, "paragraphs": sum(len(b.sources) for b in bitexts),
        "findings": len(report.findings), "layout": described,
    }))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gpu", action="store_true", help="measure on the CUDA GPU")
    parser.add_argument("--quick", action="store_true", help="fewer sentences and repetitions")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--min-time", type=float, default=None, help="seconds per figure (default 3; 1 with --quick)"
    )
    parser.add_argument(
        "--versus-qe", action="store_true", help="mtqa against a random XLM-R-large (a neural QE model's encoder)"
    )
    parser.add_argument("--encoder-passes", type=int, default=1, help="--versus-qe: timed passes of the encoder")
    parser.add_argument("--pipeline-repeats", type=int, default=2, help="--pipeline: runs of each layout")
    parser.add_argument(
        "--pipeline", type=Path, metavar="DIR", help="--jobs auto against --jobs 1 on documents of DIR (wmt21-news-ru-en)"
    )
    parser.add_argument("--pipeline-one", nargs=3, metavar=("ENGINE", "COUNT", "JOBS"), help=argparse.SUPPRESS)
    parser.add_argument("--pipeline-engines", default="file,model", help="--pipeline: file, model or both")
    parser.add_argument("--pipeline-counts", default="10,100,500", help="document counts for --pipeline")
    parser.add_argument(
        "--pipeline-model-max", type=int, default=500, help="--pipeline: largest document count run with the model"
    )
    parser.add_argument("--skip-check", action="store_true", help="skip the mtqa check timings")
    parser.add_argument(
        "--dry-run", action="store_true", help="with --gpu: run its code paths on the CPU, tiny batches"
    )
    parser.add_argument(
        "--only", choices=["default", "check"], help="only the default engine's figures, or only the check timings"
    )
    parser.add_argument(
        "--vocab-source",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="Russian text (one sentence a line) to train the model's source vocabulary on (repeatable)",
    )
    parser.add_argument(
        "--vocab-target", action="append", default=[], type=Path, metavar="FILE", help="English text, likewise"
    )
    args = parser.parse_args()
    # conversions made by the default engine go under .bench/, not into the user's cache
    os.environ["XDG_CACHE_HOME"] = str(BENCH / "xdg")
    if args.min_time is None:
        args.min_time = 1.0 if args.quick or args.gpu else 3.0
    BENCH.mkdir(exist_ok=True)
    machine(args)
    marian, ct2 = build_models(args.gpu, args.vocab_source, args.vocab_target)
    vocabulary_figures(marian)
    texts = sentences()
    say(f"seed article: {len(texts)} sentences")
    if args.pipeline_one:
        pipeline_one(args, marian)
    elif args.pipeline:
        pipeline_figures(args, marian)
    elif args.versus_qe:
        versus_qe(args, marian, ct2, texts)
    elif args.gpu:
        gpu_figures(args, marian, ct2, texts)
    else:
        if args.only in (None, "default"):
            say("\n## the default engine (ref30 workload)")
            default_figures(args, marian, texts)
        if args.only is None:
            cpu_figures(args, marian, ct2, texts)
        if args.only in (None, "check") and not args.skip_check:
            check_figures(marian)
    shutil.rmtree(BENCH / "opus-random-ct2-vmap", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
