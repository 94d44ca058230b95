"""The negation check: (source, target, pivot, expected [(severity, source text, target text)])."""

from __future__ import annotations

import pytest

from qa.checks.base import CheckContext
from qa.checks.negation import negation
from qa.records import Segment
from qa.settings import Settings

CASES = [
    # lost: the source and the pivot negate, the target does not
    ("Он не пришёл на встречу.", "He came to the meeting.", "He did not come to the meeting.", [("major", "не", None)]),
    ("Он не пришёл на встречу.", "He didn't come to the meeting.", "He did not come to the meeting.", []),
    ("Никто не пришёл.", "Nobody came.", "No one came.", []),  # concord: one negated clause
    # added where a prefixed word of the source is no negation («некоторых» "some", «недавно» "recently")
    ("В некоторых районах пройдут ливни.", "Showers will not pass in some areas.", "Showers will pass in some areas.",
     [("major", None, "not")]),
    ("Корабли недавно вошли в состав флота.", "The ships have not recently joined the fleet.",
     "The ships recently joined the fleet.", [("major", None, "not")]),
    # a negation kept in a word of negative meaning
    ("Они не смогли выехать.", "They were unable to leave.", "They could not leave.", []),
    ("Он не пострадал.", "He was unharmed.", "He was not injured.", []),
    ("Он не смог выйти на старт.", "He failed to make the start.", "He could not start.", []),
    # added: the target negates, the source and the pivot do not
    ("Собор открыли в 1985 году.", "The cathedral was not opened in 1985.", "The cathedral was opened in 1985.", [("major", None, "not")]),
    ("Средств недостаточно.", "The funds are not enough.", "The funds are insufficient.", []),  # «не» inside a word
    ("Собор открыли лишь в 1985 году.", "The cathedral was not opened until 1985.", "The cathedral opened only in 1985.", []),
    # a negation said twice in one clause, where the pivot says it once; not where the pivot says it twice too
    ("По предварительной информации, при пожаре никто не пострадал.", "According to preliminary information, no one was not injured.",
     "According to preliminary information, no one was injured.", [("major", None, "no one was not")]),
    ("Нет причин не ехать.", "There is no reason not to go.", "There is no reason not to go.", []),
    # an "until" far beyond the "not" is no "not ... until"
    ("Законопроект разработан во исполнение стратегии до 2030 года.",
     "The bill was not developed in pursuance of the strategy for small enterprises until 2030.",
     "The bill was developed in pursuance of the strategy for small enterprises until 2030.", [("major", None, "not")]),
    # Russian «не» that English renders without a negation
    ("Он чуть не упал.", "He almost fell.", "He almost fell.", []),
    ("Он звонил не раз.", "He called more than once.", "He called repeatedly.", []),
    ("Не менее пяти человек.", "At least five people.", "At least five people.", []),
    # the pivot disagrees with the source too: no witness
    ("Он не пришёл.", "He came.", "He came.", []),
    # without a pivot: info
    ("Он не пришёл на встречу.", "He came to the meeting.", None, [("info", "не", None)]),
    # «пока не»: "not yet" without a subject between, "until" with one
    ("Пока не удалось решить вопрос.", "So far, it has not been possible to resolve the issue.", None, []),
    ("Вашингтон пока не сформировал позицию.", "Washington has formed a position.", "Washington has not yet formed a position.", [("major", "не", None)]),
]


@pytest.mark.parametrize("source, target, pivot, expected", CASES)
def test_negation(source, target, pivot, expected):
    segment = Segment(id="1", source=source, target=target, pivot=pivot)
    found = [
        (f.severity.value, f.source_span.text(source) if f.source_span else None, f.target_span.text(target) if f.target_span else None)
        for f in negation(segment, CheckContext(settings=Settings()))
    ]
    assert found == expected


SEED_LIKE = [
    # from the seed article: each rendered correctly, none is a finding even without a pivot
    ("стали появляться и другие не слишком оптимистичные новости.", "other not-so-optimistic news has begun to appear."),
    ("Не исключено, что сейчас на первый план вышли вопросы глобального управления.", "It is possible that global governance issues have now come to the fore."),
    ("Вряд ли стоит ожидать прорыва, пока мы не убедимся, что опыт ушел в прошлое.", "We can hardly expect a breakthrough until we are convinced that the experience is a thing of the past."),
]


@pytest.mark.parametrize("source, target", SEED_LIKE)
def test_correct_renderings_of_the_seed_article_pass_without_a_pivot(source, target):
    assert negation(Segment(id="1", source=source, target=target), CheckContext(settings=Settings())) == []
