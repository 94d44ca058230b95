"""The numbers check: rows of (source, target, expected findings as (severity, source text, target text))."""

from __future__ import annotations

import pytest

from qa.checks.base import CheckContext
from qa.checks.numbers import numbers
from qa.records import ModelScore, Segment, Span
from qa.settings import Settings

# (source, target, [(severity, source span text, target span text or None)])
CASES = [
    # number words that say one number: changed is major, rendered or idiomatic passes
    ("Погибли три человека.", "Two people died.", [("major", "три", "Two")]),
    ("Погибли три человека.", "Three people died.", []),
    ("Погибли три человека.", "3 people died.", []),
    ("Он выиграл три из пяти матчей.", "He won two of five matches.", [("major", "три", "two")]),
    ("Он выиграл три из пяти матчей.", "He won three out of five matches.", []),
    ("Прошло полтора года.", "Two years passed.", [("major", "полтора", "Two")]),
    ("Прошло полтора года.", "A year and a half passed.", []),
    ("Два года назад.", "A couple of years ago.", []),  # no other number in its place
    ("Оба кандидата пришли.", "The two candidates came.", []),  # «оба» is not an exact number word
    ("Это первый случай.", "This is the second case.", []),  # ordinals are left alone
    ("Один из трёх.", "One of the three.", []),
    # dates in every form
    ("Встреча прошла 27 февраля.", "The meeting took place on February 27.", []),
    ("Встреча прошла 27 февраля.", "The meeting took place on 27 February.", []),
    ("Встреча прошла 27-го февраля.", "The meeting took place on the 27th of February.", []),
    ("Встречи 27 февраля и 10 апреля.", "Meetings on February 27 and April 10.", []),
    ("Договор истекает 5 февраля 2026 года.", "The treaty expires on February 5, 2026.", []),
    ("Договор истекает 5 февраля 2026 г.", "The treaty expires on 5 February 2026.", []),
    ("Это было в феврале 2026 года.", "It was in February 2026.", []),
    ("С 1 по 3 марта.", "From March 1 to 3.", []),
    ("Саммит 27–28 февраля.", "The summit on February 27-28.", []),
    ("Указ от 12.02.2025.", "The decree of February 12, 2025.", []),
    ("О встрече в мае.", "About the meeting in May.", []),
    ("Встреча прошла 27 февраля.", "The meeting took place on February 26.", [("major", "27 февраля", "February 26")]),
    ("Встреча прошла 27 февраля.", "The meeting took place on March 27.", [("major", "27 февраля", "March 27")]),
    ("Встреча прошла 27 февраля.", "The meeting took place recently.", [("minor", "27 февраля", None)]),
    ("Договор истекает 5 февраля 2026 года.", "The treaty expires on February 5, 2025.",
     [("major", "5 февраля 2026 года", "February 5, 2025")]),
    # years and decades
    ("В 2020 году рост остановился.", "In 2020, growth stopped.", []),
    ("В 2020 году рост остановился.", "In 2021, growth stopped.", [("major", "2020 году", "2021")]),
    ("В 1990-х годах всё было иначе.", "In the 1990s, everything was different.", []),
    ("В 90-е годы всё было иначе.", "In the '90s, everything was different.", []),
    ("В 90-е годы всё было иначе.", "In the nineties, everything was different.", []),
    ("Сезон 2020–2021 годов.", "The 2020-21 season.", []),
    # decimals, thousands, scale words
    ("Выручка составила 2,5 млрд рублей.", "Revenue amounted to 2.5 billion rubles.", []),
    ("Выручка составила 2,5 млрд рублей.", "Revenue amounted to RUB 2.5 bn.", []),
    ("Выручка составила 2,5 млрд рублей.", "Revenue amounted to 2,500,000,000 rubles.", []),
    ("Выручка составила 2,5 млрд рублей.", "Revenue amounted to 2.5 million rubles.",
     [("major", "2,5 млрд", "2.5 million")]),
    ("Выручка составила 2,5 млрд рублей.", "Revenue amounted to 25 billion rubles.",
     [("major", "2,5 млрд", "25 billion")]),
    ("Пришли 15 000 человек.", "15,000 people came.", []),
    ("Пришли 15\u00a0000 человек.", "Fifteen thousand people came.", []),
    ("Пришли 15 тыс. человек.", "15,000 people came.", []),
    ("Пришли 15 тыс. человек.", "1,500 people came.", [("major", "15 тыс.", "1,500")]),
    ("Ущерб оценивается в 2–3 млрд долларов.", "The damage is estimated at $2-3 billion.", []),
    ("Бюджет — 1,5 трлн рублей.", "The budget is 1.5 trillion rubles.", []),
    ("Бюджет — 1,5 трлн рублей.", "The budget is one and a half trillion rubles.", []),
    # percent
    ("Инфляция составила 3,5%.", "Inflation was 3.5%.", []),
    ("Инфляция составила 3,5 процента.", "Inflation was 3.5 percent.", []),
    ("Инфляция составила 3,5%.", "Inflation was 3.5 per cent.", []),
    ("Инфляция составила 3,5%.", "Inflation was 5.3%.", [("major", "3,5%", "5.3%")]),
    # top-N, ordinals, words for digits
    ("Мы входим в топ-5 экономик.", "We are in the top 5 economies.", []),
    ("Мы входим в топ-5 экономик.", "We are among the top five economies.", []),
    ("Это 22-й раунд.", "This is the 22nd round.", []),
    ("Прошли 2 раунда.", "Two rounds took place.", []),
    ("Задержаны 5 человек.", "Five people were detained.", []),
    ("Задержаны 25 человек.", "Twenty-five people were detained.", []),
    ("Цены выросли в 2 раза.", "Prices doubled.", []),
    ("Встреча в 15:00.", "The meeting at 3 p.m.", []),
    ("Встреча в 15:00.", "The meeting at 15:00.", []),
    # numbers missing and changed
    ("Задержаны 5 человек.", "People were detained.", [("minor", "5", None)]),
    ("Задержаны 5 человек.", "7 people were detained.", [("major", "5", "7")]),
    ("Су-57 совершил полет.", "The Su-57 made a flight.", []),
    ("Су-57 совершил полет.", "The Su-35 made a flight.", [("major", "57", "35")]),
    ("Погода с 27 июля по 2 августа 2020 года.", "Weather from July 27 to August 2.",
     [("minor", "2 августа 2020 года", "August 2")]),
    # times, seasons, stages, things English writes differently
    ("В 17 часов 47 минут поступил сигнал.", "At 5:47 p.m. a signal was received.", []),
    ("В 17 часов 47 минут поступил сигнал.", "At 1747 hours a signal was received.", []),
    ("В 13:50 произошло ДТП.", "The accident happened at 13: 50.", []),
    ("В сезоне-2019/20 он провел 32 матча.", "In the 2019/2020 season he played 32 matches.", []),
    ("Ответный матч 1/8 финала.", "The second leg of the round of 16.", []),
    ("Ответный матч 1/4 финала.", "The second leg of the quarter-final.", []),
    ("Случаи COVID-19 в России.", "COVID cases in Russia.", []),
    ("Пострадала 4-летняя девочка.", "A four-year-old girl was injured.", []),
    ("Команда заняла последнее, 20-е место.", "The team finished last, 20th.", []),
    ("Республиканцы предлагают еще $1 трлн.", "Republicans propose another $1 tln.", []),
    ("Выздоровели 600,3 тысячи человек.", "600,3 thousand people recovered.", []),
    ("Выздоровели 600,3 тысячи человек.", "6003 thousand people recovered.", [("major", "600,3 тысячи", "6003 thousand")]),
    # negative cases: number words in the source are not required; nothing to check
    ("Прошли два раунда консультаций.", "Two rounds of consultations took place.", []),
    ("Прошли два раунда консультаций.", "2 rounds of consultations took place.", []),
    ("Более полугода назад.", "More than six months ago.", []),
    ("Контакты регулярные.", "The contacts are regular.", []),
    ("Итоги встреч в Стамбуле.", "The results of the meetings in Istanbul in 2025.", []),
]


