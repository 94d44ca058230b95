"""The combined `mtqa` score: features, the shipped coefficients, fitting, and the gate threshold."""

from __future__ import annotations

import json
import math
import random
from importlib import resources

import pytest

from qa.lang.ru.frequency import NO_WORDS
from qa.records import Document, Finding, ModelScore, Segment, Severity
from qa.score.combined import (
    FEATURES,
    Calibration,
    LinearModel,
    features,
    fit_linear,
    parse,
    score_document,
    shipped,
)
from qa.settings import Settings


def _finding(severity: Severity) -> Finding:
    return Finding(
        check="numbers", severity=severity, segment="1", source_span=None, target_span=None, message="m"
    )


def _segment(
    target="The talks went on.", pivot="The talks continued.", source="Переговоры продолжились.", **kw
) -> Segment:
    segment = Segment(id="1", source=source, target=target, pivot=pivot, **kw)
    if pivot:
        segment.scores.update({"chrf": 40.0, "bleu": 20.0, "ter": 60.0})
    return segment


# (segment, feature, expected value); None: the feature is absent
FEATURE_CASES = [
    (_segment(), "chrf", 0.40),
    (_segment(pivot=None), "chrf", None),
    (_segment(target="abc", source="abcdefg"), "length_ratio_squared", math.log(4 / 8) ** 2),
    (_segment(target="abcdefg", source="abc"), "length_ratio_squared", math.log(8 / 4) ** 2),
    (_segment(source="Он сказал: «Газпром» и «Роснефть»."), "source_words", math.log1p(5)),
    (_segment(source="Он сказал: «Газпром» и «Роснефть»."), "source_quotes", 2.0),
    (_segment(source='"a" "b" "c"'), "source_quotes", 4.0),
    (_segment(source="Путин встретился с Байденом в Женеве."), "source_capitals", math.log1p(2)),
    (_segment(source="В 2021 году 15%."), "source_digits", math.log1p(6)),
    (_segment(source="Без цифр."), "source_digits", 0.0),
    (_segment(source="Кто победит?"), "source_question", 1.0),
    (_segment(source="Никто не победил."), "source_question", 0.0),
    (_segment(source="Apple, 2021."), "source_word_frequency", NO_WORDS),  # no Russian word
    (_segment(source="Квазибырлыщик зумбрует."), "source_word_frequency", 0.0),  # no word of news
    # capitalised target words after the first that the pivot lacks in any case: Dzyuba (counted once), Loko;
    # Zenit is in the pivot in lower case
    (
        _segment(
            target="Forward Dzyuba left Zenit for Loko; Dzyuba said so.",
            pivot="Striker Dziuba left zenit for Lokomotiv.",
        ),
        "names_not_in_pivot",
        math.log1p(2),
    ),
    # the first word is not a name, digits are not capitalised, the same spelling matches
    (_segment(target="Putin met Biden in 2021.", pivot="Putin and Biden met in 2021."), "names_not_in_pivot", 0.0),
    (_segment(target="Then Biden spoke.", pivot="Biden then spoke."), "names_not_in_pivot", 0.0),
    (_segment(pivot=None), "names_not_in_pivot", None),
    (
        _segment(findings=[_finding(Severity.MINOR), _finding(Severity.MAJOR), _finding(Severity.MINOR)]),
        "minor",
        2.0,
    ),
    (_segment(findings=[_finding(Severity.MAJOR)] * 7), "major", 3.0),
    (_segment(findings=[_finding(Severity.INFO)]), "critical", 0.0),
    (_segment(), "logprob", None),
    (_segment(model=ModelScore(logprob=-1.5)), "logprob", -1.5),
    (_segment(target=""), "chrf", None),
    (_segment(source=""), "source_words", None),
]


@pytest.mark.parametrize("segment,name,expected", FEATURE_CASES)
def test_features(segment, name, expected):
    values = features(segment)
    if expected is None:
        assert name not in values
    else:
        assert values[name] == pytest.approx(expected)


def test_every_feature_has_a_case():
    assert {name for _, name, _ in FEATURE_CASES} == set(FEATURES)


MODEL = LinearModel("pivot", intercept=-0.5, coefficients={"chrf": 1.0, "major": -0.25})
WITH_MODEL = LinearModel("pivot+model", intercept=0.0, coefficients={"chrf": 1.0, "logprob": 0.5})


@pytest.mark.parametrize(
    "models,segment,expected",
    [
        ([MODEL], _segment(), -0.5 + 0.4),
        ([MODEL], _segment(findings=[_finding(Severity.MAJOR)]), -0.5 + 0.4 - 0.25),
        ([MODEL], _segment(pivot=None), None),
        ([WITH_MODEL, MODEL], _segment(), -0.5 + 0.4),  # no model score: the next model
        ([WITH_MODEL, MODEL], _segment(model=ModelScore(logprob=-2.0)), 0.4 - 1.0),
    ],
)
def test_segment_score_takes_the_first_model_whose_features_are_there(models, segment, expected):
    score = Calibration(models=models).segment_score(segment)
    assert score == (None if expected is None else pytest.approx(expected))


