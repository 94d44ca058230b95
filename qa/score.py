"""Scores of the target against the pivot: chrF++, BLEU and TER through sacrebleu's API.

Sentence BLEU uses effective order (plain BLEU is meaningless on single
sentences); chrF++ is chrF with word n-grams up to 2. Each metric's sacrebleu
signature goes into the report signature.
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


def score_document(document: Document) -> None:
    """Fill segment and document scores where both a target and a pivot exist."""
    targets, pivots = [], []
    for segment in document.segments:
        if segment.pivot and segment.target and segment.source:
            segment.scores.update(sentence_scores(segment.target, segment.pivot))
            targets.append(segment.target)
            pivots.append(segment.pivot)
        if segment.model is not None:
            segment.scores["logprob"] = round(segment.model.logprob, 4)
    if targets:
        document.scores.update(corpus_scores(targets, pivots))
    logprobs = [s.model.logprob for s in document.segments if s.model is not None]
    if logprobs:
        document.scores["logprob"] = round(sum(logprobs) / len(logprobs), 4)
