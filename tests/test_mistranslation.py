"""Word links and the mistranslation check: (source, target, pivots, expected [(severity, source word, target words)])."""

from __future__ import annotations

import pytest

from qa.align.lexicon import load_lexicon, stem
from qa.align.words import link_words
from qa.checks.base import CheckContext
from qa.checks.mistranslation import mistranslation
from qa.checks.omitted import omitted_words
from qa.lang.en.wordnet import wordnet
from qa.records import Segment, Severity
from qa.settings import Settings

needs_wordnet = pytest.mark.skipif(wordnet() is None, reason="WordNet (Debian's wordnet-base) is not installed")

CASES = [
    # a name translated word by word where the pivot spells it (through the lemma: «Орле» → орел → Orel)
    ("Матч прошёл в Орле в субботу.", "The match took place in Eagle on Saturday.",
     ["The match took place in Orel on Saturday."], [("major", "Орле", "Eagle")]),
    # the other way round: the target spells the name, the pivot translated it
    ("Матч прошёл в Орле в субботу.", "The match took place in Orel on Saturday.",
     ["The match took place in Eagle on Saturday."], []),
    # a person changed into another person
    ("Министр Лазарев посетил завод.", "Minister Lavrov visited the plant.",
     ["Minister Lazarev visited the plant."], [("major", "Лазарев", "Lavrov")]),
    # another spelling of the same name: the names check's business, not a mistranslation
    ("Губернатор Евменов посетил завод.", "Governor Evmenov visited the plant.",
     ["Governor Yevmenov visited the plant."], []),
    # a name misspelt (a letter lost) where the pivot spells it right
    ("Актер Сергей Жуков выложил фото.", "Actor Sergei hukov posted a photo.", ["Actor Sergei Zhukov posted a photo."],
     [("minor", "Жуков", "hukov")]),
    # a case ending kept is missed where pymorphy3 guesses that form as a lemma too («Фургала»)
    ("Он член партии и однопартиец Фургала.", "He is a party member and a fellow member of Furgala.",
     ["He is a party member and a fellow member of Furgal."], []),
    # ... but not a standard spelling, the name's own spelling, or i for y
    ("Полузащитник Крыховяк забил.", "Midfielder Krychowiak scored.", ["Midfielder Krykhovyak scored."], []),
    ("Корабль Стойкий вышел в море.", "The ship Stoiky went to sea.", ["The ship Stoyky went to sea."], []),
    ("Царь Петр основал город.", "Tsar Pyotr founded the city.", ["Tsar Petr founded the city."], [("info", "Петр", "Pyotr")]),
    # synonyms and other renderings a pivot may choose
    ("Это большой дом.", "This is a big house.", ["This is a large house."], []),
    ("Он купил новую машину.", "He bought a new car.", ["He bought a new automobile."], []),
    ("Врач осмотрел больного.", "The doctor examined the patient.", ["The physician examined the sick man."], []),
    # a known translation against one pivot's other choice: a second opinion (info), not an error
    ("Полиция задержала подозреваемого.", "Police apprehended the suspect.", ["Police detained the suspect."],
     [("info", "задержала", "apprehended")]),
    # no pivot: nothing to compare with
    ("Цены на нефть выросли.", "Oil prices rose.", [], []),
    # a target word whose WordNet antonym the pivot has in its place, the lexicon siding with the pivot
    ("Синоптики ожидают сильный дождь.", "Forecasters expect light rain.", ["Forecasters expect heavy rain."],
     [("major", "сильный", "light")]),
    ("Команда выиграла матч.", "The team lost the match.", ["The team won the match."], [("major", "выиграла", "lost")]),
    ("Он занял первое место.", "He took the last place.", ["He took first place."], [("major", "первое", "last")]),
    ("За минувшие сутки выявили 200 случаев.", "Over the past night, 200 cases were detected.",
     ["Over the past day, 200 cases were detected."], [("major", "сутки", "night")]),
    # a word the lexicon does not weigh («других»): the pivot's antonym in the same frame of words; not in another frame
    ("Конфликт между Катаром и другими государствами.", "The conflict between Qatar and same states.",
     ["The conflict between Qatar and other states."], [("major", "другими", "same")]),
    ("Конфликт между Катаром и другими государствами.", "The same conflict between Qatar and states.",
     ["The conflict between Qatar and other states."], []),
    # ... not where the lexicon sides with the target («сутки» is a day), a negator paraphrases the
    # antonym ("not legal"), or the target has a synonym or a derived form of the pivot's word
    ("За минувшие сутки выявили 200 случаев.", "Over the past day, 200 cases were detected.",
     ["Over the past night, 200 cases were detected."], [("info", "сутки", "day")]),
    ("Суд признал сделку незаконной.", "The court found the deal not legal.", ["The court found the deal illegal."], []),
    ("Июль уйдет с жарой, август начнется с прохлады.", "July will end hot, August will start cool.",
     ["July will leave with heat, August will begin with coolness."], []),
    # a rare word (a term, slang) whose rendering nothing vouches for is minor; a common one stays info
    ("Мужчина был в глубоком запое.", "The man was in deep constipation.", ["The man was in deep drunkenness."],
     [("minor", "запое", "constipation")]),
    ("Отношения между странами ухудшились.", "Terms between the countries worsened.",
     ["Relations between the countries worsened."], [("info", "Отношения", "Terms")]),
    # an acronym expanded or kept is not compared word by word
    ("Визит в ОАЭ состоялся.", "The visit to the Emirates took place.", ["The visit to the UAE took place."], []),
]


