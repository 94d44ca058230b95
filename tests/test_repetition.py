"""The repetition check: (source, target, expected [target text])."""

from __future__ import annotations

import pytest

from qa.checks.base import CheckContext
from qa.checks.repetition import repetition
from qa.records import Segment
from qa.settings import Settings

CASES = [
    ("В пекарне случился пожар.", "The fire was at the Bakery Bakery.", ["Bakery Bakery"]),
    ("Один из членов экипажа танка.", "One of the crew of the tank tank.", ["tank tank"]),
    ("Он сказал, что это правда.", "He said that that was true.", []),  # grammar
    ("Он уже ушёл.", "He had had enough.", []),
    ("Очень-очень важно.", "Very, very important - very very.", []),  # the source repeats too
    ("Да, да, конечно.", "Yes yes, of course.", []),
    ("Счёт 2 2.", "The score is 2 2.", []),  # numbers are left to the numbers check
]


@pytest.mark.parametrize("source, target, expected", CASES)
def test_repetition(source, target, expected):
    found = repetition(Segment(id="1", source=source, target=target), CheckContext(settings=Settings()))
    assert [f.target_span.text(target) for f in found] == expected
