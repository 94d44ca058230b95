"""The transliterated check: (source, target, pivot, expected [(severity, source text, target text)])."""

from __future__ import annotations

import pytest

from qa.checks.base import CheckContext
from qa.checks.transliterated import transliterated
from qa.records import Segment
from qa.settings import Settings

CASES = [
    ("Горсовет принял решение.", "The gorsovet made a decision.", "The city council made a decision.", [("minor", "Горсовет", "gorsovet")]),
    ("Он работает на заводе.", "He works at a zavod.", "He works at a factory.", [("minor", "заводе", "zavod")]),
    ("Он работает на заводе.", "He works at a zavod.", None, [("info", "заводе", "zavod")]),
    ("Он работает на заводе.", "He works at a factory.", "He works at a plant.", []),
    # a loanword the pivot keeps too, in another spelling or form
    ("Силовики против.", "The siloviki are against.", "The siloviki are against it.", []),
    ("Мы колобки.", "We are kolobok.", "We are koloboks.", []),
    # English words and capitalised names are not leftovers
    ("Он живёт на даче.", "He lives at the dacha.", "He lives in the country house.", []),
    ("Навальный заявил.", "Navalny said.", "Navalny stated.", []),
    # with a pivot, a capitalised leftover of a common noun or an acronym
    ("Встреча врио Дегтярева.", "Meeting of Vrio Degtyarev.", "Meeting of Acting Degtyarev.", [("minor", "врио", "Vrio")]),
    ("Школьник сдал ЕГЭ.", "Schoolboy passed EGE.", "The student passed the exam.", [("minor", "ЕГЭ", "EGE")]),
    ("Школьник сдал ЕГЭ.", "Schoolboy passed EGE.", None, []),  # no pivot: a capitalised word may be a name
    # ... but not inside a name, nor an acronym the pivot spells another way
    ("Губернатор Хабаровского края.", "Governor of Khabarovsk Krai.", "Governor of the Khabarovsk Territory.", []),
    ("Брокер БКС исключает это.", "Broker BKS rules it out.", "Broker BCS rules it out.", []),
]


@pytest.mark.parametrize("source, target, pivot, expected", CASES)
def test_transliterated(source, target, pivot, expected):
    segment = Segment(id="1", source=source, target=target, pivot=pivot)
    found = [(f.severity.value, f.source_span.text(source), f.target_span.text(target)) for f in transliterated(segment, CheckContext(settings=Settings()))]
    assert found == expected


def test_other_pairs_are_not_served():
    assert transliterated.unserved("ru", "en") is None
    assert transliterated.unserved("de", "en") and transliterated.unserved("ru", "de")