@needs_wordnet
@pytest.mark.parametrize("source, target, pivots, expected", CASES)
def test_mistranslation(source, target, pivots, expected):
    segment = Segment(id="1", source=source, target=target, pivot=pivots[0] if pivots else None, other_pivots=pivots[1:])
    found = [(f.severity.value, f.source_span.text(source), f.target_span.text(target)) for f in
             mistranslation(segment, CheckContext(settings=Settings()))]
    assert found == expected
    for f in mistranslation(segment, CheckContext(settings=Settings())):
        assert f.suggestions and f.suggestions[0].origin == "pivot"


def test_a_finding_names_the_pivots_that_disagree_and_suggests_their_word():
    segment = Segment(id="1", source="Министр Лазарев посетил завод.", target="Minister Lavrov visited the plant.",
                      pivot="Minister Lazarev visited the plant.", other_pivots=["Minister Lazarev came to the plant."])
    (finding,) = mistranslation(segment, CheckContext(settings=Settings()))
    assert finding.severity is Severity.MAJOR
    assert "2 of 2 retranslations" in finding.message and finding.suggestions[0].text == "Lazarev"


def test_word_links_are_deterministic_and_link_what_the_cues_know():
    source, target = "Рябков заявил , что 25 кораблей прибыли в порт".split(), "Ryabkov said that 25 ships arrived in port".split()
    links = link_words(source, target)
    assert links == link_words(source, target)  # the same text always gets the same links
    pairs = {(source[i], target[j]) for i, j in links.pairs}
    assert {("Рябков", "Ryabkov"), ("25", "25"), ("кораблей", "ships"), ("порт", "port")} <= pairs
    assert link_words([], target).pairs == () and link_words(source, []).pairs == ()


def test_the_shipped_lexicon_knows_common_words_by_stem():
    lexicon = load_lexicon()
    assert len(lexicon) > 10_000
    assert lexicon.count(stem("дома"), stem("house")) > 0 and lexicon.strength(stem("дом"), stem("house")) > 0.05
    assert lexicon.count(stem("дом"), stem("banana")) == 0


@needs_wordnet
def test_wordnet_synonyms_relatives_and_antonyms():
    wn = wordnet()
    assert "big" in wn.synonyms("large")
    assert "necessary" in wn.related("needed")  # one relation away (similar to)
    assert "decrease" in wn.antonyms("increase") and "small" in wn.antonyms("large")
    assert "hot" in wn.related("heat", frozenset({"+"})) and "ample" in wn.related("large") and "ample" not in wn.related("large", frozenset({"+"}))
    assert wn.synonyms("qwertyuiop") == {"qwertyuiop"}