def test_segment_score_computes_only_the_features_its_models_read(monkeypatch):
    import qa.lang.ru.frequency

    def no_counts(text):
        raise AssertionError("the word counts were loaded for a model that does not use them")

    monkeypatch.setattr(qa.lang.ru.frequency, "mean_log_frequency", no_counts)
    assert Calibration([MODEL]).segment_score(_segment()) == pytest.approx(-0.5 + 0.4)
    with pytest.raises(AssertionError):
        Calibration([LinearModel("f", 0.0, {"source_word_frequency": 1.0})]).segment_score(_segment())
    assert set(features(_segment(), ["chrf", "source_words"])) == {"chrf", "source_words"}


def test_document_score_is_the_mean_of_scored_segments():
    document = Document(id="d", source_path=None, target_path=None, source_lang="ru", target_lang="en")
    document.segments = [_segment(), _segment(findings=[_finding(Severity.MAJOR)]), _segment(pivot=None)]
    score_document(document, Calibration(models=[MODEL]))
    assert [s.scores.get("mtqa") for s in document.segments] == [
        pytest.approx(-0.1),
        pytest.approx(-0.35),
        None,
    ]
    assert document.scores["mtqa"] == pytest.approx((-0.1 - 0.35) / 2)


def test_document_without_pivot_gets_no_score():
    document = Document(id="d", source_path=None, target_path=None, source_lang="ru", target_lang="en")
    document.segments = [_segment(pivot=None)]
    score_document(document, Calibration(models=[MODEL]))
    assert "mtqa" not in document.scores


@pytest.mark.parametrize("ridge", [0.0, 1.0])
def test_fit_recovers_a_linear_relation(ridge):
    rng = random.Random(7)
    rows = [{"chrf": rng.random(), "major": float(rng.randint(0, 3))} for _ in range(400)]
    targets = [0.3 + 2.0 * r["chrf"] - 0.5 * r["major"] + rng.gauss(0, 0.01) for r in rows]
    model = fit_linear(rows, targets, ["chrf", "major"], ridge=ridge)
    assert model.intercept == pytest.approx(0.3, abs=0.02)
    assert model.coefficients["chrf"] == pytest.approx(2.0, abs=0.02)
    assert model.coefficients["major"] == pytest.approx(-0.5, abs=0.02)
    assert model.fit["rows"] == 400


def test_fit_skips_rows_missing_a_feature_and_refuses_too_few():
    rows = [{"chrf": 0.1}, {"chrf": 0.2}, {"major": 1.0}]
    with pytest.raises(ValueError):
        fit_linear(rows, [0.0, 1.0, 2.0], ["chrf", "major"])


def test_model_round_trips_and_rejects_unknown_features():
    assert LinearModel.from_dict(MODEL.to_dict()) == MODEL
    with pytest.raises(ValueError):
        LinearModel.from_dict({"name": "x", "intercept": 0, "coefficients": {"vibes": 1.0}})


def test_shipped_calibration_loads_and_says_where_it_came_from():
    calibration = shipped()
    assert calibration.models and all(m.coefficients for m in calibration.models)
    assert {"data", "command", "target"} <= set(calibration.provenance)
    assert calibration.segment_score(_segment()) is not None


@pytest.mark.parametrize("name", ["minor", "major", "critical", "names_not_in_pivot"])
def test_shipped_penalties_never_raise_the_score(name):
    """A finding, or a name the pivot lacks, must not make a segment look better."""
    for model in shipped().models:
        assert model.coefficients.get(name, 0.0) <= 0.0


def test_shipped_features_are_computed_at_check_time():
    """Every shipped feature comes from the segment (source, target, pivot, findings), none from human material."""
    segment = _segment(findings=[_finding(Severity.MAJOR)])
    for model in shipped().models:
        assert set(model.coefficients) <= set(features(segment)) | {"logprob"}


def test_shipped_threshold_is_a_document_score_the_gate_reads():
    data = json.loads(resources.files("qa").joinpath("data/calibration.json").read_text(encoding="utf-8"))
    threshold = parse(data).thresholds["min_mtqa_document"]
    assert -3.0 < threshold < 3.0  # on the scale of DA z-scores
    assert "min_mtqa_document" in data["threshold_rule"]


@pytest.mark.parametrize("document_score,passed", [(-5.0, False), (5.0, True)])
def test_gate_fails_a_document_below_the_threshold(document_score, passed):
    from qa.gate import decide
    from qa.records import Report

    document = Document(id="d", source_path=None, target_path=None, source_lang="ru", target_lang="en")
    document.scores["mtqa"] = document_score
    result = decide(Report(signature={}, documents=[document]), Settings(min_mtqa_document=0.0))
    assert result.passed is passed
