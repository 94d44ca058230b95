"""Word frequencies of Russian news (natasha's navec vocabulary) and the source feature built on them."""

from __future__ import annotations

import math

import pytest

from qa.lang.ru.frequency import NO_WORDS, mean_log_frequency, news_counts


def test_the_counts_are_navecs_news_vocabulary():
    counts = news_counts()
    assert len(counts) > 200_000
    assert counts["россии"] > counts["переговоры"] > counts["выхухоль"] > 0
    assert "Россия" not in counts  # lower-cased forms only


def test_mean_log_frequency_averages_the_words_of_a_text():
    counts = news_counts()
    expected = (math.log10(1 + counts["президент"]) + math.log10(1 + counts["заявил"])) / 2
    assert mean_log_frequency("Президент заявил.") == pytest.approx(expected)
    # case and hyphenated words: one word each, looked up in lower case
    assert mean_log_frequency("ПРЕЗИДЕНТ") == pytest.approx(math.log10(1 + counts["президент"]))
    assert mean_log_frequency("Сергей Лавров заявил") > mean_log_frequency("Выхухоль квазибырлыщик заявил")


def test_a_text_without_russian_words_gets_the_neutral_value():
    assert mean_log_frequency("NATO, 2021!") == NO_WORDS
    assert mean_log_frequency("") == NO_WORDS
