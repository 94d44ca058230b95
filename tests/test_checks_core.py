"""The first checks: untranslated, addition, omission, low-agreement."""

from __future__ import annotations

import pytest

from qa.checks import CHECKS, CheckContext
from qa.records import Segment
from qa.settings import Settings

# (check, source, target, pivot, scores, expected [(severity, target span text)])
CASES = [
    ("untranslated", "- Статьи", "- Статьи", None, {}, [("major", "- Статьи")]),
    ("untranslated", "Он сказал: «хайп».", "He said: хайп is not needed.", None, {}, [("major", "хайп")]),
    (
        "untranslated",
        "Газета «Известия».",
        "The newspaper Известия Daily reported.",
        None,
        {},
        [("major", "Известия")],
    ),
    (
        "untranslated",
        "Два слова.",
        "Вот так в тексте and English.",
        None,
        {},
        [("major", "Вот так в тексте")],
    ),
    ("untranslated", "Россия.", "Russia.", None, {}, []),
    ("untranslated", "1 000", "1 000", None, {}, []),  # no letters: identical numbers are fine
    ("untranslated", "", "Переведено сервисом", None, {}, []),  # additions are the addition check's
    ("untranslated", "Буква я.", "The letter я.", None, {}, []),  # a single letter is not a leftover
    (
        "addition",
        "",
        "Переведено сервисом «Яндекс Переводчик»",
        None,
        {},
        [("minor", "Переведено сервисом «Яндекс Переводчик»")],
    ),
    ("addition", "Текст.", "Text.", None, {}, []),
    ("omission", "Пропущенное предложение.", "", "A dropped sentence.", {}, [("major", None)]),
    ("omission", "Текст.", "Text.", None, {}, []),
    (
        "low-agreement",
        "Длинное предложение тут.",
        "A totally unrelated sentence about cats.",
        "A long sentence is here.",
        {"chrf": 12.0},
        [("minor", "A totally unrelated sentence about cats.")],
    ),
    (
        "low-agreement",
        "Длинное предложение тут.",
        "A long sentence is right here.",
        "A long sentence is here.",
        {"chrf": 70.0},
        [],
    ),
    ("low-agreement", "Да.", "Yes.", "No.", {"chrf": 5.0}, []),  # too short to judge
    (
        "low-agreement",
        "Длинное предложение тут.",
        "A totally unrelated sentence here.",
        None,
        {},
        [],
    ),  # no pivot
]


@pytest.mark.parametrize("check_id,source,target,pivot,scores,expected", CASES)
def test_core_checks(check_id, source, target, pivot, scores, expected):
    segment = Segment(id="7", source=source, target=target, pivot=pivot, scores=scores)
    ctx = CheckContext(settings=Settings())
    findings = list(CHECKS[check_id](segment, ctx))
    got = [(f.severity.value, f.target_span.text(target) if f.target_span else None) for f in findings]
    assert got == expected
    for finding in findings:
        assert finding.check == check_id
        assert finding.segment == "7"
        if finding.source_span:
            assert 0 <= finding.source_span.start < finding.source_span.end <= len(source)


def test_untranslated_points_at_the_source_copy():
    segment = Segment(id="1", source="Он сказал: «хайп».", target="He said: хайп.")
    (finding,) = CHECKS["untranslated"](segment, CheckContext(settings=Settings()))
    assert finding.source_span.text(segment.source) == "хайп"


def test_low_agreement_threshold_comes_from_settings():
    segment = Segment(
        id="1",
        source="Длинное предложение тут.",
        target="A long sentence is here now.",
        pivot="x y z w",
        scores={"chrf": 30.0},
    )
    assert (
        list(CHECKS["low-agreement"](segment, CheckContext(settings=Settings(low_agreement_chrf=20))))
        == []
    )
    assert (
        len(
            list(CHECKS["low-agreement"](segment, CheckContext(settings=Settings(low_agreement_chrf=40))))
        )
        == 1
    )


def test_every_check_has_a_title_and_known_severity():
    for check_id, check in CHECKS.items():
        assert check.id == check_id
        assert check.title and check.title != check_id
        assert check.scope in ("segment", "document")


# untranslated: what belongs in the target, stray letters, mixed words: (target, [(severity, text)])
UNTRANSLATED_CASES = [
    ("Size 90х190х27 cm.", []),
    ("It was +22 °С in the capital.", []),
    ("More at стопкоронавирус.рф", [("info", "стопкоронавирус.рф")]),
    ("The hashtag #москва trended.", [("info", "москва")]),
    ("Write to адрес@почта.рф", [("info", "адрес@почта.рф")]),
    ("He is from Мoscow.", [("minor", "Мoscow")]),
    ("He said: \"О!\"", [("minor", "О")]),  # a Cyrillic О
    ("The letter я.", []),  # a mention
    ("Кремль said so.", [("major", "Кремль")]),
]


@pytest.mark.parametrize("target, expected", UNTRANSLATED_CASES)
def test_untranslated_tells_what_belongs_in_the_target(target, expected):
    segment = Segment(id="1", source="Исходный текст.", target=target)
    found = [(f.severity.value, f.target_span.text(target)) for f in CHECKS["untranslated"](segment, CheckContext(settings=Settings()))]
    assert found == expected
