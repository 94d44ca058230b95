"""The `ct2` engine: the same MarianMT converted for CTranslate2 (int8 on the CPU, float16 on a GPU).

``translate_batch`` gives pivots, ``score_batch`` the target's log-probabilities,
and a forced-prefix ``translate_batch`` with ``return_attention`` the
cross-attention for the word alignment (the conversion records which layer and
how many heads, as the transformers engine uses: the penultimate decoder layer,
all heads). ``convert`` wraps CTranslate2's transformers converter and copies
the tokenizer files beside ``model.bin``, so the directory is self-contained.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from qa.engine.seq2seq import Seq2SeqEngine
from qa.errors import ConfigError, ModelError

COMPUTE_TYPES = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
QUANTIZATIONS = (
    "int8",
    "int8_float16",
    "int8_float32",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
SCORE_BATCH_TOKENS = 512  # benchmarks/speed.py: 35 sentences/s as one batch of 136, 80-95 in 128-512 tokens
TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json", "target_vocab.json", "tokenizer_config.json")


#: a token more likely than this (log-probability of 0.501) is the argmax of any vocabulary holding it
SURE_LOG_PROB = math.log(0.501)


class CT2Engine(Seq2SeqEngine):
    name = "ct2"
    backend = "ctranslate2"
    libraries = ("ctranslate2", "sentencepiece")
    pads_to_longest = True  # no width can be asked for: one exact length a batch, so no row is padded

    def __init__(
        self,
        location,
        *,
        use_vmap: bool = True,
        alignment: bool = True,
        defer_alignment: bool = True,
        convert_from=None,
        quantization: str = "int8",
        inter_threads: int = 0,
        **options: Any,
    ):
        """alignment: also run a forced-prefix decoding for the cross-attention (CTranslate2's
        score_batch returns none); it costs about a translation, so scoring without it is cheaper.
        defer_alignment: run it only for the segments whose alignment a check reads (a
        :class:`~qa.records.LazyAlignment`), not for every scored segment.

        convert_from: the MarianMT (a ModelLocation) that ``location.path`` is a conversion of,
        made with ``quantization`` on first load when the directory does not hold it yet (the
        default engine's way, qa/engine/auto.py).

        inter_threads: batches decoded in parallel, each on threads / inter_threads threads
        (:meth:`thread_layout`; 0: one per thread on the CPU)."""
        super().__init__(location, **options)
        if inter_threads < 0:
            raise ConfigError(f"inter threads must be 0 (automatic) or more, not {inter_threads}")
        self.inter_threads = inter_threads
        self.alignment = alignment
        self.defer_alignment = defer_alignment
        self.convert_from = convert_from
        self.quantization = quantization
        if location.kind != "ct2" and convert_from is None:
            raise ModelError(
                f"{location.path}: not a CTranslate2 model (no model.bin); convert it first with"
                f" `mtqa models convert {location.ref} OUTDIR` and pass --model OUTDIR"
            )
        self.use_vmap = use_vmap and (location.path / "vmap.txt").is_file()

    @classmethod
    def from_settings(cls, settings: Any) -> CT2Engine:
        from qa.engine.seq2seq import engine_options, locate_model

        return cls(locate_model(settings), inter_threads=settings.inter_threads, **engine_options(settings))

    def thread_layout(self) -> tuple[int, int]:
        """(inter_threads, intra_threads): on the CPU, by default, one single-threaded worker per
        thread, each decoding its share of a batch (benchmarks/speed.py: faster than one worker
        with every thread, whose small matrix products wait on each other, and more so while
        other processes share the cores); on a GPU one worker."""
        total = self.threads or available_cores()
        if self.device != "cpu":
            return 1, self.threads
        inter = min(self.inter_threads or total, total)
        return inter, max(1, total // inter)

    def _split(self, count: int) -> int:
        """The max_batch_size that gives each worker an equal share of ``count`` sentences (0: one batch)."""
        inter = self.thread_layout()[0]
        return math.ceil(count / inter) if inter > 1 and count > 1 else 0

    def signature(self) -> dict[str, Any]:
        sig = super().signature()
        sig["vmap"] = self.use_vmap
        sig["alignment"] = self.alignment
        return sig

    def _resolve_compute_type(self, compute_type: str) -> str:
        if compute_type == "auto":
            return "float16" if self.device == "cuda" else "int8"
        if compute_type not in COMPUTE_TYPES:
            raise ConfigError(f"compute type {compute_type!r}: choose auto or {', '.join(COMPUTE_TYPES)}")
        return compute_type

    def _vocab_dir(self):
        # a conversion copies the tokenizer files: before it exists, they are read from the original
        return self.convert_from.path if self.convert_from is not None else self.location.path

    def _load(self) -> None:
        import ctranslate2

        if self.convert_from is not None and not (self.location.path / "model.bin").is_file():
            convert_once(self.convert_from, self.location.path, quantization=self.quantization)
        if self.device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
            raise ModelError("--device cuda: this CTranslate2 build sees no CUDA device; pass --device cpu")
        try:
            self.translator = ctranslate2.Translator(
                str(self.location.path),
                device=self.device,
                compute_type=self.compute_type,
                inter_threads=self.thread_layout()[0],
                intra_threads=self.thread_layout()[1],
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"{self.location.path}: cannot load the CTranslate2 model ({exc})") from None

    def _generate(self, sources: list[list[int]], min_new: int, max_new: int, width: int = 0) -> list[list[int]]:
        # CTranslate2 pads a batch to its longest source itself (``width`` cannot be asked for)
        return self._decode(sources, min_new, max_new, beam_size=self.beam_size)

    def _generate_lengths(self, sources: list[list[int]], lengths: list[int]) -> list[list[int]]:
        # CTranslate2 drops a finished sentence from the batch; the step callback (greedy search
        # only) finishes each one at its own length, as a trained model's </s> would
        if self.beam_size != 1:
            return super()._generate_lengths(sources, lengths)
        longest = max(lengths)
        return self._decode(sources, longest, longest, beam_size=1, lengths=lengths)

    def _decode(
        self, sources: list[list[int]], min_new: int, max_new: int, *, lengths: list[int] | None = None, **options: Any
    ) -> list[list[int]]:
        """Pivots as target ids. With a vocabulary shortlist (vmap), each greedy pivot is kept only
        where it is surely what the full vocabulary gives (:meth:`_unsure`); the others, and every
        beam-search pivot, are decoded again without it: the shortlist never changes a pivot."""
        outputs = self._translate(sources, min_new, max_new, lengths, self.use_vmap, **options)
        if not self.use_vmap:
            return outputs
        greedy = options.get("beam_size", 1) == 1
        again = self._unsure(sources, outputs, lengths or [max_new] * len(sources)) if greedy else list(range(len(sources)))
        if again:
            redone = self._translate(
                [sources[i] for i in again], min_new, max_new, [lengths[i] for i in again] if lengths else None, False, **options
            )
            for i, output in zip(again, redone, strict=True):
                outputs[i] = output
        return outputs

    def _translate(
        self, sources: list[list[int]], min_new: int, max_new: int, lengths: list[int] | None, use_vmap: bool, **options: Any
    ) -> list[list[int]]:
        if lengths is not None:  # CTranslate2 drops a sentence from the batch at its own length
            options["callback"] = lambda step: step.step + 1 >= lengths[step.batch_id]
        results = self.translator.translate_batch(
            [self.vocab.tokens(ids) for ids in sources],
            max_decoding_length=max_new,
            min_decoding_length=min_new,
            use_vmap=use_vmap,
            max_batch_size=self._split(len(sources)),
            **options,
        )
        encoder, unk = self.vocab.target_encoder, self.vocab.unk_id
        return [[encoder.get(t, unk) for t in r.hypotheses[0]] for r in results]

    def _unsure(self, sources: list[list[int]], outputs: list[list[int]], caps: list[int]) -> list[int]:
        """The greedy pivots decoded with the shortlist that may not be the full vocabulary's. A pivot
        is sure when, scored under the full output layer, each token it chose has a probability
        above one half (plus a margin for arithmetic): then no token outside the shortlist could
        have beaten it, step after step; its </s> too, where the pivot ended by itself rather than
        at its length cap, ``caps`` (the </s> that scoring appends to a cut pivot was never chosen)."""
        scored = self.translator.score_batch(
            [self.vocab.tokens(ids) for ids in sources], [self.vocab.tokens(ids) for ids in outputs],
            max_batch_size=SCORE_BATCH_TOKENS, batch_type="tokens",
        )
        unsure = []
        for i, (output, score, cap) in enumerate(zip(outputs, scored, caps, strict=True)):
            steps = list(score.log_probs)
            if len(output) >= cap:
                steps = steps[: len(output)]
            if not all(step > SURE_LOG_PROB for step in steps):
                unsure.append(i)
        return unsure

    def _pieces(self, sources: list[list[int]], targets: list[list[int]]) -> tuple[list[list[str]], list[list[str]]]:
        """Sources and targets as CTranslate2 takes them: pieces, targets without the </s> it adds itself."""
        return [self.vocab.tokens(ids) for ids in sources], [self.vocab.tokens(ids[:-1]) for ids in targets]

    def _score(
        self, sources: list[list[int]], targets: list[list[int]], widths: tuple[int, int] = (0, 0)
    ) -> list[tuple[list[float], Any]]:
        return self._scores([(sources, targets, widths)])[0]

    def _scores(self, batches: list[tuple[list[list[int]], list[list[int]], tuple[int, int]]]) -> list[list[Any]]:
        # every batch handed to the workers at once (asynchronous): each is still scored on its own,
        # as one call would score it (the same numbers), but the workers (one per core) take
        # different batches instead of waiting on one batch of one exact length after another
        # sub-batches of about SCORE_BATCH_TOKENS tokens: one call over a whole length batch
        # materialises [positions × 62,518] log-probabilities at once and runs 2-3x slower on a CPU
        pending = [
            self.translator.score_batch(
                *self._pieces(sources, targets), max_batch_size=SCORE_BATCH_TOKENS, batch_type="tokens", asynchronous=True
            )
            for sources, targets, _ in batches
        ]
        scored = [[result.result() for result in results] for results in pending]
        if not self.alignment or self.defer_alignment:
            return [[(list(score.log_probs), None) for score in batch] for batch in scored]
        attentions = self._attentions(batches)
        return [
            [(list(score.log_probs), attention) for score, attention in zip(batch, found, strict=True)]
            for batch, found in zip(scored, attentions, strict=True)
        ]

    def _attention(
        self, sources: list[list[int]], targets: list[list[int]], widths: tuple[int, int] = (0, 0)
    ) -> list[Any]:
        return self._attentions([(sources, targets, widths)])[0]

    def _attentions(self, batches: list[tuple[list[list[int]], list[list[int]], tuple[int, int]]]) -> list[list[Any]]:
        # every batch at once, as in _scores: 70 sentences of the seed article are 67 batches of one
        # exact length, which one at a time kept one worker busy and the others idle
        pending = []
        for sources, targets, _ in batches:
            source_tokens, target_tokens = self._pieces(sources, targets)
            pending.append(self.translator.translate_batch(
                source_tokens,
                target_prefix=target_tokens,
                beam_size=1,
                max_batch_size=self._split(len(sources)),
                max_decoding_length=max(len(t) for t in target_tokens) + 1,
                return_attention=True,
                asynchronous=True,
            ))  # fmt: skip
        return [
            [
                prefix.attention[0][: len(target)] if prefix.attention else None
                for prefix, target in zip((result.result() for result in results), targets, strict=True)
            ]
            for results, (_, targets, _) in zip(pending, batches, strict=True)
        ]

    @property
    def defers_alignment(self) -> bool:
        return self.alignment and self.defer_alignment


def available_cores() -> int:
    """The CPU cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def convert_once(source, outdir: Path, *, quantization: str) -> Path:
    """Convert ``source`` (a ModelLocation) into ``outdir`` unless a conversion is already there.

    The conversion is written beside ``outdir`` and renamed into place, so two processes
    converting at once both end with one complete directory. Says so on stderr: it takes
    seconds to a minute, once.
    """
    import shutil
    import sys
    import tempfile

    if (outdir / "model.bin").is_file():
        return outdir
    from qa.engine.extras import require

    require("torch", f"converting {source.ref} for CTranslate2 (the default engine's first run on a MarianMT)")
    outdir.parent.mkdir(parents=True, exist_ok=True)
    print(
        f"mtqa: converting {source.ref} for CTranslate2 ({quantization}), once, into {outdir}",
        file=sys.stderr,
    )
    work = Path(tempfile.mkdtemp(prefix=outdir.name + ".", dir=outdir.parent))
    try:
        convert(source.path, work, quantization=quantization, force=True)
        try:
            work.rename(outdir)
        except OSError:  # another process finished first, or a leftover empty directory is in the way
            if not (outdir / "model.bin").is_file():
                shutil.rmtree(outdir, ignore_errors=True)
                work.rename(outdir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return outdir


def convert(
    model: str | Path,
    outdir: str | Path,
    *,
    quantization: str = "int8",
    vmap: str | Path | None = None,
    force: bool = False,
) -> Path:
    """Convert a MarianMT (hub id or directory) for CTranslate2 into ``outdir``; return ``outdir``.

    The alignment the engine reads (penultimate decoder layer, all heads) is
    recorded in the converted model; the tokenizer files are copied beside it.
    """
    from qa.engine.locate import locate

    if quantization not in QUANTIZATIONS:
        raise ConfigError(f"quantization {quantization!r}: choose {', '.join(QUANTIZATIONS)}")
    location = locate(str(model))
    if location.kind == "ct2":
        raise ModelError(f"{location.path}: already a CTranslate2 model")
    outdir = Path(outdir)
    if outdir.exists() and any(outdir.iterdir()) and not force:
        raise ModelError(f"{outdir}: exists and is not empty (pass --force to replace it)")
    from qa.engine.extras import require

    require("torch", "converting a MarianMT for CTranslate2")
    import ctranslate2.converters
    import numpy as np
    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()

    class MarianConverter(ctranslate2.converters.TransformersConverter):
        def _load(self):
            spec = super()._load()
            decoder = spec.decoder
            layers = len(decoder.layer)
            heads = decoder.num_heads if hasattr(decoder, "num_heads") else spec.num_heads
            decoder.alignment_layer = np.dtype("int16").type(layers - 2 if layers > 1 else 0)
            decoder.alignment_heads = np.dtype("int16").type(int(heads))
            return spec

    from safetensors import SafetensorError

    copy = [name for name in TOKENIZER_FILES if (location.path / name).is_file()]
    converter = MarianConverter(str(location.path), copy_files=copy)
    try:
        converter.convert(
            str(outdir), vmap=str(vmap) if vmap else None, quantization=quantization, force=True
        )
    except (RuntimeError, ValueError, OSError, SafetensorError) as exc:  # a truncated or corrupt weights file
        raise ModelError(f"{location.path}: conversion failed ({exc})") from None
    # record the quantization for `mtqa models info` (CTranslate2 ignores keys it does not know)
    config_path = outdir / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["mtqa_quantization"] = quantization
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return outdir
