"""Sentence splitting: the seed article's tricky sentences, then general cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.align.sentences import split_sentences

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "izvestia-ru-us-2025"

# (language, text, expected sentences)
CASES = [
    # seed article: dialogue dash opening, quotes closing a sentence with `said."`
    (
        "en",
        '— Currently, cooperation on "irritants" is proceeding through a diplomatic channel. '
        "The contacts are regular. We don't need hype here,\" the Russian Deputy Foreign Minister said.",
        [
            '— Currently, cooperation on "irritants" is proceeding through a diplomatic channel.',
            "The contacts are regular.",
            "We don't need hype here,\" the Russian Deputy Foreign Minister said.",
        ],
    ),
    # seed article: "U.S." inside a sentence, then a sentence start
    (
        "en",
        "In just one week, the settlement received a powerful impetus. The U.S. and Ukrainian delegations "
        "discussed the new peace plan in Geneva. And next week, the US President's special envoy, Steve "
        "Witkoff, will personally fly to Moscow.",
        [
            "In just one week, the settlement received a powerful impetus.",
            "The U.S. and Ukrainian delegations discussed the new peace plan in Geneva.",
            "And next week, the US President's special envoy, Steve Witkoff, will personally fly to Moscow.",
        ],
    ),
    # seed article: dash inside a sentence, quotes opening a paragraph
    (
        "en",
        '"The tangle of a huge array of "irritants" in Russian—American relations is tightly tightened, '
        'and its unraveling requires extensive and long work," says Sergei Ryabkov.',
        [
            '"The tangle of a huge array of "irritants" in Russian—American relations is tightly tightened, '
            'and its unraveling requires extensive and long work," says Sergei Ryabkov.'
        ],
    ),
    # seed article: a date with a year, then a sentence
    (
        "en",
        "Putin proposed restrictions after the expiration of the contract on February 5, 2026. However, "
        "Washington has not yet formed a final position.",
        [
            "Putin proposed restrictions after the expiration of the contract on February 5, 2026.",
            "However, Washington has not yet formed a final position.",
        ],
    ),
    # the list: initials, "Mr.", "etc.", "U.S." ending a sentence
    (
        "en",
        "On Monday V. Putin said so. Mr. Smith agreed.",
        ["On Monday V. Putin said so.", "Mr. Smith agreed."],
    ),
    (
        "en",
        "He met V. V. Putin and S. A. Ryabkov. Then he left.",
        ["He met V. V. Putin and S. A. Ryabkov.", "Then he left."],
    ),
    (
        "en",
        "Oil, gas, etc. are on the list. Steel, coal, etc. The list is long.",
        ["Oil, gas, etc. are on the list.", "Steel, coal, etc.", "The list is long."],
    ),
    ("en", "He lives in the U.S. The next day he left.", ["He lives in the U.S.", "The next day he left."]),
    ("en", "The U.S. President spoke.", ["The U.S. President spoke."]),
    (
        "en",
        "Gen. Smith met Sen. Jones in St. Petersburg. They talked.",
        ["Gen. Smith met Sen. Jones in St. Petersburg.", "They talked."],
    ),
    ("en", "It was Jan. 5 when No. 7 arrived. Fine.", ["It was Jan. 5 when No. 7 arrived.", "Fine."]),
    (
        "en",
        'He said: "Stop!" Then he left. Why? Nobody knows.',
        ['He said: "Stop!"', "Then he left.", "Why?", "Nobody knows."],
    ),
    # Russian: razdel, with quotes «», dialogue dashes and abbreviations
    (
        "ru",
        "— Контакты регулярные. Хайп нам здесь не нужен, — сказал замглавы МИД России. "
        "Заявил «Известиям» С. Рябков.",
        [
            "— Контакты регулярные.",
            "Хайп нам здесь не нужен, — сказал замглавы МИД России.",
            "Заявил «Известиям» С. Рябков.",
        ],
    ),
    (
        "ru",
        "В 2020 г. было так. А. С. Пушкин родился в 1799 г. в Москве.",
        ["В 2020 г. было так.", "А. С. Пушкин родился в 1799 г. в Москве."],
    ),
    ("ru", "Он сказал: «Нет». Т. е. всё, в т.ч. и это.", ["Он сказал: «Нет».", "Т. е. всё, в т.ч. и это."]),
    # line breaks: breadcrumbs and titles are sentences; a lower-case line goes on
    (
        "en",
        "- Articles\n- World\nConversation in fragments",
        ["- Articles", "- World", "Conversation in fragments"],
    ),
    ("en", "A hard-wrapped\nsentence goes on. Next one.", ["A hard-wrapped\nsentence goes on.", "Next one."]),
    ("en", "  One.\n\n  Two  \r\n", ["One.", "Two"]),
    ("en", "", []),
    ("en", " \n\t ", []),
]


@pytest.mark.parametrize("lang, text, expected", CASES)
def test_split_sentences(lang, text, expected):
    spans = split_sentences(text, lang)
    assert [s.text(text) for s in spans] == expected
    _assert_well_formed(text, spans)


def _assert_well_formed(text, spans):
    covered = 0
    for span in spans:
        assert covered <= span.start < span.end <= len(text)
        assert text[covered : span.start].strip() == ""
        assert span.text(text) == span.text(text).strip()
        covered = span.end
    assert text[covered:].strip() == ""


@pytest.mark.parametrize("name, lang", [("source.ru.txt", "ru"), ("target.en.txt", "en")])
def test_seed_article_splits_cleanly(name, lang):
    """Every paragraph of the seed article splits into well-formed sentences; no sentence
    starts with a lower-case letter (a sign of a wrong break)."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    spans = split_sentences(text, lang)
    _assert_well_formed(text, spans)
    assert not [s.text(text) for s in spans if s.text(text)[0].islower()]
    # a sentence never crosses a paragraph (line) boundary in the seed article
    assert all("\n" not in s.text(text) for s in spans)


# seed article sentences counts per paragraph, counted by hand for the tricky paragraphs
SEED_PARAGRAPHS = [
    # (line number in target.en.txt, 0-based; expected number of sentences)
    (0, 1),  # "- Статьи"
    (4, 6),  # the lead, ending "— in the Izvestia article."
    (7, 4),  # dialogue paragraph ending `said."`
    (24, 5),  # "The U.S. and Ukrainian delegations ..."
    (29, 1),  # the translator's footer
]


@pytest.mark.parametrize("line, count", SEED_PARAGRAPHS)
def test_seed_paragraph_counts(line, count):
    paragraph = (CORPUS / "target.en.txt").read_text(encoding="utf-8").split("\n")[line]
    assert len(split_sentences(paragraph, "en")) == count
