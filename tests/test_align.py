"""Sentence alignment: hand-made tables with merges, splits, drops and additions,
with synthetic pivots and without (lengths and anchors: numbers, names, punctuation,
cognates), a drop that only cognates find, then the seed article's footer, with
anchors and with lengths alone."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from qa.align.links import LENGTH_COSTS, Link, align, pivots_informative
from qa.align.sentences import split_sentences
from qa.align.similarity import source_cognates, target_cognates

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "izvestia-ru-us-2025"

SOURCE = [
    "Переговоры между Россией и США продолжаются, заявил замминистра иностранных дел Сергей Рябков.",
    "Контакты регулярные.",
    "Два раунда консультаций прошли в Стамбуле 27 февраля и 10 апреля, однако о новой встрече ничего не слышно.",
    "Это обычная дипломатическая практика.",
    "Россияне по-прежнему могут подать документы на визы только в Астане и Варшаве.",
    "Хайп нам здесь не нужен, — сказал дипломат.",
]
SOURCE_PARAGRAPHS = [0, 0, 1, 1, 1, 2]
# synthetic retranslations: worded differently from the targets, as a second MT system would
PIVOTS = [
    "Negotiations between Russia and the USA are continuing, said Deputy Foreign Minister Sergei Ryabkov.",
    "Contacts are regular.",
    "Two rounds of consultations were held in Istanbul on February 27 and April 10, but nothing is heard "
    "about a new meeting.",
    "This is ordinary diplomatic practice.",
    "Russians can still submit visa documents only in Astana and Warsaw.",
    "We do not need hype here, the diplomat said.",
]
T0 = "Talks between Russia and the United States are ongoing, Deputy Foreign Minister Sergei Ryabkov said."
T1 = "The contacts are regular."
T2 = (
    "Two rounds of consultations took place in Istanbul on February 27 and April 10, but nothing has been "
    "heard about a new meeting."
)
T2A = "Two rounds of consultations took place in Istanbul on February 27 and April 10."
T2B = "However, nothing has been heard about a new meeting since then."
T3 = "This is a common diplomatic practice."
T4 = "Russians can still apply for visas only in Astana and Warsaw."
T34 = (
    "This is a common diplomatic practice, and Russians can still apply for visas only in Astana and Warsaw."
)
T5 = "We don't need hype here, the diplomat said."
EXTRA = "The weather in the capital was unusually warm for the season."
FOOTER = "Translated by the Yandex Translator service"


def links(*pairs):
    return [Link(tuple(s), tuple(t)) for s, t in pairs]


# (name, target sentences, target paragraphs, expected links, expected without pivots where it differs)
# Without pivots a substitution (a sentence dropped and another added in its place) is not seen.
CASES = [
    (
        "all 1:1",
        [T0, T1, T2, T3, T4, T5],
        [0, 0, 1, 1, 1, 2],
        links(([0], [0]), ([1], [1]), ([2], [2]), ([3], [3]), ([4], [4]), ([5], [5])),
        None,
    ),
    (
        "1:2 split",
        [T0, T1, T2A, T2B, T3, T4, T5],
        [0, 0, 1, 1, 1, 1, 2],
        links(([0], [0]), ([1], [1]), ([2], [2, 3]), ([3], [4]), ([4], [5]), ([5], [6])),
        None,
    ),
    (
        "2:1 merge",
        [T0, T1, T2, T34, T5],
        [0, 0, 1, 1, 2],
        links(([0], [0]), ([1], [1]), ([2], [2]), ([3, 4], [3]), ([5], [4])),
        None,
    ),
    (
        "1:0 dropped",
        [T0, T1, T2, T3, T5],
        [0, 0, 1, 1, 2],
        links(([0], [0]), ([1], [1]), ([2], [2]), ([3], [3]), ([4], []), ([5], [4])),
        None,
    ),
    (
        "0:1 added",
        [T0, T1, EXTRA, T2, T3, T4, T5],
        [0, 0, 0, 1, 1, 1, 2],
        links(([0], [0]), ([1], [1]), ([], [2]), ([2], [3]), ([3], [4]), ([4], [5]), ([5], [6])),
        None,
    ),
    (
        "0:1 footer paragraph",
        [T0, T1, T2, T3, T4, T5, FOOTER],
        [0, 0, 1, 1, 1, 2, 3],
        links(([0], [0]), ([1], [1]), ([2], [2]), ([3], [3]), ([4], [4]), ([5], [5]), ([], [6])),
        None,
    ),
    (
        "substitution, split and drop together",
        [T0, EXTRA, T2A, T2B, T3, T5],
        [0, 0, 1, 1, 1, 2],
        links(([0], [0]), ([1], []), ([], [1]), ([2], [2, 3]), ([3], [4]), ([4], []), ([5], [5])),
        links(([0], [0]), ([1], [1]), ([2], [2, 3]), ([3], [4]), ([4], []), ([5], [5])),
    ),
]
IDS = [case[0] for case in CASES]


def _check_cover(result, n, m):
    assert [i for link in result for i in link.source] == list(range(n))
    assert [j for link in result for j in link.target] == list(range(m))
    assert all(link.source or link.target for link in result)


@pytest.mark.parametrize("name, target, target_paragraphs, expected, by_lengths", CASES, ids=IDS)
def test_align_with_pivots(name, target, target_paragraphs, expected, by_lengths):
    result = align(SOURCE, target, PIVOTS)
    _check_cover(result, len(SOURCE), len(target))
    assert result == expected


@pytest.mark.parametrize("name, target, target_paragraphs, expected, by_lengths", CASES, ids=IDS)
def test_align_with_pivots_and_paragraphs(name, target, target_paragraphs, expected, by_lengths):
    result = align(
        SOURCE, target, PIVOTS, source_paragraphs=SOURCE_PARAGRAPHS, target_paragraphs=target_paragraphs
    )
    assert result == expected


@pytest.mark.parametrize("name, target, target_paragraphs, expected, by_lengths", CASES, ids=IDS)
def test_align_without_pivots(name, target, target_paragraphs, expected, by_lengths):
    result = align(SOURCE, target, source_paragraphs=SOURCE_PARAGRAPHS, target_paragraphs=target_paragraphs)
    _check_cover(result, len(SOURCE), len(target))
    assert result == (by_lengths or expected)


def test_some_pivots_unknown():
    pivots = list(PIVOTS)
    pivots[1] = None
    pivots[4] = None
    target = [T0, T1, T2A, T2B, T3, T4, T5]
    assert align(SOURCE, target, pivots) == CASES[1][3]


# A dropped sentence that lengths cannot place: the second source sentence is the one missing, but its
# length suits the second target better than the third source sentence's does, and there are no
# names or numbers. Its cognates (экономических: economy) sit in another target sentence, and the
# third's (дискуссия: discussion) in the second target sentence.
DROP_SOURCE = [
    "Президент подписал закон о цифровой экономике.",
    "Министр представил парламенту программу экономических реформ.",
    "Дискуссия в комитете продолжалась долго.",
    "Оппозиция критикует проект.",
]
DROP_TARGET = [
    "The president signed the law on the digital economy.",
    "The discussion in the committee went on for a long time.",
    "The opposition criticizes the project.",
]
DROP_LINKS = links(([0], [0]), ([1], []), ([2], [1]), ([3], [2]))
NO_COGNATES = replace(LENGTH_COSTS, cognate_reward=0.0, cognate_miss=0.0)

# (name, align's keyword arguments, whether the drop is found)
DROP_SETTINGS = [
    ("lengths, anchors and cognates", {}, True),
    ("lengths and anchors, no cognates", {"costs": NO_COGNATES}, False),
    ("lengths alone", {"anchors": False}, False),
]


@pytest.mark.parametrize("name, kwargs, found", DROP_SETTINGS, ids=[row[0] for row in DROP_SETTINGS])
def test_cognates_place_a_dropped_sentence(name, kwargs, found):
    result = align(DROP_SOURCE, DROP_TARGET, **kwargs)
    _check_cover(result, len(DROP_SOURCE), len(DROP_TARGET))
    assert (result == DROP_LINKS) is found


# (source word, target word, whether they share a cognate key)
COGNATE_KEYS = [
    ("президента", "president", True),
    ("министр", "minister", True),
    ("дискуссия", "discussion", True),
    ("экономике", "economy", True),
    ("Рябков", "Ryabkov", True),
    ("Вашингтон", "Washington", True),
    ("2025", "2025", True),
    ("переговоры", "talks", False),
    ("и", "and", False),
]


@pytest.mark.parametrize("source, target, shared", COGNATE_KEYS)
def test_cognate_keys(source, target, shared):
    assert bool(set(source_cognates(source)) & set(target_cognates(target))) is shared


KINDS = [
    (Link((0,), (0,)), "1:1"),
    (Link((0,), (0, 1)), "1:2"),
    (Link((0, 1), (0,)), "2:1"),
    (Link((0,), ()), "1:0"),
    (Link((), (0,)), "0:1"),
]


@pytest.mark.parametrize("link, kind", KINDS)
def test_link_kind(link, kind):
    assert link.kind == kind


EDGE_CASES = [
    # (source, target, expected)
    ([], [], []),
    (["Один."], [], links(([0], []))),
    ([], ["One.", "Two."], links(([], [0]), ([], [1]))),
    (["Один."], ["One."], links(([0], [0]))),
]


@pytest.mark.parametrize("source, target, expected", EDGE_CASES)
def test_edge_cases(source, target, expected):
    assert align(source, target) == expected
    assert align(source, target, [None] * len(source)) == expected


BAD_ARGUMENTS = [
    dict(pivots=["a"]),
    dict(source_paragraphs=[0]),
    dict(target_paragraphs=[0, 0, 0]),
]


@pytest.mark.parametrize("kwargs", BAD_ARGUMENTS)
def test_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        align(["Один.", "Два."], ["One.", "Two."], **kwargs)


# (seed, source size, target size, band): random texts, big and lopsided; only the cover is checked
RANDOM_SHAPES = [(1, 40, 40, None), (2, 30, 60, None), (3, 60, 25, 2), (4, 300, 280, 3), (5, 5, 1, None)]


@pytest.mark.parametrize("seed, n, m, band", RANDOM_SHAPES)
def test_cover_on_random_documents(seed, n, m, band):
    rng = random.Random(seed)
    words = "alpha beta gamma delta omega sigma theta kappa".split()

    def sentence():
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, 30))) + "."

    source = [sentence() for _ in range(n)]
    target = [sentence() for _ in range(m)]
    pivots = [sentence() if k % 3 else None for k in range(n)]
    for p in (None, pivots):
        _check_cover(align(source, target, p, band=band), n, m)


def _seed_sentences(name, lang):
    sentences, paragraphs = [], []
    for number, line in enumerate((CORPUS / name).read_text(encoding="utf-8").split("\n")):
        for span in split_sentences(line, lang):
            sentences.append(span.text(line))
            paragraphs.append(number)
    return sentences, paragraphs


@pytest.mark.parametrize("anchors", [True, False], ids=["lengths and anchors", "lengths alone"])
def test_seed_footer_is_an_addition_without_pivots(anchors):
    source, source_paragraphs = _seed_sentences("source.ru.txt", "ru")
    target, target_paragraphs = _seed_sentences("target.en.txt", "en")
    assert target[-1] == "Переведено сервисом «Яндекс Переводчик»"
    result = align(
        source,
        target,
        source_paragraphs=source_paragraphs,
        target_paragraphs=target_paragraphs,
        anchors=anchors,
    )
    _check_cover(result, len(source), len(target))
    assert result[-1] == Link((), (len(target) - 1,))
    assert [link for link in result if not link.source] == [result[-1]]
    assert not [link for link in result if not link.target]


def test_seed_drops_without_pivots():
    """Each sentence of the seed article's target dropped in turn (footer left out): the drop comes
    out as the only change, within a sentence of its place, and exactly there for nearly all (67 of
    70 when written; without cognates 54)."""
    source, source_paragraphs = _seed_sentences("source.ru.txt", "ru")
    target, target_paragraphs = _seed_sentences("target.en.txt", "en")
    target, target_paragraphs = target[:-1], target_paragraphs[:-1]
    exact = 0
    for k in range(len(target)):
        result = align(
            source,
            target[:k] + target[k + 1 :],
            source_paragraphs=source_paragraphs,
            target_paragraphs=target_paragraphs[:k] + target_paragraphs[k + 1 :],
        )
        dropped = [link for link in result if not link.target]
        assert [link.kind for link in result].count("1:1") == len(source) - 1
        assert len(dropped) == 1 and abs(dropped[0].source[0] - k) <= 1
        exact += dropped[0].source == (k,)
    assert exact >= 65


def test_pivots_that_share_nothing_with_the_target_are_set_aside():
    """A broken model's pivots (the tiny test model repeats one word) must not break the alignment."""
    source = ["Первое предложение о погоде.", "Второе предложение, подлиннее, о политике и экономике.", "Третье."]
    target = ["The first sentence is about the weather.", "The second, longer sentence is about politics and the economy.", "The third."]
    garbage = ["months months months", "months months months months months months", ""]
    assert not pivots_informative(garbage, target)
    assert pivots_informative(["The first sentence on weather.", "The second, longer one on politics and economy.", "Third."], target)
    links = align(source, target, garbage)
    assert [(link.source, link.target) for link in links] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_sparse_rows_compute_what_dense_matrices_do():
    """The aligner's sparse rows (n-gram vectors, cognate presence) against the dense numpy
    computations they replace, on random matrices with empty rows."""
    import numpy as np

    from qa.align.sparse import SparseRows

    rng = np.random.default_rng(14)
    dense = rng.random((9, 13)).astype(np.float32) * (rng.random((9, 13)) < 0.3)
    dense[4] = 0.0  # an empty row
    keys = np.flatnonzero(dense.ravel())
    rows = SparseRows(9, 13, keys, dense.ravel()[keys])
    vector = rng.random(13).astype(np.float32)
    assert np.allclose(rows.dots(vector), dense @ vector)
    assert np.allclose(rows.dots(vector, 2, 7), (dense @ vector)[2:7])
    assert np.allclose(rows.squares(), (dense.astype(float) ** 2).sum(axis=1))
    assert np.allclose(rows.next_dots(), (dense[:-1].astype(float) * dense[1:]).sum(axis=1))
    weights = rng.random(9)
    assert np.allclose(rows.column_sums(weights), (dense * weights[:, None]).sum(axis=0))
    assert np.array_equal(rows.dense(3), dense[3]) and np.array_equal(rows.part(2, 6).dense(1), dense[3])
    presence = (dense > 0).astype(np.float32)
    keys = np.flatnonzero(presence.ravel())
    pairs = SparseRows(9, 13, keys, presence.ravel()[keys]).with_next()
    assert np.array_equal(np.stack([pairs.dense(i) for i in range(8)]), np.maximum(presence[:-1], presence[1:]))
