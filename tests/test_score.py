"""Scores are sacrebleu's own: same numbers as calling sacrebleu directly."""

from __future__ import annotations

import pytest
import sacrebleu

from qa.records import Document, Segment
from qa.score.metrics import (
    corpus_scores,
    document_scores,
    metric_signatures,
    score_document,
    sentence_scores,
)

PAIRS = [
    ("Russia and the United States are in regular contact.", "Russia and the US maintain regular contact."),
    ("The dialogue continues in the operational mode.", "The dialogue continues in working mode."),
    ("We don't need hype here.", "We don't need any hype here."),
    ("Completely different words", "Nothing shared at all"),
]


@pytest.mark.parametrize("target,pivot", PAIRS)
def test_sentence_scores_equal_sacrebleu(target, pivot):
    scores = sentence_scores(target, pivot)
    assert scores["chrf"] == pytest.approx(sacrebleu.sentence_chrf(target, [pivot], word_order=2).score, abs=1e-3)
    assert scores["bleu"] == pytest.approx(sacrebleu.sentence_bleu(target, [pivot]).score, abs=1e-3)
    assert scores["ter"] == pytest.approx(sacrebleu.sentence_ter(target, [pivot]).score, abs=1e-3)


def test_corpus_scores_equal_sacrebleu():
    targets = [t for t, _ in PAIRS]
    pivots = [p for _, p in PAIRS]
    scores = corpus_scores(targets, pivots)
    assert scores["chrf"] == pytest.approx(sacrebleu.corpus_chrf(targets, [pivots], word_order=2).score, abs=1e-3)
    assert scores["bleu"] == pytest.approx(sacrebleu.corpus_bleu(targets, [pivots]).score, abs=1e-3)
    assert scores["ter"] == pytest.approx(sacrebleu.corpus_ter(targets, [pivots]).score, abs=1e-3)


def test_signatures_are_sacrebleus():
    signatures = metric_signatures()
    assert "nw:2" in signatures["chrf"] and "nrefs:1" in signatures["chrf"]
    assert "eff:yes" in signatures["bleu_sentence"]
    assert "eff:no" in signatures["bleu_corpus"]
    assert signatures["ter"].startswith("nrefs:1")


def test_segments_without_pivot_or_side_are_not_scored():
    document = Document(id="d", source_path=None, target_path=None, source_lang="ru", target_lang="en")
    document.segments = [
        Segment(id="1", source="Да.", target="Yes, indeed.", pivot="Yes, indeed."),
        Segment(id="2", source="Нет.", target="No.", pivot=None),
        Segment(id="3", source="", target="Footer.", pivot=None),
    ]
    score_document(document)
    assert document.segments[0].scores["chrf"] == pytest.approx(100.0)
    assert document.segments[1].scores == {}
    assert document.segments[2].scores == {}
    assert document.scores["chrf"] == pytest.approx(100.0)


def test_document_scores_equal_sacrebleu_sentence_and_corpus():
    targets = [t for t, _ in PAIRS]
    pivots = [p for _, p in PAIRS]
    sentences, corpus = document_scores(targets, pivots)
    for (target, pivot), row in zip(PAIRS, sentences, strict=True):
        assert row["chrf"] == pytest.approx(sacrebleu.sentence_chrf(target, [pivot], word_order=2).score, abs=1e-3)
        assert row["bleu"] == pytest.approx(sacrebleu.sentence_bleu(target, [pivot]).score, abs=1e-3)
        assert row["ter"] == pytest.approx(sacrebleu.sentence_ter(target, [pivot]).score, abs=1e-3)
    assert corpus["chrf"] == pytest.approx(sacrebleu.corpus_chrf(targets, [pivots], word_order=2).score, abs=1e-3)
    assert corpus["bleu"] == pytest.approx(sacrebleu.corpus_bleu(targets, [pivots]).score, abs=1e-3)
    assert corpus["ter"] == pytest.approx(sacrebleu.corpus_ter(targets, [pivots]).score, abs=1e-3)
    assert document_scores([], []) == ([], {})
