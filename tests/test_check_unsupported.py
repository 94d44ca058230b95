"""The `unsupported` check: unlikely target words that the pivot does not share."""

from __future__ import annotations

import re

import pytest

from qa.checks import CHECKS
from qa.checks.base import CheckContext
from qa.records import ModelScore, Segment, Span, TokenScore
from qa.settings import Settings

SOURCE = "Вашингтон увязывает нормализацию с урегулированием."


def scored(target: str, logprobs: dict[str, float], default: float = -0.5) -> ModelScore:
    """One token per word of ``target``; the words named in ``logprobs`` get those log-probabilities."""
    tokens = [
        TokenScore(m.group(), Span(m.start(), m.end()), logprobs.get(m.group(), default))
        for m in re.finditer(r"\S+", target)
    ]
    tokens.append(TokenScore("</s>", None, default))
    mean = sum(t.logprob for t in tokens) / len(tokens)
    alignment = [(Span(0, 10), Span(0, 10))]
    return ModelScore(mean, tokens, alignment)


TARGET = "Washington links normalization to the settlement"
PIVOT = "Washington ties normalization to the settlement"

# (target, pivot, log-probabilities of some words, flagged words)
CASES = [
    (TARGET, PIVOT, {}, []),  # everything likely
    (TARGET, PIVOT, {"links": -12.0}, ["links"]),  # unlikely and not in the pivot
    (TARGET, TARGET, {"links": -12.0}, []),  # unlikely but the pivot has it
    (TARGET, PIVOT, {"links": -6.0}, []),  # not unlikely enough
    (TARGET, PIVOT.replace("ties", "linked"), {"links": -12.0}, []),  # the pivot shares the lemma
    ("He was arrested", "He was detained", {"arrested": -12.0}, ["arrested"]),
    (TARGET, PIVOT, {"links": -12.0, "normalization": -15.0}, ["links"]),  # the pivot has normalization
    ("Washington links 2025 to X", "Washington ties it", {"2025": -20.0}, []),  # numbers are not words here
    (
        "a b c d e f",
        "z",
        {"a": -20.0, "b": -19.0, "c": -18.0, "d": -17.0},
        ["a", "b", "c"],  # at most three, least likely first
    ),
]


@pytest.mark.parametrize("target,pivot,logprobs,flagged", CASES)
def test_unsupported(target, pivot, logprobs, flagged):
    segment = Segment(id="s1", source=SOURCE, target=target, pivot=pivot, model=scored(target, logprobs))
    findings = list(CHECKS["unsupported"](segment, CheckContext(settings=Settings())))
    assert [f.target_span.text(target) for f in findings] == flagged
    for finding in findings:
        assert finding.check == "unsupported" and finding.severity.value == "minor"


def test_a_segment_hard_throughout_flags_nothing():
    # every word is unlikely: nothing stands out from the segment's own average
    segment = Segment(
        id="s1", source=SOURCE, target=TARGET, pivot="zzz", model=scored(TARGET, {}, default=-11.0)
    )
    assert list(CHECKS["unsupported"](segment, CheckContext(settings=Settings()))) == []


def test_no_model_score_no_findings():
    segment = Segment(id="s1", source=SOURCE, target=TARGET, pivot=PIVOT)
    assert list(CHECKS["unsupported"](segment, CheckContext(settings=Settings()))) == []


def test_source_span_comes_from_the_alignment():
    target = "Washingtonian links"
    segment = Segment(id="s1", source=SOURCE, target=target, pivot="other words", model=scored(target, {}))
    segment.model.tokens[0] = TokenScore("Washingtonian", Span(0, 13), -14.0)
    segment.model.alignment = [(Span(0, 9), Span(0, 13))]
    (finding,) = CHECKS["unsupported"](segment, CheckContext(settings=Settings()))
    assert finding.source_span.text(SOURCE) == "Вашингтон"


def test_on_real_model_scores(tiny_engine):
    source = "Два раунда консультаций прошли более полугода назад."
    target = "Two rounds of consultations took place more than six months ago."
    pivot = tiny_engine.translate([source])[0]
    segment = Segment(id="s1", source=source, target=target, pivot=pivot or "x")
    segment.model = tiny_engine.score([source], [target])[0]
    findings = list(CHECKS["unsupported"](segment, CheckContext(settings=Settings())))
    assert len(findings) <= 3
    for finding in findings:
        assert re.fullmatch(r"\w+(?:[-'’]\w+)*", finding.target_span.text(target))
