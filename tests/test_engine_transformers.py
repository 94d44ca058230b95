"""The transformers engine on the tiny MarianMT: same tokens as MarianTokenizer, pivots, scores, errors."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from qa.engine.locate import locate
from qa.engine.seq2seq import length_batches, length_cap, word_alignment, word_spans
from qa.engine.transformers import TransformersEngine
from qa.engine.vocab import MarianVocab
from qa.errors import ConfigError, ModelError
from qa.records import Span

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "izvestia-ru-us-2025"
SOURCES = [line for line in (CORPUS / "source.ru.txt").read_text(encoding="utf-8").splitlines() if line][4:10]
TARGETS = [line for line in (CORPUS / "target.en.txt").read_text(encoding="utf-8").splitlines() if line][4:10]

SENTENCES = [
    "Контакты носят регулярный характер, но их темп снизился, подчеркнул дипломат.",
    "Два раунда консультаций прошли более полугода назад.",
    "Вашингтон увязывает нормализацию отношений с украинским урегулированием.",
    "Контакты носят регулярный характер, но их темп снизился, подчеркнул дипломат.",
    "",
]

TOKEN_TEXTS = [
    "Contacts are regular, but their pace has decreased, the diplomat stressed.",
    "«Раздражители» — 2 rounds, 50% and Ryabkov's ½ “quotes”",
    "  leading and trailing spaces  ",
    "",
]

# (lengths, batch_tokens, max_batch, expected batches): a batch holds one padded width (8 holds
# lengths 1-8, 16 holds 9-16, ...), widest first, never more rows than batch_tokens // width
BATCHES = [
    ([3, 10, 5, 10], 100, 0, [[1, 3], [2, 0]]),
    ([3, 10, 5, 10], 20, 0, [[1], [3], [2, 0]]),
    ([3, 10, 5, 10], 5, 0, [[1], [3], [2], [0]]),
    ([4, 4, 4, 4, 4], 100, 2, [[0, 1], [2, 3], [4]]),
    ([(3, 20), (5, 9), (8, 17)], 1000, 0, [[0, 2], [1]]),  # (source, target): both widths shared
    ([300, 200], 10**6, 0, [[0], [1]]),
    ([], 100, 0, []),
]

BAD_MODELS = [
    ("./no/such/dir", "no such model directory"),
    ("tests/no-such-model", "no such model directory"),  # a relative path under an existing folder
    ("/no/such/dir", "no such model directory"),
]


@pytest.mark.parametrize("lengths,batch_tokens,max_batch,expected", BATCHES)
def test_length_batches(lengths, batch_tokens, max_batch, expected):
    assert length_batches(lengths, batch_tokens, max_batch) == expected


@pytest.mark.parametrize("source_length,max_length,expected", [(10, 256, 30), (200, 256, 256), (0, 5, 5)])
def test_length_cap(source_length, max_length, expected):
    assert length_cap(source_length, max_length) == expected


@pytest.mark.parametrize("text", SOURCES + SENTENCES)
def test_source_ids_equal_marian_tokenizer(tiny_model, text):
    from transformers import MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(str(tiny_model))
    assert MarianVocab(tiny_model).encode_source(text).ids == tokenizer(text)["input_ids"]


@pytest.mark.parametrize("text", TARGETS + TOKEN_TEXTS)
def test_target_ids_equal_marian_tokenizer_and_spans_cover_pieces(tiny_model, text):
    from transformers import MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(str(tiny_model))
    pieces = MarianVocab(tiny_model).encode_target(text)
    assert pieces.ids == tokenizer(text_target=text)["input_ids"]
    for token, span in zip(pieces.tokens, pieces.spans, strict=True):
        if span is not None:
            assert span.text(text) == token.replace("▁", " ").strip() or token == "<unk>" or "▁" not in token


def test_decode_equals_marian_tokenizer(tiny_model):
    import random

    from transformers import MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(str(tiny_model))
    vocab = MarianVocab(tiny_model)
    rng = random.Random(7)
    for _ in range(50):
        ids = [rng.randrange(len(vocab.encoder)) for _ in range(rng.randrange(1, 30))]
        assert vocab.decode_target(ids) == tokenizer.decode(ids, skip_special_tokens=True)


def test_signature_pins_model_and_decoding(tiny_model):
    engine = TransformersEngine(
        locate(str(tiny_model)), device="cpu", beam_size=2, max_length=64, compute_type="float32"
    )
    sig = engine.signature()
    assert sig["revision"].startswith("sha256:")
    assert (sig["backend"], sig["compute_type"], sig["beam_size"], sig["max_length"]) == (
        "transformers",
        "float32",
        2,
        64,
    )
    assert not engine._loaded  # the signature needs no model


def test_translate_is_deterministic_and_translates_repeats_once(tiny_engine, tiny_model):
    pivots = tiny_engine.translate(SENTENCES)
    assert pivots[0] == pivots[3]
    assert pivots[4] == ""
    again = TransformersEngine(locate(str(tiny_model)), device="cpu", compute_type="float32").translate(
        SENTENCES
    )
    assert again == pivots
    assert all(isinstance(p, str) for p in pivots)


def test_pivot_does_not_depend_on_batch(tiny_engine):
    together = tiny_engine.translate(SENTENCES[:3])
    alone = [tiny_engine.translate([s])[0] for s in SENTENCES[:3]]
    assert together == alone


def test_forced_length(tiny_engine):
    vocab = tiny_engine.vocab
    source = SENTENCES[1]
    pivot = tiny_engine.translate([source], forced_length_ratio=1.2)[0]
    assert pivot  # a forced length never ends on the first token
    forced = math.ceil(1.2 * len(vocab.encode_source(source).ids))
    # forced_eos puts </s> at the last position, so the pivot has at most forced - 1 pieces
    assert len(vocab.encode_target(pivot).ids) - 1 <= forced + 2


def test_score_tokens_mean_and_alignment(tiny_engine):
    sources, targets = SOURCES[:3], TARGETS[:3]
    scores = tiny_engine.score(sources, targets)
    for source, target, score in zip(sources, targets, scores, strict=True):
        assert score is not None
        assert score.tokens[-1].text == "</s>" and score.tokens[-1].span is None
        assert all(t.logprob <= 0.0 for t in score.tokens)
        assert score.logprob == pytest.approx(sum(t.logprob for t in score.tokens) / len(score.tokens))
        for token in score.tokens:
            if token.span is not None:
                assert token.span.text(target) == token.text
        assert score.alignment
        src_words, tgt_words = set(word_spans(source)), set(word_spans(target))
        for src_span, tgt_span in score.alignment:
            assert src_span in src_words and tgt_span in tgt_words


def test_score_is_batch_independent_and_none_for_empty(tiny_engine):
    both = tiny_engine.score([SOURCES[0], SOURCES[1], "x"], [TARGETS[0], TARGETS[1], ""])
    alone = tiny_engine.score([SOURCES[1]], [TARGETS[1]])[0]
    assert both[2] is None
    assert both[1].logprob == pytest.approx(alone.logprob, abs=1e-4)
    assert both[1].alignment == alone.alignment


def test_a_worse_target_scores_differently(tiny_engine):
    good, shuffled = tiny_engine.score([SOURCES[1]] * 2, [TARGETS[1], " ".join(reversed(TARGETS[1].split()))])
    assert good.logprob != pytest.approx(shuffled.logprob)


# attention[target token][source token] → word links
ALIGNMENTS = [
    (
        "мама мыла раму",
        [Span(0, 4), Span(5, 9), Span(10, 14), None],
        "mum washed frame",
        [Span(0, 3), Span(4, 10), Span(11, 16), None],
        [[0.9, 0.05, 0.05, 0], [0.1, 0.8, 0.1, 0], [0.1, 0.1, 0.8, 0], [0, 0, 0, 1]],
        [((0, 4), (0, 3)), ((5, 9), (4, 10)), ((10, 14), (11, 16))],
    ),
    (  # two target pieces of one word average; two source pieces of one word add up
        "рама",
        [Span(0, 2), Span(2, 4), None],
        "frame work",
        [Span(0, 3), Span(3, 5), Span(6, 10), None],
        [[0.5, 0.5, 0], [0.5, 0.5, 0], [0.2, 0.2, 0.6], [0, 0, 1]],
        [((0, 4), (0, 5)), ((0, 4), (6, 10))],
    ),
]


@pytest.mark.parametrize("source,source_spans,target,target_spans,attention,expected", ALIGNMENTS)
def test_word_alignment(source, source_spans, target, target_spans, attention, expected):
    links = word_alignment(attention, source, source_spans, target, target_spans)
    assert [((s.start, s.end), (t.start, t.end)) for s, t in links] == expected


@pytest.mark.parametrize("ref,message", BAD_MODELS)
def test_missing_directory_is_a_model_error(ref, message):
    with pytest.raises(ModelError, match=message):
        locate(ref)


def test_uncached_hub_model_offline_fails_fast_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # the discard port: connection refused
    with pytest.raises(ModelError) as error:
        locate("Helsinki-NLP/opus-mt-ru-en")
    message = str(error.value)
    assert "\n" not in message
    assert "--model DIR" in message and "--engine file" in message and "network" in message


def test_cached_snapshot_is_found_and_pinned_to_its_commit(tiny_model, tmp_path, monkeypatch):
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "hub" / "models--Helsinki-NLP--opus-mt-ru-en"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    for path in tiny_model.iterdir():
        (snapshot / path.name).symlink_to(path)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    location = locate("Helsinki-NLP/opus-mt-ru-en")
    assert (location.path, location.pin, location.hub_id) == (snapshot, commit, "Helsinki-NLP/opus-mt-ru-en")


def test_pickle_weights_are_refused(tiny_model, tmp_path):
    for name in ("config.json", "vocab.json"):
        (tmp_path / name).write_bytes((tiny_model / name).read_bytes())
    (tmp_path / "pytorch_model.bin").write_bytes(b"not loaded")
    with pytest.raises(ModelError, match="pytorch_model.bin"):
        locate(str(tmp_path))


@pytest.mark.parametrize("options", [{"compute_type": "int8"}, {"beam_size": 0}, {"device": "tpu"}])
def test_bad_options_are_config_errors(tiny_model, options):
    with pytest.raises(ConfigError):
        TransformersEngine(locate(str(tiny_model)), **options)


def test_cuda_without_cuda_is_a_model_error(tiny_model):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    engine = TransformersEngine(locate(str(tiny_model)), device="cuda")
    with pytest.raises(ModelError, match="--device cpu"):
        engine.translate(["Привет"])


def test_build_engine_uses_the_model_setting(tiny_model):
    from qa.engine import build_engine
    from qa.settings import Settings

    engine = build_engine(Settings(model=str(tiny_model), use_cache=False, device="cpu"))
    assert engine.signature()["model"] == str(tiny_model)


@pytest.mark.parametrize("forced", [None, 1.2, 0.3])
def test_static_greedy_equals_generate(tiny_model, tiny_engine, forced):
    plain = TransformersEngine(
        locate(str(tiny_model)), device="cpu", compute_type="float32", static_greedy=False
    )
    texts = SOURCES + SENTENCES
    ours = tiny_engine.translate(texts, forced_length_ratio=forced)
    assert tiny_engine.greedy is not None
    assert ours == plain.translate(texts, forced_length_ratio=forced)


def test_beam_search_uses_generate(tiny_model):
    engine = TransformersEngine(locate(str(tiny_model)), device="cpu", beam_size=3)
    pivots = engine.translate(SENTENCES[:2])
    assert engine.greedy is None and all(isinstance(p, str) for p in pivots)


CPUINFO = [
    ("flags\t\t: fpu sse avx2 avx512f avx512_bf16 avx512_vnni\n", True),
    ("flags\t\t: fpu sse amx_bf16 amx_tile\n", True),
    ("flags\t\t: fpu sse avx2 avx512f\n", False),
    ("model name : something\n", False),
]


@pytest.mark.parametrize("text,expected", CPUINFO)
def test_cpu_bf16_detection(tmp_path, text, expected):
    from qa.engine.transformers import cpu_has_bf16

    path = tmp_path / "cpuinfo"
    path.write_text(text)
    assert cpu_has_bf16(str(path)) is expected
    assert cpu_has_bf16(str(tmp_path / "missing")) is False
