"""The `transformers` engine: MarianMTModel on torch, on the CPU or a CUDA GPU.

Loads ``model.safetensors`` only (never pickles, never remote code), in
inference mode. Pivots come from ``generate`` (greedy or beam); scores from one
teacher-forced forward pass, whose cross-attention (head average of the
alignment layer) gives the word alignment.
"""

from __future__ import annotations

from typing import Any

from qa.engine.seq2seq import Seq2SeqEngine
from qa.errors import ConfigError, ModelError

TORCH_DTYPES = {"float32": "float32", "float16": "float16", "bfloat16": "bfloat16"}


def cpu_has_bf16(cpuinfo: str = "/proc/cpuinfo") -> bool:
    """Whether the CPU multiplies bfloat16 natively (flags avx512_bf16 or amx_bf16); read without torch."""
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return bool(flags & {"avx512_bf16", "amx_bf16"})
    except OSError:
        pass
    return False


class TransformersEngine(Seq2SeqEngine):
    name = "transformers"
    backend = "transformers"
    libraries = ("transformers", "torch", "sentencepiece")

    def __init__(self, location, *, static_greedy: bool = True, **options: Any):
        """static_greedy: decode greedy pivots with :class:`qa.engine.greedy.StaticGreedy` (the same
        arithmetic as ``generate``, without its per-step overhead; one CUDA graph on a GPU)."""
        super().__init__(location, **options)
        self.static_greedy = static_greedy

    @classmethod
    def from_settings(cls, settings: Any) -> TransformersEngine:
        from qa.engine.extras import installed, require

        if not installed("torch"):  # before a download of weights it could not run
            require("torch", "the transformers engine")
        return super().from_settings(settings)

    def _resolve_compute_type(self, compute_type: str) -> str:
        if compute_type == "auto":
            # bfloat16 on a GPU (float16's range can overflow in Marian's unscaled FFN), and on a CPU
            # with bfloat16 matrix instructions (AVX512-BF16 or AMX), where it is the fastest;
            # float32 on other CPUs, where bfloat16 is emulated and slower
            return "bfloat16" if self.device == "cuda" or cpu_has_bf16() else "float32"
        if compute_type not in TORCH_DTYPES:
            raise ConfigError(
                f"compute type {compute_type!r} is not available with --engine transformers;"
                f" choose {', '.join(TORCH_DTYPES)} or auto (int8 needs --engine ct2)"
            )
        return compute_type

    def _load(self) -> None:
        from qa.engine.extras import require

        require("torch", "the transformers engine")
        import torch
        import transformers
        from safetensors import SafetensorError
        from transformers import MarianMTModel

        transformers.utils.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        if self.device == "cuda" and not torch.cuda.is_available():
            raise ModelError("--device cuda: torch cannot use a CUDA device here; pass --device cpu")
        if self.threads > 0:
            torch.set_num_threads(self.threads)
        path = self.location.path
        try:
            model = MarianMTModel.from_pretrained(
                str(path),
                dtype=getattr(torch, TORCH_DTYPES[self.compute_type]),
                use_safetensors=True,
                local_files_only=True,
                attn_implementation="sdpa",
            )
        except (OSError, ValueError, SafetensorError) as exc:  # a missing, truncated or corrupt weights file
            raise ModelError(f"{path}: cannot load the model ({(str(exc).splitlines() or [type(exc).__name__])[0]})") from None
        self.model = model.to(self.device).eval()
        self.torch = torch
        config = model.config
        self.start_id = config.decoder_start_token_id
        layers = config.decoder_layers
        self.alignment_layer = layers - 2 if layers > 1 else 0
        self.greedy = None
        if self.static_greedy and self.beam_size == 1:
            from qa.engine.greedy import StaticGreedy

            self.greedy = StaticGreedy(self.model)
        gen = model.generation_config
        self.generation = {
            "bad_words_ids": gen.bad_words_ids,
            "forced_eos_token_id": gen.forced_eos_token_id,
            "eos_token_id": config.eos_token_id,
            "pad_token_id": config.pad_token_id,
            "decoder_start_token_id": self.start_id,
        }

    def _pad(self, rows: list[list[int]], pad: int, width: int = 0):
        torch = self.torch
        width = max(width, *(len(r) for r in rows))
        ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows], dtype=torch.long)
        mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows], dtype=torch.long)
        return ids.to(self.device), mask.to(self.device)

    def _generate(self, sources: list[list[int]], min_new: int, max_new: int, width: int = 0) -> list[list[int]]:
        from transformers import GenerationConfig

        input_ids, mask = self._pad(sources, self.vocab.pad_id, width)
        eos = self.vocab.eos_id
        if self.greedy is not None:
            out = self.greedy.generate(input_ids, mask, min_new, max_new).tolist()
            return [
                [t for t in (row[: row.index(eos)] if eos in row else row) if t != self.vocab.pad_id]
                for row in out
            ]
        config = GenerationConfig(
            **self.generation,
            num_beams=self.beam_size,
            do_sample=False,
            max_new_tokens=max_new,
            min_new_tokens=min_new,
        )
        with self.torch.inference_mode():
            out = self.model.generate(input_ids=input_ids, attention_mask=mask, generation_config=config)
        results = []
        for row in out.tolist():
            row = row[1:]  # the start token
            if eos in row:
                row = row[: row.index(eos)]
            results.append([t for t in row if t != self.vocab.pad_id])
        return results

    def _score(
        self, sources: list[list[int]], targets: list[list[int]], widths: tuple[int, int] = (0, 0)
    ) -> list[tuple[list[float], Any]]:
        torch = self.torch
        input_ids, mask = self._pad(sources, self.vocab.pad_id, widths[0])
        labels, _ = self._pad(targets, self.vocab.pad_id, widths[1])
        decoder_input = torch.cat([torch.full_like(labels[:, :1], self.start_id), labels[:, :-1]], dim=1)
        captured: dict[str, Any] = {}

        def capture(module, args, kwargs):
            captured["hidden"] = args[0] if args else kwargs["hidden_states"]
            captured["memory"] = kwargs["key_value_states"]

        # the alignment layer's cross-attention weights, recomputed from its inputs: the other
        # layers keep their fast attention, and no attention map but this one is materialised
        layer = self.model.model.decoder.layers[self.alignment_layer].encoder_attn
        hook = layer.register_forward_pre_hook(capture, with_kwargs=True)
        try:
            with torch.inference_mode():
                out = self.model(
                    input_ids=input_ids, attention_mask=mask, decoder_input_ids=decoder_input, use_cache=False
                )
                attention = self._cross_attention(layer, captured["hidden"], captured["memory"], mask)
        finally:
            hook.remove()
        logprobs = torch.log_softmax(out.logits.float(), dim=-1).gather(-1, labels.unsqueeze(-1)).squeeze(-1)
        logprobs, attention = logprobs.cpu(), attention.cpu()
        results = []
        for k, (src, tgt) in enumerate(zip(sources, targets, strict=True)):
            results.append((logprobs[k, : len(tgt)].tolist(), attention[k, : len(tgt), : len(src)].tolist()))
        return results

    def _cross_attention(self, attn, hidden, memory, source_mask):
        """Head-averaged attention probabilities [batch, target, source] of one cross-attention module."""
        torch = self.torch
        batch, target_len, _ = hidden.shape
        source_len = memory.shape[1]
        heads = attn.num_heads
        q = attn.q_proj(hidden).view(batch, target_len, heads, -1).transpose(1, 2).float()
        k = attn.k_proj(memory).view(batch, source_len, heads, -1).transpose(1, 2).float()
        scores = torch.matmul(q, k.transpose(-1, -2)) * attn.scaling
        scores = scores.masked_fill(source_mask[:, None, None, :] == 0, float("-inf"))
        return torch.softmax(scores, dim=-1).mean(dim=1)
