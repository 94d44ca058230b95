"""A tiny MarianMT model for tests and offline demos: real tokenizer, real architecture, random weights.

``python -m qa.testing.tiny_marian OUTDIR`` writes a directory that loads through
exactly the same code as ``Helsinki-NLP/opus-mt-ru-en`` (``--model OUTDIR``):

- ``source.spm`` / ``target.spm``: SentencePiece unigram models trained on the
  seed corpus (``corpora/izvestia-ru-us-2025``: Russian for the source side,
  English for the target side), as in the OPUS-MT releases;
- ``vocab.json``: the shared Marian vocabulary (``</s>`` 0, ``<unk>`` 1, the
  pieces of both models, ``<pad>`` last), ``tokenizer_config.json``;
- ``config.json``, ``generation_config.json`` and ``model.safetensors``: a
  ``MarianMTModel`` with opus-mt-ru-en's configuration except for its size
  (2+2 layers, d_model 32 by default), initialised from a fixed seed.

Its translations are nonsense but deterministic. The same builder makes the
full-size random model that ``benchmarks/speed.py`` times (``--size opus``).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from qa.errors import InputError, ModelError

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_CORPUS = REPO_ROOT / "corpora" / "izvestia-ru-us-2025"

SPECIALS = ("</s>", "<unk>")


@dataclass(frozen=True)
class Size:
    """The architecture's size; everything else is opus-mt-ru-en's configuration."""

    layers: int
    d_model: int
    heads: int
    ffn: int
    vocab_size: int | None = None  # None: as many entries as the trained vocabularies give


SIZES = {
    "tiny": Size(layers=2, d_model=32, heads=4, ffn=64),
    # opus-mt-ru-en: 6+6 layers, d_model 512, 8 heads, FFN 2048, 62,518 vocabulary entries (~76M parameters)
    "opus": Size(layers=6, d_model=512, heads=8, ffn=2048, vocab_size=62518),
}


def _corpus_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the corpus for the tiny model ({exc.strerror})") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _train_spm(lines: list[str], vocab_size: int) -> bytes:
    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        max_sentence_length=20000,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        minloglevel=2,
    )
    return model.getvalue()


def _pieces(spm_bytes: bytes) -> list[str]:
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_proto=spm_bytes)
    return [
        sp.id_to_piece(i) for i in range(sp.get_piece_size()) if not sp.is_control(i) and not sp.is_unknown(i)
    ]


def build_tiny_marian(
    outdir: str | Path,
    *,
    source_file: str | Path | None = None,
    target_file: str | Path | None = None,
    size: str = "tiny",
    spm_vocab_size: int = 600,
    seed: int = 1234,
) -> Path:
    """Train the vocabularies, build the model from ``seed`` and save both to ``outdir``; return it."""
    from qa.engine.extras import require

    require("torch", "building the tiny MarianMT")
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    source_lines = _corpus_lines(Path(source_file) if source_file else SEED_CORPUS / "source.ru.txt")
    target_lines = _corpus_lines(Path(target_file) if target_file else SEED_CORPUS / "target.en.txt")

    source_spm = _train_spm(source_lines, spm_vocab_size)
    target_spm = _train_spm(target_lines, spm_vocab_size)
    (outdir / "source.spm").write_bytes(source_spm)
    (outdir / "target.spm").write_bytes(target_spm)

    vocab: dict[str, int] = {token: i for i, token in enumerate(SPECIALS)}
    for piece in _pieces(source_spm) + _pieces(target_spm):
        vocab.setdefault(piece, len(vocab))
    arch = SIZES[size]
    if arch.vocab_size is not None:
        # pad the vocabulary with unused entries up to the real model's size (the output layer's cost)
        while len(vocab) < arch.vocab_size - 1:
            vocab[f"<unused{len(vocab)}>"] = len(vocab)
    pad_id = len(vocab)
    vocab["<pad>"] = pad_id
    (outdir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
    (outdir / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "MarianTokenizer",
                "source_lang": "ru",
                "target_lang": "en",
                "model_max_length": 512,
                "separate_vocabs": False,
                "unk_token": "<unk>",
                "eos_token": "</s>",
                "pad_token": "<pad>",
            },
            indent=1,
        ),
        encoding="utf-8",
    )

    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=arch.d_model,
        encoder_layers=arch.layers,
        decoder_layers=arch.layers,
        encoder_attention_heads=arch.heads,
        decoder_attention_heads=arch.heads,
        encoder_ffn_dim=arch.ffn,
        decoder_ffn_dim=arch.ffn,
        max_position_embeddings=512,
        activation_function="swish",
        scale_embedding=True,
        dropout=0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
        pad_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
        decoder_start_token_id=pad_id,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        # a wide initialisation keeps the tiny model's logits far apart, so greedy choices do not
        # hinge on rounding and two backends agree on them
        init_std=0.02 if size != "tiny" else 0.5,
        architectures=["MarianMTModel"],
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    if size == "tiny":
        # make </s> likely enough that translations end on their own, at varying lengths
        with torch.no_grad():
            model.final_logits_bias[0, 0] = 10.0
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad_id]],
        decoder_start_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
        pad_token_id=pad_id,
        max_length=512,
        num_beams=4,
    )
    model.save_pretrained(outdir)
    for stray in outdir.glob("*.bin"):
        stray.unlink()
    # check the tokenizer loads from what was written (without sacremoses' recommendation)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        MarianTokenizer.from_pretrained(str(outdir))
    return outdir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m qa.testing.tiny_marian", description=__doc__.splitlines()[0]
    )
    parser.add_argument("outdir", help="directory to write the model into")
    parser.add_argument("--source", help="text to train the source vocabulary on (default: the seed corpus)")
    parser.add_argument("--target", help="text to train the target vocabulary on (default: the seed corpus)")
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args(argv)
    try:
        out = build_tiny_marian(
            args.outdir, source_file=args.source, target_file=args.target, size=args.size, seed=args.seed
        )
    except (InputError, ModelError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