def _findings(source: str, target: str, pivot: str | None = None, model: ModelScore | None = None, chrf: float | None = None):
    segment = Segment(id="s1", source=source, target=target, pivot=pivot, model=model, scores={} if chrf is None else {"chrf": chrf})
    ctx = CheckContext(settings=Settings())
    return list(numbers(segment, ctx))


@pytest.mark.parametrize(("source", "target", "expected"), CASES)
def test_numbers(source, target, expected):
    found = [
        (
            f.severity.value,
            f.source_span.text(source) if f.source_span else None,
            f.target_span.text(target) if f.target_span else None,
        )
        for f in _findings(source, target)
    ]
    assert found == expected


SUGGESTIONS = [
    ("Встреча прошла 27 февраля.", "February 27"),
    ("Договор истекает 5 февраля 2026 года.", "February 5, 2026"),
    ("Выручка составила 2,5 млрд рублей.", "2.5 billion"),
    ("Пришли 15 тыс. человек.", "15,000"),
    ("Мы входим в топ-5 экономик.", "top 5"),
    ("Это 22-й раунд.", "22nd"),
    ("В 1990-х годах.", "1990s"),
    ("Инфляция 3,5%.", "3.5%"),
    ("Инфляция 3,5 процента.", "3.5 percent"),
]


