"""What a cold check does once a run: pymorphy3 parses each word once, WordNet answers each lemma
once (and finds it in its index without reading the index whole). The answers are those of the
work done every time."""

from __future__ import annotations

import pytest

WORDS = ["стали", "России", "Рябков", "сутки", "𘀀𘀁", "Не", "контакты", "стали"]


def test_each_word_is_parsed_once_and_every_caller_gets_the_parses_of_its_own():
    import pymorphy3

    from qa.lang.ru.morphology import AnyTextAnalyzer

    analyzer = pymorphy3.MorphAnalyzer(lang="ru")
    calls = []

    class Counting:
        def __getattr__(self, name):
            return getattr(analyzer, name)

        def parse(self, word):
            calls.append(word)
            return analyzer.parse(word)

    memo, plain = AnyTextAnalyzer(Counting()), AnyTextAnalyzer(analyzer)
    for word in WORDS:
        assert memo.parse(word) == plain.parse(word)
        assert memo.parse(word) == plain.parse(word)
    assert calls == list(dict.fromkeys(WORDS))
    mine = memo.parse("стали")
    mine.clear()  # a caller's list is its own
    assert memo.parse("стали") == plain.parse("стали") != []


def test_the_parses_held_are_bounded(monkeypatch):
    import qa.lang.ru.morphology as morphology

    monkeypatch.setattr(morphology, "PARSES_HELD", 3)
    analyzer = morphology.russian_analyzer()
    for word in WORDS:
        analyzer.parse(word)
    assert len(analyzer._parses) <= 3
    assert analyzer.parse("сутки") == analyzer._analyzer.parse("сутки")


@pytest.fixture(scope="module")
def installed_wordnet():
    from qa.lang.en.wordnet import wordnet

    found = wordnet()
    if found is None:
        pytest.skip("no WordNet installed (wordnet-base)")
    return found


def test_every_lemma_of_the_index_is_found_by_binary_search_with_its_synsets(installed_wordnet):
    from qa.lang.en.wordnet import POS, WordNet

    fresh, lemmas = WordNet(installed_wordnet.root), 0
    for pos in POS:
        with open(installed_wordnet.root / f"index.{pos}", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(" "):
                    continue  # the licence header
                fields = line.split()
                n_synsets, n_pointers = int(fields[2]), int(fields[3])
                expected = tuple(int(o) for o in fields[6 + n_pointers : 6 + n_pointers + n_synsets])
                assert fresh._lemma_offsets(pos, fields[0]) == expected, (pos, fields[0])
                lemmas += 1
    assert lemmas > 100_000
    for absent in ["", "zzzzz", "~", "'", "a_b_c_d"]:
        assert all(fresh._lemma_offsets(pos, absent) == () for pos in POS)


@pytest.mark.parametrize("lemma,antonym,synonym", [("large", "small", "big"), ("win", "lose", "gain"), ("heavy", "light", "big")])
def test_wordnet_answers_each_lemma_once(installed_wordnet, monkeypatch, lemma, antonym, synonym):
    from qa.lang.en.wordnet import WordNet

    fresh = WordNet(installed_wordnet.root)
    assert antonym in fresh.antonyms(lemma) and synonym in fresh.related(lemma)
    monkeypatch.setattr(fresh, "_synset", lambda *a: pytest.fail("asked WordNet again"))
    assert antonym in fresh.antonyms(lemma) and synonym in fresh.related(lemma)


def test_english_words_are_looked_up_once(monkeypatch):
    import simplemma

    from qa.lang import get_language
    from qa.lang.en import _is_known

    _is_known.cache_clear()
    english, asked = get_language("en"), []
    real = simplemma.is_known
    monkeypatch.setattr(simplemma, "is_known", lambda word, lang: asked.append(word) or real(word, lang=lang))
    assert [english.is_word(w) for w in ["house", "gorsovet", "house", "gorsovet"]] == [True, False, True, False]
    assert asked == ["house", "gorsovet"]
