"""Greedy decoding of a MarianMTModel with a static key/value cache, optionally as one CUDA graph.

``generate`` pays Python and small-kernel overhead at every step (cache
objects, logits processors, stopping criteria); with batches of thousands on a
GPU it is launch-bound. This decoder runs the same modules (same weights, same
arithmetic: post-norm layers, scaled embeddings, sinusoidal positions, the
final logits bias, ``<pad>`` never generated, ``</s>`` withheld before
``min_new`` and forced at the last step) with preallocated buffers, so that on
CUDA all ``max_new`` steps are captured once into a CUDA graph and replayed.
Tests check it gives ``generate``'s greedy output on the tiny model.
"""

from __future__ import annotations

from typing import Any


class StaticGreedy:
    """Greedy decoding for one MarianMTModel; graphs are cached per (batch, source length, steps)."""

    def __init__(self, model: Any, *, use_graphs: bool | None = None):
        import torch

        self.torch = torch
        self.model = model
        config = model.config
        self.decoder = model.model.decoder
        self.encoder = model.model.encoder
        self.layers = list(self.decoder.layers)
        self.heads = config.decoder_attention_heads
        self.d_model = config.d_model
        self.head_dim = self.d_model // self.heads
        self.pad = config.pad_token_id
        self.eos = config.eos_token_id
        self.start = config.decoder_start_token_id
        device = next(model.parameters()).device
        self.device = device
        self.dtype = next(model.parameters()).dtype
        self.use_graphs = device.type == "cuda" if use_graphs is None else use_graphs
        self.act = self.layers[0].activation_fn
        self._graphs: dict[tuple[int, int, int], tuple[Any, dict[str, Any]]] = {}

    # --- one decoder step on static buffers ----------------------------------------------------
    def _step(self, buf: dict[str, Any]) -> None:
        torch = self.torch
        F = torch.nn.functional
        t = buf["t"]  # [1] long, the position being decoded
        tokens = buf["tokens"]  # [B] long, the previous token
        B = tokens.shape[0]
        h = self.decoder.embed_tokens(tokens) * self.decoder.embed_scale
        h = (h + self.decoder.embed_positions.weight.index_select(0, t)).unsqueeze(1)  # [B, 1, D]
        steps = buf["self_k"][0].shape[2]
        visible = torch.arange(steps, device=self.device) <= t  # [T]
        self_mask = torch.zeros(1, 1, 1, steps, dtype=h.dtype, device=self.device).masked_fill(
            ~visible, float("-inf")
        )
        for index, layer in enumerate(self.layers):
            attn = layer.self_attn
            q = attn.q_proj(h).view(B, 1, self.heads, self.head_dim).transpose(1, 2)
            k = attn.k_proj(h).view(B, 1, self.heads, self.head_dim).transpose(1, 2)
            v = attn.v_proj(h).view(B, 1, self.heads, self.head_dim).transpose(1, 2)
            buf["self_k"][index].index_copy_(2, t, k)
            buf["self_v"][index].index_copy_(2, t, v)
            out = F.scaled_dot_product_attention(
                q, buf["self_k"][index], buf["self_v"][index], attn_mask=self_mask, scale=attn.scaling
            )
            h = layer.self_attn_layer_norm(h + attn.out_proj(out.transpose(1, 2).reshape(B, 1, self.d_model)))
            cross = layer.encoder_attn
            q = cross.q_proj(h).view(B, 1, self.heads, self.head_dim).transpose(1, 2)
            out = F.scaled_dot_product_attention(
                q,
                buf["cross_k"][index],
                buf["cross_v"][index],
                attn_mask=buf["source_mask"],
                scale=cross.scaling,
            )
            h = layer.encoder_attn_layer_norm(
                h + cross.out_proj(out.transpose(1, 2).reshape(B, 1, self.d_model))
            )
            h = layer.final_layer_norm(h + layer.fc2(self.act(layer.fc1(h))))
        # in the model's dtype, as the model computes them (exact 0 / -inf biases keep the argmax)
        logits = self.model.lm_head(h[:, 0]) + self.model.final_logits_bias
        # <pad> never; </s> withheld before min_new (min_new_tokens) and forced last (forced_eos_token_id)
        logits.add_(buf["step_bias"].index_select(0, t))
        # the CPU's bfloat16 argmax is scalar code, slower than the projection; the cast is exact
        nxt = (logits if self.device.type == "cuda" else logits.float()).argmax(dim=-1)
        # a finished row keeps emitting <pad>, as generate does
        nxt = torch.where(buf["done"], torch.full_like(nxt, self.pad), nxt)
        buf["done"] |= nxt == self.eos
        buf["out"].index_copy_(1, t, nxt.unsqueeze(1))
        tokens.copy_(nxt)
        t += 1

    def _buffers(self, B: int, S: int, steps: int) -> dict[str, Any]:
        torch = self.torch
        layers, H, Dh = len(self.layers), self.heads, self.head_dim
        kv = dict(device=self.device, dtype=self.dtype)
        return {
            "t": torch.zeros(1, dtype=torch.long, device=self.device),
            "tokens": torch.full((B,), self.start, dtype=torch.long, device=self.device),
            "done": torch.zeros(B, dtype=torch.bool, device=self.device),
            "out": torch.full((B, steps), self.pad, dtype=torch.long, device=self.device),
            "self_k": [torch.zeros(B, H, steps, Dh, **kv) for _ in range(layers)],
            "self_v": [torch.zeros(B, H, steps, Dh, **kv) for _ in range(layers)],
            "cross_k": [torch.zeros(B, H, S, Dh, **kv) for _ in range(layers)],
            "cross_v": [torch.zeros(B, H, S, Dh, **kv) for _ in range(layers)],
            "source_mask": torch.zeros(B, 1, 1, S, **kv),
            "step_bias": torch.zeros(steps, self.model.final_logits_bias.shape[-1], **kv),
        }

    def _prepare(self, buf: dict[str, Any], input_ids, attention_mask, min_new: int, steps: int) -> None:
        torch = self.torch
        B, S = input_ids.shape
        encoded = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        for index, layer in enumerate(self.layers):
            cross = layer.encoder_attn
            buf["cross_k"][index].copy_(
                cross.k_proj(encoded).view(B, S, self.heads, self.head_dim).transpose(1, 2)
            )
            buf["cross_v"][index].copy_(
                cross.v_proj(encoded).view(B, S, self.heads, self.head_dim).transpose(1, 2)
            )
        mask = torch.zeros(B, 1, 1, S, dtype=self.dtype, device=self.device)
        buf["source_mask"].copy_(mask.masked_fill(attention_mask[:, None, None, :] == 0, float("-inf")))
        buf["t"].zero_()
        buf["tokens"].fill_(self.start)
        buf["done"].zero_()
        buf["out"].fill_(self.pad)
        for cache in (*buf["self_k"], *buf["self_v"]):
            cache.zero_()
        # step i decodes the (i+1)-th token: </s> is withheld while fewer than min_new are out
        bias = torch.zeros_like(buf["step_bias"])
        bias[:, self.pad] = float("-inf")
        bias[: max(0, min(min_new, steps)), self.eos] = float("-inf")
        bias[steps - 1, :] = float("-inf")
        bias[steps - 1, self.eos] = 0.0
        buf["step_bias"].copy_(bias)

    def generate(self, input_ids, attention_mask, min_new: int, max_new: int):
        """Token ids [batch, max_new] (``<pad>`` after ``</s>``), as ``generate(num_beams=1)`` returns them
        without the start token."""
        torch = self.torch
        B, S = input_ids.shape
        steps = max(1, max_new)
        with torch.inference_mode():
            if not self.use_graphs:
                buf = self._buffers(B, S, steps)
                self._prepare(buf, input_ids, attention_mask, min_new, steps)
                for step in range(steps):
                    self._step(buf)
                    if step % 8 == 7 and bool(buf["done"].all()):
                        break
                return buf["out"].clone()
            key = (B, S, steps)
            if key not in self._graphs:
                self._graphs[key] = self._capture(B, S, steps, input_ids, attention_mask, min_new)
            graph, buf = self._graphs[key]
            self._prepare(buf, input_ids, attention_mask, min_new, steps)
            graph.replay()
            return buf["out"].clone()

    def _capture(self, B, S, steps, input_ids, attention_mask, min_new):
        torch = self.torch
        buf = self._buffers(B, S, steps)
        self._prepare(buf, input_ids, attention_mask, min_new, steps)
        stream = torch.cuda.Stream()
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):  # warm-up outside the graph (allocator, kernels)
            self._step(buf)
        torch.cuda.current_stream().wait_stream(stream)
        self._prepare(buf, input_ids, attention_mask, min_new, steps)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            for _ in range(steps):
                self._step(buf)
        return graph, buf