@pytest.mark.parametrize(("source", "expected"), SUGGESTIONS)
def test_suggestion_is_the_english_form(source, expected):
    (finding,) = _findings(source, "Nothing here.")
    assert [(s.text, s.origin) for s in finding.suggestions] == [(expected, "source")]


PIVOT_CASES = [
    # the pivot has no such number either: an idiomatic rendering, at most info
    ("Прошло 7 дней.", "A week passed.", "A week has passed.", "info"),
    # the pivot has the number: the target dropped it
    ("Прошло 7 дней.", "Some time passed.", "7 days passed.", "minor"),
    # the pivot agrees with the target's different number: the source is probably read wrongly
    ("Код 15.", "Code 16.", "Code 16.", "minor"),
    ("Код 15.", "Code 16.", "Code 15.", "major"),
]


@pytest.mark.parametrize(("source", "target", "pivot", "severity"), PIVOT_CASES)
def test_pivot_moderates_severity(source, target, pivot, severity):
    (finding,) = _findings(source, target, pivot=pivot)
    assert finding.severity.value == severity


def test_a_pivot_that_disagrees_with_the_whole_sentence_is_no_witness():
    source = "22 сентября президент выступил."
    target = "On September 23, the president spoke."
    # a broken model's pivot (chrF++ 5 with the target) neither vouches for nor softens anything
    (finding,) = _findings(source, target, pivot="months months months", chrf=5.0)
    assert finding.severity.value == "major"
    assert finding.target_span.text(target) == "September 23"


def test_an_alignment_that_links_no_number_falls_back_to_position():
    source = "22 сентября президент выступил."
    target = "On September 23, the president spoke."
    alignment = [(Span(0, 2), Span(20, 29))]  # «22» ↔ "president": a random model's attention
    (finding,) = _findings(source, target, model=ModelScore(logprob=-1.0, alignment=alignment))
    assert finding.severity.value == "major"
    assert finding.target_span.text(target) == "September 23"


def test_alignment_picks_the_counterpart():
    source = "Задержаны 5 человек и 3 собаки."
    target = "9 dogs and 7 people were detained."
    # without alignment the nearest number by position is taken; with it, the aligned one
    alignment = [(Span(10, 11), Span(11, 12))]  # «5» ↔ "7"
    (finding, *_) = _findings(source, target, model=ModelScore(logprob=-1.0, alignment=alignment))
    assert finding.source_span.text(source) == "5"
    assert finding.target_span.text(target) == "7"


def test_other_language_pairs_are_not_run_and_say_why():
    from qa.checks.runner import apply_checks
    from qa.records import Document

    assert numbers.unserved("ru", "en") is None
    assert numbers.unserved("de", "en") == "source language de has no quantities, english-renderings"
    assert numbers.unserved("en", "ru") == "source language en has no english-renderings; target language ru has no english"
    segment = Segment(id="s1", source="Es waren 5 Leute.", target="There were 7 people.")
    document = Document(id="d", source_path=None, target_path=None, source_lang="de", target_lang="en", segments=[segment])
    apply_checks(document, {"numbers": numbers}, CheckContext(settings=Settings(), source_lang="de"))
    assert document.findings == []
