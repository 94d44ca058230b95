"""The figurative check: a quoted source word rendered by its literal dictionary equivalent.

Rows: (source, target, pivot, expected findings as (severity, source words, target words, first suggestion)).
The dictionary is mtqa's own list (qa/data/dictionary-ru-en.tsv); the check never uses FreeDict's
general senses, so the rows do not depend on what the machine has installed.
"""

from __future__ import annotations

import pytest

from qa.checks.base import CheckContext
from qa.checks.figurative import figurative, quoted_spans
from qa.records import Segment
from qa.terms.dictionary import load_dictionary
from qa.terms.glossary import load_glossaries

GLOSSARY = "\n".join(
    [
        "source\tapproved\tforbidden\tnote\tkind\tseverity",
        "кнут и пряник\tcarrot and stick\t\tidiom for rewards and punishments\tidiom\tmajor",
        "раздражитель\tsticking point\tirritant\tdiplomatic jargon\tjargon\tmajor",
        "ледниковый период\tdeep freeze|ice age\t\t\tidiom\tminor",
    ]
)

CASES = [
    # a quoted figurative word, rendered literally: minor, for review
    ("Это очередная «утка».", "This is another duck.", None, [("minor", "утка", "duck", None)]),
    # inflected quote, plural rendering
    ("Ведь именно «слоны» так считают.", 'It is the "elephants" who think so.', None, [("minor", "слоны", "elephants", None)]),
    # the pivot's rendering of the same quotation is the suggestion
    (
        "Это очередная «утка».",
        'This is another "duck".',
        'This is another "canard".',
        [("minor", "утка", "duck", "canard")],
    ),
    # a non-literal rendering: nothing
    ("Это очередная «утка».", 'This is another "canard".', None, []),
    # not in quotation marks: a literal use, nothing
    ("В пруду плавает утка.", "A duck swims in the pond.", None, []),
    # names in quotation marks have no dictionary entry: nothing
    ("Об этом сообщили «Известиям».", "Izvestia was told about it.", None, []),
    # a long quotation is a citation, not a figurative word
    ("Он сказал: «утка плавает в пруду каждый день».", 'He said: "a duck swims in the pond every day".', None, []),
    # other quotation marks
    ("Это „утка“.", "It is a duck.", None, [("minor", "утка", "duck", None)]),
    # the glossary approves the literal rendering: the glossary rules
    ("После «ледникового периода» отношения теплеют.", 'After the "ice age" relations are warming.', None, []),
    # the glossary forbids it: term-forbidden reports it, not this check
    ("Работа по «раздражителям» идёт.", 'Work on "irritants" is under way.', None, []),
    # the glossary has the idiom without forbidden renderings: its severity and its rendering
    (
        "Это метод «кнута и пряника».",
        'This is the "whip and gingerbread" method.',
        None,
        [("major", "кнута и пряника", "whip and gingerbread", "carrot and stick")],
    ),
    # two quotations, two findings
    (
        "«Слоны» и «ослы» спорят.",
        '"Elephants" and "donkeys" argue.',
        None,
        [("minor", "Слоны", "Elephants", None), ("minor", "ослы", "donkeys", None)],
    ),
]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    path = tmp_path_factory.mktemp("glossary") / "g.tsv"
    path.write_text(GLOSSARY + "\n", encoding="utf-8")
    context = CheckContext(settings=None, glossary=load_glossaries([path], builtin=False))
    return context


@pytest.mark.parametrize("source, target, pivot, expected", CASES, ids=[f"{n}:{c[1][:25]}" for n, c in enumerate(CASES)])
def test_figurative(source, target, pivot, expected, ctx):
    segment = Segment(id="1", source=source, target=target, pivot=pivot)
    got = [
        (
            f.severity.value,
            f.source_span.text(source),
            f.target_span.text(target),
            f.suggestions[0].text if f.suggestions else None,
        )
        for f in figurative(segment, ctx)
    ]
    assert got == expected


def test_quoted_spans_point_inside_the_marks():
    text = 'Он назвал их «слонами», а те — "ослами" и „утками“.'
    assert [s.text(text) for s in quoted_spans(text)] == ["слонами", "ослами", "утками"]


def test_missing_freedict_is_noted(tmp_path):
    dictionary = load_dictionary(freedict=tmp_path / "absent.dict.dz")
    assert dictionary.notes and "dict-freedict-eng-rus" in dictionary.notes[0]
    assert dictionary.entries  # the shipped list is still there


def test_freedict_database_is_reversed(tmp_path):
    import gzip

    path = tmp_path / "freedict-eng-rus.dict.dz"
    path.write_bytes(gzip.compress("ABC /eibiːsiː/\nазбука, алфавит\nlease /liːs/\n1. арендовать\n2. арендный договор\n".encode()))
    dictionary = load_dictionary(shipped=None, freedict=path)
    assert dictionary.general == {"азбука": ["ABC"], "алфавит": ["ABC"], "арендовать": ["lease"], "арендный договор": ["lease"]}
    from qa.lang import get_language

    assert dictionary.equivalents("алфавита", get_language("ru").morphology) == ["ABC"]
    assert dictionary.equivalents("алфавита", get_language("ru").morphology, general=False) == []
