"""What the model engines share: deduplication, length-sorted batches, scores and word alignment.

A backend (transformers, CTranslate2) subclasses :class:`Seq2SeqEngine` and
implements three methods on token ids: ``_load``, ``_generate`` and ``_score``.
Everything that turns text into ids and ids back into pivots and
:class:`qa.records.ModelScore` lives here, so both backends behave alike.
The model is loaded lazily, on the first call that needs it: ``signature()``
needs no heavy import.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qa.cache.versions import library_versions
from qa.engine.batches import bucket_width, length_batches, length_cap
from qa.engine.locate import ModelLocation
from qa.engine.vocab import MarianVocab, Pieces
from qa.errors import ConfigError
from qa.records import LazyAlignment, ModelScore, Span, TokenScore

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


@dataclass(frozen=True)
class DecodeOptions:
    beam_size: int = 1
    max_length: int = 256


def word_spans(text: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in _WORD.finditer(text)]


def _words_of(spans: Sequence[Span | None], words: Sequence[Span]) -> list[int | None]:
    """For each token span, the index of the word it overlaps most (None: no word)."""
    out: list[int | None] = []
    w = 0
    for span in spans:
        if span is None:
            out.append(None)
            continue
        while w < len(words) and words[w].end <= span.start:
            w += 1
        best, overlap = None, 0
        for k in range(w, len(words)):
            if words[k].start >= span.end:
                break
            size = min(span.end, words[k].end) - max(span.start, words[k].start)
            if size > overlap:
                best, overlap = k, size
        out.append(best)
    return out


def word_alignment(
    attention: Sequence[Sequence[float]],
    source: str,
    source_spans: Sequence[Span | None],
    target: str,
    target_spans: Sequence[Span | None],
) -> list[tuple[Span, Span]]:
    """Source↔target word links from one cross-attention matrix [target token][source token].

    Subword attention is lifted to words (summed over a source word's pieces,
    averaged over a target word's pieces); each target word is linked to the
    source word it attends to most.
    """
    src_words, tgt_words = word_spans(source), word_spans(target)
    if not src_words or not tgt_words:
        return []
    src_of = _words_of(source_spans, src_words)
    tgt_of = _words_of(target_spans, tgt_words)
    mass = [[0.0] * len(src_words) for _ in tgt_words]
    count = [0] * len(tgt_words)
    for t, tw in enumerate(tgt_of):
        if tw is None or t >= len(attention):
            continue
        count[tw] += 1
        row = attention[t]
        for s, sw in enumerate(src_of):
            if sw is not None and s < len(row):
                mass[tw][sw] += row[s]
    links = []
    for tw, row in enumerate(mass):
        if count[tw]:
            sw = max(range(len(row)), key=row.__getitem__)
            links.append((src_words[sw], tgt_words[tw]))
    return links


class Seq2SeqEngine:
    """A MarianMT model behind the engine protocol; backends fill in the three id-level methods."""

    name = "seq2seq"
    backend = "none"
    #: the packages whose versions decide the pivots and scores (in the signature, so in the cache keys)
    libraries: tuple[str, ...] = ("sentencepiece",)
    unit = "sentence"
    cacheable = True
    #: the backend pads a batch to its longest member itself, whatever width it is asked for: batches
    #: then hold sentences of one exact length (see :func:`qa.engine.batches.length_batches`)
    pads_to_longest = False

    def __init__(
        self,
        location: ModelLocation,
        *,
        device: str = "auto",
        threads: int = 0,
        beam_size: int = 1,
        max_length: int = 256,
        batch_tokens: int = 4096,
        max_batch: int = 0,
        compute_type: str = "auto",
        forced_length_ratio: float | None = None,
    ):
        if beam_size < 1:
            raise ConfigError(f"beam size must be at least 1, not {beam_size}")
        if max_length < 1:
            raise ConfigError(f"max length must be at least 1, not {max_length}")
        self.location = location
        self.device = resolve_device(device)
        self.threads = threads
        self.beam_size = beam_size
        self.max_length = max_length
        self.batch_tokens = batch_tokens
        self.max_batch = max_batch  # 0: batches bounded by batch_tokens only
        self.compute_type = self._resolve_compute_type(compute_type)
        # speed measurements only (benchmarks/speed.py): a model with random weights rarely ends a
        # pivot, so each pivot ends at ceil(ratio × its own source length), as a trained model's
        # would; the signature says so
        if forced_length_ratio is not None and not forced_length_ratio > 0:
            raise ConfigError(f"forced length ratio must be above 0 (such as 1.2), not {forced_length_ratio}")
        self.forced_length_ratio = forced_length_ratio
        self._vocab: MarianVocab | None = None
        self._loaded = False

    @classmethod
    def from_settings(cls, settings: Any) -> Seq2SeqEngine:
        return cls(locate_model(settings, conversions=False), **engine_options(settings))

    # --- what backends provide -------------------------------------------------------------
    def _resolve_compute_type(self, compute_type: str) -> str:
        raise NotImplementedError

    def _load(self) -> None:
        raise NotImplementedError

    def _generate(self, sources: list[list[int]], min_new: int, max_new: int, width: int = 0) -> list[list[int]]:
        """Greedy or beam pivots as target ids (without the start token, cut before ``</s>``); the
        sources padded to at least ``width`` tokens where the backend pads them itself."""
        raise NotImplementedError

    def _score(
        self, sources: list[list[int]], targets: list[list[int]], widths: tuple[int, int] = (0, 0)
    ) -> list[tuple[list[float], Any]]:
        """Per-token log-probabilities of each target (``</s>`` included) and its cross-attention
        matrix [target token][source token] (None where the backend has none); sources and targets
        padded to at least ``widths`` where the backend pads them itself."""
        raise NotImplementedError

    # --- the protocol ------------------------------------------------------------------------
    def signature(self) -> dict[str, Any]:
        return {
            "engine": self.name,
            "model": self.location.ref,
            "revision": self.location.pin,
            "backend": self.backend,
            "libraries": library_versions(self.libraries),
            "device": self.device,
            "compute_type": self.compute_type,
            "beam_size": self.beam_size,
            "max_length": self.max_length,
            **({"forced_length_ratio": self.forced_length_ratio} if self.forced_length_ratio else {}),
        }

    @property
    def vocab(self) -> MarianVocab:
        if self._vocab is None:
            self._vocab = MarianVocab(self._vocab_dir())
        return self._vocab

    def _vocab_dir(self):
        return self.location.path

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            self._load()
            self._loaded = True

    def translate(self, sources: list[str], *, forced_length_ratio: float | None = None) -> list[str | None]:
        """Pivots for the sources; identical sources are translated once.

        forced_length_ratio: decode exactly ``ceil(ratio × source tokens)`` tokens
        (the longest source of each batch), for speed measurements.
        """
        ids = self._translate_ids(sources, forced_length_ratio)
        return [self.vocab.decode_target(ids[s]) if s in ids else "" for s in sources]

    def pivot_pieces(
        self, sources: list[str], *, forced_length_ratio: float | None = None
    ) -> list[list[str]]:
        """The target pieces the model generates for each source (what a vocabulary shortlist needs)."""
        ids = self._translate_ids(sources, forced_length_ratio)
        return [self.vocab.tokens(ids.get(s, [])) for s in sources]

    def _translate_ids(self, sources: list[str], forced_length_ratio: float | None) -> dict[str, list[int]]:
        unique = [s for s in dict.fromkeys(sources) if s.strip()]
        results: dict[str, list[int]] = {}
        if not unique:
            return results
        self._ensure_loaded()
        encoded = [self._source_ids(s) for s in unique]
        caps = [length_cap(len(ids), self.max_length) for ids in encoded]
        # a forced length is a measurement: the pivot is kept whole, never cut to its cap
        uncapped = forced_length_ratio is not None or self.forced_length_ratio is not None
        for batch in length_batches([len(e) for e in encoded], self.batch_tokens, self.max_batch):
            ids = [encoded[i] for i in batch]
            width = bucket_width(max(1, len(ids[0])))  # the batch's: every member's own
            if forced_length_ratio is not None:
                forced = max(1, math.ceil(forced_length_ratio * max(len(x) for x in ids)))
                outputs = self._generate(ids, forced, forced)
            elif self.forced_length_ratio is not None:
                lengths = [max(1, math.ceil(self.forced_length_ratio * len(x))) for x in ids]
                outputs = self._generate_lengths(ids, lengths)
            else:
                # one step beyond the longest cap a sentence of this width can have (so that no
                # backend's forced </s> cuts a pivot short): the same steps for every member
                outputs = self._generate(ids, 0, length_cap(width, self.max_length) + 1, width)
            for i, out in zip(batch, outputs, strict=True):
                results[unique[i]] = out if uncapped else out[: caps[i]]
        return results

    def _generate_lengths(self, sources: list[list[int]], lengths: list[int]) -> list[list[int]]:
        """Each pivot exactly ``lengths[i]`` tokens long, computed as a trained model's run that ends
        there would be. Here: the batch decodes to its longest, as ``generate`` keeps finished rows
        (padding) in the batch; a backend that drops finished rows overrides this."""
        longest = max(lengths)
        return [out[:n] for out, n in zip(self._generate(sources, longest, longest), lengths, strict=True)]

    def score(self, sources: list[str], targets: list[str]) -> list[ModelScore | None]:
        """The targets under the model: token log-probabilities, their mean, and a word alignment."""
        if len(sources) != len(targets):
            raise ValueError("score() needs as many targets as sources")
        pairs = [
            (s, t) for s, t in dict.fromkeys(zip(sources, targets, strict=True)) if s.strip() and t.strip()
        ]
        scores: dict[tuple[str, str], ModelScore | None] = {}
        if pairs:
            self._ensure_loaded()
            src, tgt = self._encode_pairs(pairs)
            lengths = [(len(a.ids), len(b.ids)) for a, b in zip(src, tgt, strict=True)]
            batches = length_batches(lengths, self.batch_tokens, self.max_batch, self.pads_to_longest)
            found = self._scores(
                [([src[i].ids for i in batch], [tgt[i].ids for i in batch], _widths(lengths[batch[0]])) for batch in batches]
            )
            for batch, results in zip(batches, found, strict=True):
                for i, (logprobs, attention) in zip(batch, results, strict=True):
                    scores[pairs[i]] = self._model_score(pairs[i], src[i], tgt[i], logprobs, attention)
        return [scores.get((s, t)) for s, t in zip(sources, targets, strict=True)]

    def alignments_for(self, pairs: list[tuple[str, str]]) -> list[list[tuple[Span, Span]]]:
        """The word alignment of each (source, target) pair: what a deferred alignment computes."""
        if not pairs:
            return []
        self._ensure_loaded()
        src, tgt = self._encode_pairs(pairs)
        out: list[list[tuple[Span, Span]]] = [[] for _ in pairs]
        lengths = [(len(a.ids), len(b.ids)) for a, b in zip(src, tgt, strict=True)]
        batches = length_batches(lengths, self.batch_tokens, self.max_batch, self.pads_to_longest)
        found = self._attentions(
            [([src[i].ids for i in batch], [tgt[i].ids for i in batch], _widths(lengths[batch[0]])) for batch in batches]
        )
        for batch, attentions in zip(batches, found, strict=True):
            for i, attention in zip(batch, attentions, strict=True):
                source, target = pairs[i]
                if attention is not None:
                    out[i] = word_alignment(attention, source, src[i].spans, target, tgt[i].spans)
        return out

    def _attention(
        self, sources: list[list[int]], targets: list[list[int]], widths: tuple[int, int] = (0, 0)
    ) -> list[Any]:
        """The cross-attention matrix of each target (what ``_score`` gives with its log-probs)."""
        return [attention for _, attention in self._score(sources, targets, widths)]

    def _scores(self, batches: list[tuple[list[list[int]], list[list[int]], tuple[int, int]]]) -> list[list[Any]]:
        """``_score`` of each (sources, targets, widths) batch, in order; a backend with workers of
        its own runs them at once (:class:`qa.engine.ct2.CT2Engine`)."""
        return [self._score(*batch) for batch in batches]

    def _attentions(self, batches: list[tuple[list[list[int]], list[list[int]], tuple[int, int]]]) -> list[list[Any]]:
        """``_attention`` of each (sources, targets, widths) batch, in order (as :meth:`_scores`)."""
        return [self._attention(*batch) for batch in batches]

    def _encode_pairs(self, pairs: list[tuple[str, str]]) -> tuple[list[Pieces], list[Pieces]]:
        src = [self.vocab.encode_source(s) for s, _ in pairs]
        tgt = [self.vocab.encode_target(t) for _, t in pairs]
        for p in (*src, *tgt):
            _truncate(p, self.max_length)
        return src, tgt

    # --- helpers ------------------------------------------------------------------------------
    def _source_ids(self, text: str) -> list[int]:
        pieces = self.vocab.encode_source(text)
        _truncate(pieces, self.max_length)
        return pieces.ids

    def _model_score(
        self, pair: tuple[str, str], src: Pieces, tgt: Pieces, logprobs: list[float], attention: Any
    ) -> ModelScore:
        source, target = pair
        tokens = [
            TokenScore(text=span.text(target) if span else token, span=span, logprob=float(lp))
            for token, span, lp in zip(tgt.tokens, tgt.spans, logprobs, strict=True)
        ]
        mean = sum(logprobs) / len(logprobs) if logprobs else 0.0
        if attention is not None:
            alignment = word_alignment(attention, source, src.spans, target, tgt.spans)
        elif self.defers_alignment:
            alignment = LazyAlignment(self, source, target)
        else:
            alignment = []
        return ModelScore(logprob=float(mean), tokens=tokens, alignment=alignment)

    @property
    def defers_alignment(self) -> bool:
        """Whether ``score`` leaves the alignment to be computed on first use (``alignments_for``)."""
        return False


def _widths(lengths: tuple[int, int]) -> tuple[int, int]:
    return bucket_width(max(1, lengths[0])), bucket_width(max(1, lengths[1]))


def engine_options(settings: Any) -> dict[str, Any]:
    """What the settings say about running a model: device, threads, decoding, batching, compute type."""
    return {
        "device": settings.device,
        "threads": settings.threads,
        "beam_size": settings.beam_size,
        "max_length": settings.max_length,
        "batch_tokens": settings.batch_tokens,
        "compute_type": settings.compute_type,
        "forced_length_ratio": settings.forced_length_ratio,
    }


def locate_model(settings: Any, *, conversions: bool = True) -> ModelLocation:
    """The model the settings name (--model), or the registry's model for the language pair (or its
    published CTranslate2 conversion where ``conversions`` allows: qa.engine.registry.choices)."""
    from qa.engine.locate import locate
    from qa.engine.registry import default_model, locate_entry

    if settings.model:  # the first of a panel (the others: qa.engine.pivots.further_engines)
        return locate(settings.model[0])
    return locate_entry(default_model(settings.source_lang, settings.target_lang), conversions=conversions)


def _truncate(pieces: Pieces, max_length: int) -> None:
    """Keep at most ``max_length`` pieces, ``</s>`` last (the model's positions are finite)."""
    if len(pieces.ids) > max_length:
        keep = max(1, max_length) - 1
        for seq in (pieces.ids, pieces.tokens, pieces.spans):
            del seq[keep:-1]


def resolve_device(device: str) -> str:
    """Either "cpu" or "cuda"; "auto" means cuda when an NVIDIA device is present and torch is not a CPU-only build.

    Decided without importing torch, so that a cached run's signature is free;
    the backend checks at load time that the device really works.
    """
    if device in {"cpu", "cuda"}:
        return device
    if device != "auto":
        raise ConfigError(f"unknown device {device!r}; choose auto, cpu or cuda")
    from importlib import metadata

    if not (os.path.exists("/dev/nvidia0") or os.path.exists("/proc/driver/nvidia/version")):
        return "cpu"
    try:
        version = metadata.version("torch")
    except metadata.PackageNotFoundError:
        return "cuda"
    return "cpu" if version.endswith("+cpu") else "cuda"