def test_two_pivot_files_give_each_segment_two_retranslations(tmp_path):
    import qa

    src = tmp_path / "a.ru.txt"
    tgt = tmp_path / "a.en.txt"
    src.write_text("Министр Лазарев посетил завод.\n", encoding="utf-8")
    tgt.write_text("Minister Lavrov visited the plant.\n", encoding="utf-8")
    one, two = tmp_path / "p1.txt", tmp_path / "p2.txt"
    one.write_text("Minister Lazarev visited the plant.\n", encoding="utf-8")
    two.write_text("Minister Lazarev came to the factory.\n", encoding="utf-8")
    settings = qa.Settings(engine="file", pivot_files=[str(one), str(two)], use_cache=False)
    report = qa.run([(str(src), str(tgt))], settings)
    (segment,) = report.documents[0].segments
    assert segment.pivots == ["Minister Lazarev visited the plant.", "Minister Lazarev came to the factory."]
    assert report.signature["other_pivots"][0]["pivot_file"] == "p2.txt"
    single = qa.run([(str(src), str(tgt))], settings.replace(pivot_files=[str(one)]))
    assert single.documents[0].segments[0].scores["chrf"] != segment.scores["chrf"]  # the mean over both pivots
    assert any(f.check == "mistranslation" and "2 of 2" in f.message for f in report.findings)


OMITTED = [
    # neighbouring source words the target renders nowhere and the pivot does: one finding each
    ("Вчера в центре города полиция задержала двух подозреваемых в краже машины.", "Yesterday police detained two suspects.",
     ["Yesterday in the city center police detained two suspects in the theft of a car."],
     [("центре города", "city center"), ("краже машины", "theft of a car")]),
    ("Непосредственный запуск ракеты планируется на 30 июля.", "The launch is scheduled for July 30.",
     ["The immediate launch of the rocket is scheduled for July 30."], [("Непосредственный запуск ракеты", "immediate launch of the rocket")]),
    # one word lost, an idiom the pivot renders by one word, numbers, a pivot that drops them too, no pivot
    ("Вчера в центре полиция задержала двух подозреваемых.", "Yesterday police detained two suspects.",
     ["Yesterday in the center police detained two suspects."], []),
    ("По количеству заражений лидируют США; потом идут Бразилия и Индия.", "The US leads in the number of infections; then Brazil and India.",
     ["The United States leads in the number of infections; followed by Brazil and India."], []),
    ("В 17 часов 47 минут поступило сообщение о пожаре.", "At 5:47 p.m. a fire was reported.", ["At 1747 hours a message was received about a fire."], []),
    ("Вчера в центре города полиция задержала двух подозреваемых в краже машины.", "Yesterday police detained two suspects.",
     ["Yesterday in the city center police detained two suspects in the theft of a car.", "Yesterday police detained two suspects."], []),
    ("Вчера в центре города полиция задержала двух подозреваемых в краже машины.", "Yesterday police detained two suspects.", [], []),
]


@needs_wordnet
@pytest.mark.parametrize("source, target, pivots, expected", OMITTED)
def test_omitted_words(source, target, pivots, expected):
    segment = Segment(id="1", source=source, target=target, pivot=pivots[0] if pivots else None, other_pivots=pivots[1:])
    ctx = CheckContext(settings=Settings())
    found = list(omitted_words(segment, ctx))
    assert [(f.source_span.text(source), f.suggestions[0].text) for f in found] == expected
    assert all(f.target_span is None and f.severity.value == "minor" and f.suggestions[0].origin == "pivot" for f in found)
    # the links are built once for both checks of the module, and dropped by the second
    list(mistranslation(segment, ctx))
    assert list(omitted_words(segment, ctx)) == found
