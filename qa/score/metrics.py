"""Scores of the target against the pivot: chrF++, BLEU and TER through sacrebleu's API.

Sentence BLEU uses effective order (plain BLEU is meaningless on single
sentences); chrF++ is chrF with word n-grams up to 2. Each metric's sacrebleu
signature goes into the report signature.

A document's sentence and corpus scores come from one pass over its
segments: sacrebleu's own per-sentence statistics, aggregated per sentence
and summed for the corpus (what its ``sentence_score`` and ``corpus_score``
do, each extracting the statistics again).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from qa.records import Document


@lru_cache(maxsize=1)
def _metrics() -> dict[str, Any]:
    from sacrebleu.metrics import BLEU, CHRF, TER

    metrics = {
        "chrf": CHRF(word_order=2),
        "bleu": BLEU(effective_order=True),
        "ter": TER(),
        "bleu_corpus": BLEU(),
    }
    # mtqa always scores against exactly one pivot; sacrebleu records the number
    # of references in the signature only after a first evaluation.
    for metric in metrics.values():
        metric.corpus_score(["a"], [["a"]])
    return metrics


def sentence_scores(target: str, pivot: str) -> dict[str, float]:
    """chrF++, BLEU and TER of one target against one pivot."""
    m = _metrics()
    return {
        "chrf": round(m["chrf"].sentence_score(target, [pivot]).score, 4),
        "bleu": round(m["bleu"].sentence_score(target, [pivot]).score, 4),
        "ter": round(m["ter"].sentence_score(target, [pivot]).score, 4),
    }


def corpus_scores(targets: list[str], pivots: list[str]) -> dict[str, float]:
    m = _metrics()
    return {
        "chrf": round(m["chrf"].corpus_score(targets, [pivots]).score, 4),
        "bleu": round(m["bleu_corpus"].corpus_score(targets, [pivots]).score, 4),
        "ter": round(m["ter"].corpus_score(targets, [pivots]).score, 4),
    }


def metric_signatures() -> dict[str, str]:
    m = _metrics()
    return {
        "chrf": m["chrf"].get_signature().format(),
        "bleu_sentence": m["bleu"].get_signature().format(),
        "bleu_corpus": m["bleu_corpus"].get_signature().format(),
        "ter": m["ter"].get_signature().format(),
    }


def document_scores(targets: list[str], pivots: list[str]) -> tuple[list[dict[str, float]], dict[str, float]]:
    """Sentence scores of each target against its pivot, and the corpus scores of them all.

    Equal to ``sentence_scores`` per pair and ``corpus_scores`` over the lists,
    with each metric's statistics extracted once.
    """
    if not targets:
        return [], {}
    m = _metrics()
    sentences: list[dict[str, float]] = [{} for _ in targets]
    corpus: dict[str, float] = {}
    for name, sentence_metric, corpus_metric in (
        ("chrf", m["chrf"], m["chrf"]),
        ("bleu", m["bleu"], m["bleu_corpus"]),
        ("ter", m["ter"], m["ter"]),
    ):
        stats = sentence_metric._extract_corpus_statistics(targets, [pivots])
        for row, stat in zip(sentences, stats, strict=True):
            row[name] = round(sentence_metric._aggregate_and_compute([stat]).score, 4)
        corpus[name] = round(corpus_metric._aggregate_and_compute(stats).score, 4)
    return sentences, corpus


def score_document(document: Document) -> None:
    """Fill segment and document scores where both a target and a pivot exist."""
    scored = [s for s in document.segments if s.pivot and s.target and s.source]
    sentences, corpus = document_scores([s.target for s in scored], [s.pivot for s in scored])
    for segment, scores in zip(scored, sentences, strict=True):
        segment.scores.update(scores)
    document.scores.update(corpus)
    # further retranslations: each score is the mean over the pivots a segment has
    further = max((len(s.other_pivots) for s in scored), default=0)
    for k in range(further):
        these = [s for s in scored if len(s.other_pivots) > k and s.other_pivots[k]]
        more, _ = document_scores([s.target for s in these], [s.other_pivots[k] for s in these])
        for segment, scores in zip(these, more, strict=True):
            count = 1 + sum(1 for p in segment.other_pivots[:k] if p)
            for name, value in scores.items():
                segment.scores[name] = round((segment.scores[name] * count + value) / (count + 1), 4)
    for segment in document.segments:
        if segment.model is not None:
            segment.scores["logprob"] = round(segment.model.logprob, 4)
    logprobs = [s.model.logprob for s in document.segments if s.model is not None]
    if logprobs:
        document.scores["logprob"] = round(sum(logprobs) / len(logprobs), 4)
