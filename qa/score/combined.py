"""The combined segment score ``mtqa``: a linear model over what mtqa measured, fitted on human scores.

A segment's ``mtqa`` score is ``intercept + sum(coefficient * feature)``, on the
scale of the human scores it was fitted to: WMT21 news ru-en direct assessment
z-scores (annotator-standardised; 0 is an average 2021 news MT segment,
+-1 is one annotator standard deviation). A document's ``mtqa`` score is the
mean of its segments' scores.

The features (``FEATURES``, one small function each) use only the segment
and what the flow has already produced for it. Translation features: chrF++
against the pivot, the length of the target against the source, names in the
target that the pivot does not have, the findings by severity, and the
model's log-probability of the target when an engine scored it. Source
features (how hard the source is: its length, its quotation marks, its
digits, whether it is a question, how common its words are in Russian news
(``qa.lang.ru.frequency``, the average unigram frequency of QE feature sets such as
QuEst's); ``source_capitals`` is kept for
comparison but no longer shipped) say nothing about the translation itself:
they move every translation of one source alike, so they cannot reorder two
translations of the same sentence, but people score translations of long
sentences full of quotes lower, and a reviewer should look there first. The
coefficients ship in ``qa/data/calibration.json`` with the data and the
command they came from (``benchmarks/quality.py --fit``). A calibration lists
one or more models, most informed first; a segment is scored by the first
whose features it has all of. A segment without a pivot (engine ``none``)
gets no ``mtqa`` score.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from qa.records import Document, Segment, Severity

FINDINGS_CAP = 3  # a fourth finding in one segment says little more than the third
QUOTES = "«\"„“"
_WORD = re.compile(r"\w+")


def _chrf(segment: Segment) -> float | None:
    chrf = segment.scores.get("chrf")
    return None if chrf is None else chrf / 100


def _length_ratio_squared(segment: Segment) -> float:
    """Squared log of the target's length over the source's, in characters (0: same length)."""
    return math.log((len(segment.target) + 1) / (len(segment.source) + 1)) ** 2


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _source_words(segment: Segment) -> float:
    """log(1 + number of words of the source)."""
    return math.log1p(len(_words(segment.source)))


def _source_quotes(segment: Segment) -> float:
    """Opening and straight quotation marks in the source (at most 4): names of bodies, titles, reported speech."""
    return float(min(sum(segment.source.count(q) for q in QUOTES), 4))


def _source_capitals(segment: Segment) -> float:
    """log(1 + capitalised words of the source after its first word): names."""
    return math.log1p(sum(w[0].isupper() for w in _words(segment.source)[1:]))


def _source_digits(segment: Segment) -> float:
    """log(1 + digits in the source)."""
    return math.log1p(sum(ch.isdigit() for ch in segment.source))


def _source_question(segment: Segment) -> float:
    """1 if the source asks a question (it has a question mark), else 0."""
    return float("?" in segment.source)


def _source_word_frequency(segment: Segment) -> float:
    """Mean log10(1 + count) of the source's Russian words in a billion words of Russian news (rare words: low)."""
    from qa.lang.ru.frequency import mean_log_frequency

    return mean_log_frequency(segment.source)


def _names(text: str) -> set[str]:
    """Distinct capitalised words after the first word of a text (names, mostly)."""
    return {w for w in _words(text)[1:] if w[0].isupper()}


def _names_not_in_pivot(segment: Segment) -> float | None:
    """log(1 + capitalised words of the target, after its first, that the pivot lacks in any case): names the pivot spelt otherwise."""
    if not segment.pivot:
        return None
    pivot_words = {w.lower() for w in _words(segment.pivot)}
    return math.log1p(sum(name.lower() not in pivot_words for name in _names(segment.target)))


def _findings(severity: Severity) -> Callable[[Segment], float]:
    def count(segment: Segment) -> float:
        return float(min(sum(f.severity == severity for f in segment.findings), FINDINGS_CAP))

    count.__doc__ = f"Number of {severity.value} findings in the segment (at most {FINDINGS_CAP})."
    return count


def _logprob(segment: Segment) -> float | None:
    return None if segment.model is None else segment.model.logprob


FEATURES: dict[str, Callable[[Segment], float | None]] = {
    "chrf": _chrf,
    "length_ratio_squared": _length_ratio_squared,
    "names_not_in_pivot": _names_not_in_pivot,
    "source_words": _source_words,
    "source_quotes": _source_quotes,
    "source_capitals": _source_capitals,
    "source_digits": _source_digits,
    "source_question": _source_question,
    "source_word_frequency": _source_word_frequency,
    "minor": _findings(Severity.MINOR),
    "major": _findings(Severity.MAJOR),
    "critical": _findings(Severity.CRITICAL),
    "logprob": _logprob,
}


def features(segment: Segment, names: Iterable[str] | None = None) -> dict[str, float]:
    """The features the segment has, of ``names`` (default: all); a missing pivot or model leaves
    its features out."""
    if not segment.source.strip() or not segment.target.strip():
        return {}
    values = {name: FEATURES[name](segment) for name in (FEATURES if names is None else names)}
    return {name: value for name, value in values.items() if value is not None}


