"""The CTranslate2 engine agrees with the transformers engine on the tiny model."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.engine.ct2 import CT2Engine, convert
from qa.engine.locate import locate
from qa.engine.seq2seq import Seq2SeqEngine
from qa.errors import ConfigError, ModelError

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "izvestia-ru-us-2025"
SOURCES = [line for line in (CORPUS / "source.ru.txt").read_text(encoding="utf-8").splitlines() if line][:16]
TARGETS = [line for line in (CORPUS / "target.en.txt").read_text(encoding="utf-8").splitlines() if line][:16]
SENTENCES = [
    "Контакты носят регулярный характер, но их темп снизился, подчеркнул дипломат.",
    "Два раунда консультаций прошли более полугода назад.",
    "Вашингтон увязывает нормализацию отношений с украинским урегулированием, считают эксперты.",
    "Рябков",
    "«Раздражители» — 2 раунда, 50%.",
]


@pytest.fixture(scope="module")
def ct2_float32(tiny_model, tmp_path_factory):
    return convert(tiny_model, tmp_path_factory.mktemp("ct2-f32"), quantization="float32", force=True)


@pytest.fixture(scope="module")
def ct2_engine(ct2_float32):
    return CT2Engine(locate(str(ct2_float32)), device="cpu", compute_type="float32")


def test_same_greedy_pivots(ct2_engine, tiny_engine):
    texts = SOURCES + SENTENCES
    assert ct2_engine.translate(texts) == tiny_engine.translate(texts)


def test_float32_logprobs_agree_within_1e_2(ct2_engine, tiny_engine):
    ours, theirs = ct2_engine.score(SOURCES, TARGETS), tiny_engine.score(SOURCES, TARGETS)
    for a, b in zip(ours, theirs, strict=True):
        assert [t.text for t in a.tokens] == [t.text for t in b.tokens]
        for x, y in zip(a.tokens, b.tokens, strict=True):
            assert x.logprob == pytest.approx(y.logprob, abs=1e-2)
        assert a.logprob == pytest.approx(b.logprob, abs=1e-2)


def test_alignment_comes_from_the_same_layer_and_heads(ct2_engine, tiny_engine):
    ours, theirs = ct2_engine.score(SOURCES, TARGETS), tiny_engine.score(SOURCES, TARGETS)
    same = sum(a.alignment == b.alignment for a, b in zip(ours, theirs, strict=True))
    assert all(a.alignment for a in ours)
    assert same >= len(SOURCES) - 1


def test_int8_runs_and_is_the_cpu_default(tiny_model, tmp_path):
    out = convert(tiny_model, tmp_path / "int8", quantization="int8")
    engine = CT2Engine(locate(str(out)), device="cpu")
    assert engine.signature()["compute_type"] == "int8"
    pivots = engine.translate(SENTENCES)
    assert len(pivots) == len(SENTENCES) and all(isinstance(p, str) for p in pivots)
    scores = engine.score(SENTENCES[:2], TARGETS[:2])
    assert all(s is not None and s.logprob < 0 for s in scores)


def test_a_full_vmap_changes_nothing(tiny_model, ct2_engine, tmp_path):
    # a vocabulary map that allows every target token must leave the pivots as they are
    vocab = ct2_engine.vocab
    vmap = tmp_path / "vmap.txt"
    vmap.write_text("\t" + " ".join(t for t in vocab.target_encoder if t != "<pad>") + "\n", encoding="utf-8")
    out = convert(tiny_model, tmp_path / "vmapped", quantization="float32", vmap=vmap)
    engine = CT2Engine(locate(str(out)), device="cpu", compute_type="float32")
    assert engine.signature()["vmap"] is True
    assert engine.translate(SENTENCES) == ct2_engine.translate(SENTENCES)


def test_a_narrow_vmap_never_changes_a_pivot(tiny_model, ct2_engine, tmp_path):
    """A shortlist of two words would make every pivot "the of ..."; each pivot it gives is checked
    against the full vocabulary and decoded again without it where it is not surely the argmax."""
    vmap = tmp_path / "vmap.txt"
    vmap.write_text("\t▁the ▁of\n", encoding="utf-8")
    out = convert(tiny_model, tmp_path / "narrow", quantization="float32", vmap=vmap)
    engine = CT2Engine(locate(str(out)), device="cpu", compute_type="float32")
    assert engine.signature()["vmap"] is True
    assert engine.translate(SENTENCES) == ct2_engine.translate(SENTENCES)
    assert any(set(p.split()) - {"the", "of"} for p in ct2_engine.translate(SENTENCES))  # the shortlist did bite


class _Scored:
    def __init__(self, log_probs):
        self.log_probs = log_probs


class _Translator:
    """Scores each pivot's tokens with the log-probabilities given, by the pivot's first token."""

    def __init__(self, by_first):
        self.by_first = by_first

    def score_batch(self, sources, targets, **options):
        return [_Scored(self.by_first[t[0]]) for t in targets]


@pytest.mark.parametrize(
    "log_probs, length, max_new, sure",
    [
        ([-0.1, -0.2, -0.05], 2, 10, True),  # each choice and the </s> above one half
        ([-0.1, -0.9, -0.05], 2, 10, False),  # one choice at 0.41: another word might have won
        ([-0.1, -0.2, -3.0], 2, 10, False),  # ended by itself with an unlikely </s>
        ([-0.1, -0.2, -3.0], 2, 2, True),  # cut at the cap: the </s> scoring appends was never chosen
    ],
)
def test_a_shortlisted_pivot_is_kept_only_when_surely_the_argmax(ct2_engine, log_probs, length, max_new, sure):
    engine = CT2Engine.__new__(CT2Engine)
    engine._vocab = ct2_engine.vocab
    engine.translator = _Translator({"▁a": log_probs})
    output = [ct2_engine.vocab.target_encoder["▁a"]] * length
    assert engine._unsure([[1, 2]], [output], [max_new]) == ([] if sure else [0])


def test_marian_directory_is_refused_with_how_to_convert(tiny_model):
    with pytest.raises(ModelError, match="mtqa models convert"):
        CT2Engine(locate(str(tiny_model)))


@pytest.mark.parametrize("quantization", ["int4", "fp8"])
def test_unknown_quantization(tiny_model, tmp_path, quantization):
    with pytest.raises(ConfigError):
        convert(tiny_model, tmp_path / "x", quantization=quantization)


def test_convert_refuses_to_overwrite_and_to_reconvert(tiny_model, ct2_float32, tmp_path):
    with pytest.raises(ModelError, match="--force"):
        convert(tiny_model, ct2_float32)
    with pytest.raises(ModelError, match="already a CTranslate2 model"):
        convert(ct2_float32, tmp_path / "again")


def test_build_engine_ct2(ct2_float32, tmp_path):
    from qa.engine import build_engine
    from qa.settings import Settings

    engine = build_engine(Settings(engine="ct2", model=str(ct2_float32), cache=str(tmp_path / "c.sqlite3"), threads=2, inter_threads=1))
    assert engine.signature()["backend"] == "ctranslate2"
    assert engine.thread_layout() == (1, 2)  # --threads and --inter-threads reach CTranslate2
    assert engine.translate(["Рябков"]) == engine.translate(["Рябков"])


def test_a_shortlist_from_the_models_own_pivots_keeps_them(tiny_model, ct2_engine, tmp_path):
    from qa.engine.vmap import shortlist, write_vmap

    texts = SOURCES + SENTENCES
    pieces = ct2_engine.pivot_pieces(texts)
    rules = shortlist(ct2_engine.vocab, zip(texts, pieces, strict=True), always=5)
    assert len(rules[""]) == 5
    vmap = write_vmap(rules, tmp_path / "vmap.txt")
    out = convert(tiny_model, tmp_path / "own", quantization="float32", vmap=vmap)
    engine = CT2Engine(locate(str(out)), device="cpu", compute_type="float32")
    assert engine.translate(texts) == ct2_engine.translate(texts)


def test_scoring_without_alignment_keeps_the_log_probs(ct2_float32, ct2_engine):
    engine = CT2Engine(locate(str(ct2_float32)), device="cpu", compute_type="float32", alignment=False)
    assert engine.signature()["alignment"] is False
    fast, full = engine.score(SOURCES[:4], TARGETS[:4]), ct2_engine.score(SOURCES[:4], TARGETS[:4])
    for a, b in zip(fast, full, strict=True):
        assert a.alignment == [] and b.alignment
        assert a.logprob == pytest.approx(b.logprob, abs=1e-6)


def test_the_signature_names_the_backends_version(ct2_float32):
    import ctranslate2
    import sentencepiece

    from qa.pipeline import signature_string

    engine = CT2Engine(locate(str(ct2_float32)), device="cpu", compute_type="float32")
    signature = engine.signature()
    assert signature["libraries"] == {"ctranslate2": ctranslate2.__version__, "sentencepiece": sentencepiece.__version__}
    line = signature_string({"mtqa": "0", "languages": "ru-en", "engine": signature, "metrics": {"chrf": "x"}})
    assert f"backend:ctranslate2-{ctranslate2.__version__}" in line
    assert not engine._loaded  # read without loading the model


def test_a_forced_length_for_speed_measurements_ends_each_pivot_at_its_own_length(ct2_float32, tmp_path):
    import math

    engine = CT2Engine(locate(str(ct2_float32)), device="cpu", compute_type="float32", batch_tokens=10**6, forced_length_ratio=1.2)
    assert engine.signature()["forced_length_ratio"] == 1.2
    # 21 sources of 3 to 23 words, one batch: each pivot ends at 1.2 × its own source
    texts = [" ".join(line.split()[: 3 + k]) for k, line in enumerate([*SOURCES, *SENTENCES])]
    pieces = engine.pivot_pieces(texts)
    wanted = [math.ceil(1.2 * len(engine._source_ids(s))) for s in texts]
    assert [len(p) for p in pieces] == wanted
    assert len(set(wanted)) > 5
    # the plain batch implementation (a backend that keeps finished rows) gives the same pivots
    ids = [engine._source_ids(s) for s in texts]
    assert Seq2SeqEngine._generate_lengths(engine, ids, wanted) == engine._generate_lengths(ids, wanted)
    assert "forced_length_ratio" not in CT2Engine(locate(str(ct2_float32)), device="cpu").signature()
    with pytest.raises(ConfigError):
        CT2Engine(locate(str(ct2_float32)), device="cpu", forced_length_ratio=0)
    # an engine option, reachable from the configuration file as any setting
    from qa.config import load_settings
    from qa.engine.seq2seq import engine_options

    config = tmp_path / "mtqa.toml"
    config.write_text("forced-length-ratio = 1.2\n", encoding="utf-8")
    assert engine_options(load_settings({}, config=config)[0])["forced_length_ratio"] == 1.2


# --- deferred alignment: the forced decoding runs only for the segments a check reads ---------------


def test_the_alignment_is_deferred_and_equal_to_the_eager_one(ct2_float32):
    from qa.records import LazyAlignment

    lazy = CT2Engine(locate(str(ct2_float32)), device="cpu", compute_type="float32")
    eager = CT2Engine(locate(str(ct2_float32)), device="cpu", compute_type="float32", defer_alignment=False)
    deferred, computed = lazy.score(SOURCES[:4], TARGETS[:4]), eager.score(SOURCES[:4], TARGETS[:4])
    assert all(isinstance(s.alignment, LazyAlignment) and not s.alignment.resolved for s in deferred)
    assert [s.logprob for s in deferred] == [s.logprob for s in computed]
    assert [list(s.alignment) for s in deferred] == [s.alignment for s in computed]
    assert any(computed[k].alignment for k in range(4))


def test_reading_one_alignment_decodes_that_segment_only(ct2_float32, monkeypatch):
    engine = CT2Engine(locate(str(ct2_float32)), device="cpu", compute_type="float32")
    scores = engine.score(SOURCES[:4], TARGETS[:4])
    calls = []
    real = engine._attentions
    monkeypatch.setattr(engine, "_attentions", lambda batches: calls.append([len(b[0]) for b in batches]) or real(batches))
    assert scores[2].alignment  # a check reads it
    assert calls == [[1]]
    assert [s.alignment.resolved for s in scores] == [False, False, True, False]


@pytest.mark.parametrize("compute_type", ["int8", "float32"])
def test_batches_handed_to_the_workers_at_once_give_what_each_alone_gives(ct2_float32, compute_type):
    """Scores and cross-attentions of many exact-length batches submitted at once (asynchronous, so
    that both workers decode) are those of each batch scored or decoded by itself, to the last digit."""
    engine = CT2Engine(locate(str(ct2_float32)), device="cpu", threads=2, inter_threads=2, compute_type=compute_type)
    engine._ensure_loaded()
    src, tgt = engine._encode_pairs(list(zip(SOURCES, TARGETS, strict=True)))
    batches = [([a.ids], [b.ids], (0, 0)) for a, b in zip(src, tgt, strict=True)]
    batches.append(([src[0].ids, src[0].ids], [tgt[0].ids, tgt[0].ids], (0, 0)))  # a batch split between the workers
    together, scored = engine._attentions(batches), engine._scores(batches)
    assert together == [engine._attentions([batch])[0] for batch in batches]
    assert scored == [engine._scores([batch])[0] for batch in batches]
    assert together[0][0] and scored[0][0][0]


def test_resolve_alignments_batches_per_engine_and_pickles_as_a_list(ct2_float32, monkeypatch):
    import pickle

    from qa.records import resolve_alignments

    engine = CT2Engine(locate(str(ct2_float32)), device="cpu", compute_type="float32")
    scores = engine.score(SOURCES[:4], TARGETS[:4])
    calls = []
    real = engine.alignments_for
    monkeypatch.setattr(engine, "alignments_for", lambda pairs: calls.append(len(pairs)) or real(pairs))
    resolve_alignments([s.alignment for s in scores])
    assert calls == [4] and all(s.alignment.resolved for s in scores)
    restored = pickle.loads(pickle.dumps(scores[0]))
    assert type(restored.alignment) is list and restored.alignment == list(scores[0].alignment)


def test_a_deferred_alignment_is_stored_once_computed(ct2_float32, tmp_path):
    from qa.cache.results import CachedEngine
    from qa.records import LazyAlignment

    path = tmp_path / "cache.sqlite3"
    engine = CT2Engine(locate(str(ct2_float32)), device="cpu", compute_type="float32")
    first = CachedEngine(engine, path).score(SOURCES[:2], TARGETS[:2])
    expected = list(first[0].alignment)  # computed now, and written back; the second never read
    fresh = CT2Engine(locate(str(ct2_float32)), device="cpu", compute_type="float32")
    again = CachedEngine(fresh, path).score(SOURCES[:2], TARGETS[:2])
    assert type(again[0].alignment) is list and again[0].alignment == expected
    assert isinstance(again[1].alignment, LazyAlignment) and not again[1].alignment.resolved
    assert not fresh._loaded  # nothing needed the model
    assert list(again[1].alignment) == list(first[1].alignment)


# (threads, inter_threads, device, cores) -> (inter_threads, intra_threads) given to CTranslate2
THREAD_LAYOUTS = [
    (0, 0, "cpu", 2, (2, 1)),  # the default: one single-threaded worker per core
    (0, 0, "cpu", 1, (1, 1)),
    (4, 0, "cpu", 2, (4, 1)),
    (4, 2, "cpu", 2, (2, 2)),
    (2, 1, "cpu", 8, (1, 2)),  # one worker with every thread, as before
    (2, 5, "cpu", 8, (2, 1)),  # no more workers than threads
    (0, 0, "cuda", 2, (1, 0)),
]


@pytest.mark.parametrize("threads,inter,device,cores,expected", THREAD_LAYOUTS)
def test_thread_layout(ct2_float32, monkeypatch, threads, inter, device, cores, expected):
    import qa.engine.ct2

    monkeypatch.setattr(qa.engine.ct2, "available_cores", lambda: cores)
    engine = CT2Engine(locate(str(ct2_float32)), device=device, threads=threads, inter_threads=inter, compute_type="float32")
    assert engine.thread_layout() == expected


def test_negative_inter_threads_is_a_config_error(ct2_float32):
    with pytest.raises(ConfigError, match="inter threads"):
        CT2Engine(locate(str(ct2_float32)), device="cpu", inter_threads=-1)


def test_parallel_workers_give_the_same_pivots_and_scores(ct2_float32):
    """Two workers each decoding half of every batch: the pivots, log-probs and alignments of one worker."""
    texts = SOURCES + SENTENCES
    one = CT2Engine(locate(str(ct2_float32)), device="cpu", threads=1, inter_threads=1, compute_type="float32")
    two = CT2Engine(locate(str(ct2_float32)), device="cpu", threads=2, inter_threads=2, compute_type="float32")
    assert two.thread_layout() == (2, 1)
    assert two._split(len(texts)) == (len(texts) + 1) // 2
    assert two.translate(texts) == one.translate(texts)
    for a, b in zip(two.score(SOURCES, TARGETS), one.score(SOURCES, TARGETS), strict=True):
        assert [t.logprob for t in a.tokens] == pytest.approx([t.logprob for t in b.tokens], abs=1e-4)
        assert list(a.alignment) == list(b.alignment)


@pytest.mark.parametrize("checks,batched", [(["mistranslation"], True), (["numbers"], False)])
def test_alignments_a_check_reads_are_computed_in_one_batch(ct2_float32, monkeypatch, checks, batched):
    """mistranslation reads every segment's alignment (it declares reads=("alignment",)): the
    engine computes them all in one call before the checks, not one decoding per segment; a check
    that reads a few leaves them deferred."""
    from qa.pipeline import check_bitexts
    from qa.records import Bitext
    from qa.settings import Settings

    engine = CT2Engine(locate(str(ct2_float32)), device="cpu", compute_type="float32")
    calls = []
    real = engine.alignments_for
    monkeypatch.setattr(engine, "alignments_for", lambda pairs: calls.append(len(pairs)) or real(pairs))
    bitext = Bitext(id="d", source_path=None, target_path=None, sources=SOURCES[:6], targets=TARGETS[:6], aligned=True)
    report = check_bitexts([bitext], Settings(use_cache=False, checks=checks), engine=engine)
    segments = report.documents[0].segments
    if batched:
        assert calls == [len(segments)]
    else:
        assert len(calls) <= 1 and sum(calls) < len(segments)
