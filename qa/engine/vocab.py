"""A Marian model's vocabulary: SentencePiece segmentation and ids, with character spans.

Reads the files ``MarianTokenizer`` reads (``source.spm``, ``target.spm``,
``vocab.json``, ``tokenizer_config.json``; a CTranslate2 conversion's ``shared_vocabulary.json``
where ``vocab.json`` is missing) and produces the same ids (a test
compares them on the seed corpus), but also where each piece lies in the text,
which the scores and the alignment need. Needs sentencepiece, not transformers,
so the CTranslate2 engine shares it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from qa.errors import ModelError
from qa.records import Span

SPIECE_UNDERLINE = "▁"


@dataclass(frozen=True)
class Pieces:
    """One text cut into pieces: their ids (``</s>`` last), strings and character spans (None: no surface)."""

    ids: list[int]
    tokens: list[str]
    spans: list[Span | None]


class MarianVocab:
    def __init__(self, directory: str | Path):
        import sentencepiece

        directory = Path(directory)
        try:
            config = (
                _read_json(directory / "tokenizer_config.json")
                if (directory / "tokenizer_config.json").is_file()
                else {}
            )
            self.encoder: dict[str, int] = _encoder(directory, config.get("pad_token", "<pad>"))
            if config.get("separate_vocabs"):
                self.target_encoder: dict[str, int] = _read_json(directory / "target_vocab.json")
            else:
                self.target_encoder = self.encoder
            self.spm_source = sentencepiece.SentencePieceProcessor(model_file=str(directory / "source.spm"))
            self.spm_target = sentencepiece.SentencePieceProcessor(model_file=str(directory / "target.spm"))
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelError(f"{directory}: cannot read the model's vocabulary ({exc})") from None
        self.decoder = {i: t for t, i in self.target_encoder.items()}
        self.unk_token = config.get("unk_token", "<unk>")
        self.eos_token = config.get("eos_token", "</s>")
        self.pad_token = config.get("pad_token", "<pad>")
        self.unk_id = self.encoder[self.unk_token]
        self.eos_id = self.encoder[self.eos_token]
        self.pad_id = self.encoder[self.pad_token]
        self.specials = {self.unk_id, self.eos_id, self.pad_id}

    def encode_source(self, text: str) -> Pieces:
        return self._encode(text, self.spm_source, self.encoder)

    def encode_target(self, text: str) -> Pieces:
        return self._encode(text, self.spm_target, self.target_encoder)

    def _encode(self, text: str, spm, encoder: dict[str, int]) -> Pieces:
        try:
            proto = spm.encode(text, return_type="proto")
        except TypeError:  # sentencepiece < 0.2.1
            proto = spm.encode(text, out_type="immutable_proto")
        offsets = _char_offsets(text)
        ids, tokens, spans = [], [], []
        for piece in proto.pieces:
            tokens.append(piece.piece)
            ids.append(encoder.get(piece.piece, self.unk_id))
            start, end = offsets[piece.begin], offsets[piece.end]
            while start < end and text[start].isspace():
                start += 1
            spans.append(Span(start, end) if start < end else None)
        ids.append(self.eos_id)
        tokens.append(self.eos_token)
        spans.append(None)
        return Pieces(ids, tokens, spans)

    def tokens(self, ids: list[int]) -> list[str]:
        return [self.decoder.get(i, self.unk_token) for i in ids]

    def decode_target(self, ids: list[int]) -> str:
        """As ``MarianTokenizer.decode(ids, skip_special_tokens=True)``."""
        pieces = [self.decoder[i] for i in ids if i not in self.specials and i in self.decoder]
        return self.spm_target.decode_pieces(pieces).replace(SPIECE_UNDERLINE, " ").strip()

    def decode_tokens(self, tokens: list[str]) -> str:
        specials = {self.unk_token, self.eos_token, self.pad_token}
        pieces = [t for t in tokens if t not in specials]
        return self.spm_target.decode_pieces(pieces).replace(SPIECE_UNDERLINE, " ").strip()


def _encoder(directory: Path, pad_token: str) -> dict[str, int]:
    """Piece -> id from ``vocab.json``, or from a CTranslate2 conversion's ``shared_vocabulary.json``
    (a list in id order, as the converter writes it, without the padding token, which gets the next
    id) where a published conversion ships no ``vocab.json``: CTranslate2 is given pieces, not ids."""
    if (directory / "vocab.json").is_file() or not (directory / "shared_vocabulary.json").is_file():
        return _read_json(directory / "vocab.json")
    pieces = _read_json(directory / "shared_vocabulary.json")
    encoder = {piece: i for i, piece in enumerate(pieces)}
    encoder.setdefault(pad_token, len(encoder))
    return encoder


def _read_json(path: Path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _char_offsets(text: str) -> list[int]:
    """Map each UTF-8 byte offset of ``text`` (and its end) to a character offset."""
    offsets = []
    for index, char in enumerate(text):
        offsets.extend([index] * len(char.encode("utf-8")))
    offsets.append(len(text))
    return offsets