@dataclass(frozen=True)
class LinearModel:
    """``intercept + sum(coefficients[k] * feature[k])``."""

    name: str
    intercept: float
    coefficients: dict[str, float]
    fit: dict[str, Any] = field(default_factory=dict)

    def predict(self, values: dict[str, float]) -> float | None:
        if any(name not in values for name in self.coefficients):
            return None
        return self.intercept + sum(c * values[name] for name, c in self.coefficients.items())

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "intercept": self.intercept, "coefficients": dict(self.coefficients), "fit": dict(self.fit)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearModel:
        unknown = [name for name in data["coefficients"] if name not in FEATURES]
        if unknown:
            raise ValueError(f"calibration model {data['name']!r} uses unknown feature {unknown[0]!r}")
        return cls(data["name"], float(data["intercept"]), {k: float(v) for k, v in data["coefficients"].items()}, dict(data.get("fit", {})))


@dataclass(frozen=True)
class Calibration:
    """The shipped models (most informed first), the gate thresholds, and how they were made."""

    models: list[LinearModel]
    thresholds: dict[str, float] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)

    def segment_score(self, segment: Segment) -> float | None:
        # only what the models read: a feature they do not use may cost a load (word counts)
        values = features(segment, dict.fromkeys(name for model in self.models for name in model.coefficients))
        for model in self.models:
            score = model.predict(values)
            if score is not None:
                return score
        return None


@lru_cache(maxsize=1)
def shipped() -> Calibration:
    """The calibration in ``qa/data/calibration.json``."""
    text = resources.files("qa").joinpath("data/calibration.json").read_text(encoding="utf-8")
    return parse(json.loads(text))


def parse(data: dict[str, Any]) -> Calibration:
    return Calibration(
        models=[LinearModel.from_dict(m) for m in data["models"]],
        thresholds={k: float(v) for k, v in data.get("thresholds", {}).items()},
        provenance={k: v for k, v in data.items() if k not in ("models", "thresholds")},
    )


def score_document(document: Document, calibration: Calibration | None = None) -> None:
    """Set ``scores["mtqa"]`` on every segment that can be scored, and their mean on the document."""
    calibration = calibration or shipped()
    values = []
    for segment in document.segments:
        score = calibration.segment_score(segment)
        if score is not None:
            segment.scores["mtqa"] = round(score, 4)
            values.append(score)
    if values:
        document.scores["mtqa"] = round(sum(values) / len(values), 4)


def fit_linear(
    rows: Sequence[dict[str, float]],
    targets: Sequence[float],
    names: Sequence[str],
    *,
    ridge: float = 1.0,
    name: str = "pivot",
    nonpositive: Sequence[str] = (),
) -> LinearModel:
    """Least squares with a ridge penalty on standardised features; coefficients on the raw scale.

    ``ridge`` is the penalty on standardised features (the intercept is not
    penalised). Rows missing one of ``names`` are skipped. A feature in
    ``nonpositive`` (a count of findings: a finding must not raise the score)
    whose coefficient comes out positive is held at 0 and the rest refitted.
    """
    held: list[str] = []
    while True:
        free = [n for n in names if n not in held]
        model = _fit(rows, targets, names, free, ridge)
        wrong = [n for n in free if n in nonpositive and model[1][n] > 0]
        if not wrong:
            break
        held.append(max(wrong, key=lambda n: model[1][n]))
    intercept, coefficients, used = model
    return LinearModel(
        name=name,
        intercept=intercept,
        coefficients={n: coefficients.get(n, 0.0) for n in names},
        fit={"method": "ridge least squares on standardised features", "ridge": ridge, "rows": used, "held_at_zero": held},
    )


def _fit(
    rows: Sequence[dict[str, float]], targets: Sequence[float], names: Sequence[str], free: list[str], ridge: float
) -> tuple[float, dict[str, float], int]:
    import numpy as np

    usable = [(r, t) for r, t in zip(rows, targets, strict=True) if all(n in r for n in names)]
    if len(usable) <= len(names):
        raise ValueError(f"{len(usable)} usable rows cannot fit {len(names)} features")
    x = np.array([[r[n] for n in free] for r, _ in usable], dtype=float)
    y = np.array([t for _, t in usable], dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    xs = np.c_[np.ones(len(x)), (x - mean) / scale]
    penalty = ridge * np.eye(xs.shape[1])
    penalty[0, 0] = 0.0
    w = np.linalg.solve(xs.T @ xs + penalty, xs.T @ y)
    coefficients = w[1:] / scale
    intercept = w[0] - float(coefficients @ mean)
    return float(intercept), {n: float(c) for n, c in zip(free, coefficients, strict=True)}, len(usable)


def calibration_fingerprint() -> str:
    """What pins the combined ``mtqa`` score: a hash of the shipped calibration file."""
    import hashlib

    data = resources.files("qa").joinpath("data/calibration.json").read_bytes()
    return "sha256:" + hashlib.sha256(data).hexdigest()[:16]
