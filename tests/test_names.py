"""The names check: rows of (source, target, pivot, expected findings as (severity, source text, target text)).

natasha's NER model and pymorphy3's dictionary ship inside their packages; no
network and no MT model is needed.
"""

from __future__ import annotations

import pytest

from qa.checks.base import CheckContext
from qa.checks.names import MATCH, _name, names
from qa.lang.ru.names import Name, best_match, latin_words, similarity, transliterations
from qa.records import Document, Segment, Span
from qa.settings import Settings

# (source, target, pivot or None, [(severity, source span text, target span text or None)]); a missing name
# points at the target words that stand where it belongs (from the word links), None where there are none
CASES = [
    # persons present in another transliteration
    ("Замминистра Сергей Рябков заявил об этом.", "Deputy Minister Sergei Ryabkov said so.", None, []),
    ("Замминистра Сергей Рябков заявил об этом.", "Deputy Minister Sergey Riabkov said so.", None, []),
    ("Об этом заявил Стив Уиткофф.", "This was stated by Steve Witkoff.", None, []),
    ("Так считает Георгий Асатрян.", "Georgy Asatryan believes so.", None, []),
    ("Так считает Георгий Асатрян.", "Georgiy Asatrian believes so.", None, []),
    ("По словам Александра Дарчиева, переговоры идут.", "According to Alexander Darchiev, talks continue.", None, []),
    ("По словам Александра Дарчиева, переговоры идут.", "According to Alexander Darchiyev, talks continue.",
     None, []),
    ("Это было при Джо Байдене.", "This was under Joe Biden.", None, []),
    ("Это говорит Павел Шариков.", "This is what Pavel Sharikov's paper says.", None, []),
    ("Так сказал Сергей Алексеевич Рябков.", "So said Sergei Ryabkov.", None, []),
    # the pivot spells it differently: nothing when both are standard transliterations, else info
    ("Замминистра Сергей Рябков заявил об этом.", "Deputy Minister Sergei Ryabkov said so.",
     "Deputy Minister Sergey Ryabkov said so.", []),
    ("Замминистра Сергей Рябков заявил об этом.", "Deputy Minister Sergei Riabkof said so.",
     "Deputy Minister Sergey Ryabkov said so.", [("info", "Рябков", "Riabkof")]),
    ("Олег Тиньков основал банк.", "Oleg Tinkoff founded a bank.", "Oleg Tinkov founded a bank.", []),
    ("Замминистра Сергей Рябков заявил об этом.", "Deputy Minister Sergei Ryabkov said so.",
     "Deputy Minister Sergei Ryabkov said so.", []),
    # the target has the name's own spelling, the pivot a transliteration: trust the target
    ("Убийство обозревателя Джамаля Хашкаджи.", "The murder of columnist Jamal Khashoggi.",
     "The murder of columnist Jamal Khashqaji.", []),
    ("Крыховяк восхитился Камчаткой.", "Krychowiak admired Kamchatka.", "Krykhovyak admired Kamchatka.", []),
    # persons missing or misspelled
    ("Об этом сообщил Павел Шариков.", "This was reported by an expert.", None, [("minor", "Шариков", None)]),
    ("Об этом сообщил Павел Шариков.", "This was reported by an expert.", "This was reported by Pavel Sharikov.",
     [("minor", "Шариков", None)]),
    ("Об этом сообщил Павел Шариков.", "This was reported by Pavel Sherbakov.",
     "This was reported by Pavel Sharikov.", [("minor", "Шариков", "Sherbakov")]),
    # without a pivot only a Russian-pattern surname is called missing, and not when the first name is there
    ("По словам Мясникова, это опасно.", "According to Butcherykov, this is dangerous.", None,
     [("minor", "Мясникова", "Butcherykov")]),
    ("Пока я радовался, Майкл набрал много очков.", "While I rejoiced, Mike scored many points.", None, []),
    ("Вышел трейлер с Киану Ривзом.", "A trailer with Keanu Reeves is out.", None, []),
    ("Об этом сообщил Павел Шариков.", "This was reported by Pavel, an expert.", None, []),
    # the pivot cannot read the name either: nothing to say
    ("Об этом сообщил Павел Шариков.", "This was reported by an expert.", "This was reported by an expert.", []),
    # countries, inflected, abbreviated, as adjectives and capitals
    ("Посол России в США заявил об этом.", "The Russian Ambassador to the US said so.", None, []),
    ("Переговоры России и США продолжаются.", "Talks between Russia and the United States continue.", None, []),
    ("Переговоры между РФ и США продолжаются.", "Talks between the Russian Federation and the U.S. go on.",
     None, []),
    ("Переговоры в Соединённых Штатах Америки.", "Talks in the United States of America.", None, []),
    ("Россия заявила протест.", "Moscow protested.", None, []),
    ("Визит в Германию отложен.", "The visit to Germany is postponed.", None, []),
    ("Визит в Германию отложен.", "The visit abroad is postponed.", None, [("minor", "Германию", None)]),
    ("Визит в Германию отложен.", "The visit abroad is postponed.", "The visit to Germany is postponed.",
     [("minor", "Германию", None)]),
    ("Визит в Германию отложен.", "The visit abroad is postponed.", "The visit abroad is postponed.", []),
    ("Поставки из Южной Кореи выросли.", "Supplies from South Korea grew.", None, []),
    ("Решения по Литве.", "Rulings on lithuania.", None, []),
    ("Решения по США.", "Rulings on us.", None, [("minor", "США", None)]),
    ("Поставки из Южной Кореи выросли.", "Supplies from Japan grew.", None, [("minor", "Южной Кореи", "Japan")]),
    # places and organisations that English translates: not flagged
    ("Визы выдают в Астане и Варшаве.", "Visas are issued in Astana and Warsaw.", None, []),
    ("Визы выдают в Астане и Варшаве.", "Visas are issued in Astana and Warsaw.",
     "Visas are issued in Astana and Warsaw.", []),
    ("Госдеп отказывается обсуждать это.", "The State Department refuses to discuss it.",
     "The State Department refuses to discuss this.", []),
    ("Так считают в МИД России.", "So believes the Russian Foreign Ministry.", None, []),
    ("Он сказал в эфире радио «Говорит Москва».", "He said on the radio station Moscow Speaks.",
     "He said on the radio station Govorit Moskva.", []),
    ("Он член ЛДПР.", "He is a member of the Liberal Democratic Party.", "He is a member of the LDPR.", []),
    ("Центр в селе Сильди Цумадинского района.", "A centre in the village of Sildi, Tsumadi District.",
     "A centre in the village of Sildi, Tsumadinsky District.", []),
    ("Минареты украшали Айя-Софию.", "Minarets adorned Hagia Sophia.", "Minarets adorned Ayia Sofia.", []),
    ("Минареты украшали Айя-Софию.", "Minarets adorned Hagia Sofia.", "Minarets adorned Hagia Sophia.", []),
    ("Во время полета пилотажной группы «Стрижи».", "During the flight of the Swifts aerobatic team.",
     "During the flight of the Strizhi aerobatic team.", []),
    ("Он отвечал за Восточную Азию.", "He was responsible for East Asian affairs.",
     "He was responsible for East Asia.", []),
    ("Перемирие в Донбассе.", "A truce in the Donbas.", "A truce in Donbass.", []),
    # a place the pivot transliterates and the target drops
    ("ДТП произошло в Капане.", "The accident happened in the city.", "The accident happened in Kapan.",
     [("minor", "Капане", None)]),
    ("ДТП произошло в Капане.", "The accident happened in Kapan.", "The accident happened in Kapan.", []),
    # not a country: a pronoun at the start of a sentence, a person's first name
    ("Того же мнения придерживается Китай.", "China holds the same opinion.", None, []),
    ("Министр Доминик Рааб не извинился.", "Minister Dominic Raab did not apologise.", None, []),
    # a country's Russian name left in a proper name, a demonym from a two-word name
    ("Он сказал в эфире телеканала «Россия 1».", "He said on Rossiya 1 television.", None, []),
    ("Принц Саудовской Аравии взял ответственность.", "The Saudi prince took responsibility.", None, []),
    # left in Cyrillic: the untranslated check reports it
    ("Об этом сообщил Павел Шариков.", "This was reported by Павел Шариков.", None, []),
    # a first name the pivot spells and the target drops; not one the pivot renders by its English form, nor without a pivot
    ("Нападающий Александр Овечкин признался, что ждет сезона.", "Forward Ovechkin admitted he is waiting for the season.",
     "Forward Alexander Ovechkin admitted that he is waiting for the season.", [("minor", "Александр", None)]),
    ("Нападающий Александр Овечкин признался, что ждет сезона.", "Forward Ovechkin admitted he is waiting for the season.", None, []),
    ("Нападающий Александр Овечкин признался, что ждет сезона.", "Forward Alexander Ovechkin admitted he is waiting.",
     "Forward Alexander Ovechkin admitted that he is waiting for the season.", []),
    # a lower-case word that resembles the first name ("singer", «Сергей») does not spell it
    ("Ранее российский певец Сергей Лазарев рассказал об этом.", "Earlier, Russian singer Lazarev told about it.",
     "Earlier, the Russian singer Sergei Lazarev told about it.", [("minor", "Сергей", None)]),
    # ... also where target and pivot spell the surname alike beyond the transliterations ("Nääs")
    ("По словам Оливера Няэса, прокурор вышел за рамки.", "According to Nääs, the prosecutor went too far.",
     "According to Oliver Nääs, the prosecutor went beyond the framework.", [("minor", "Оливера", None)]),
    # a place of common words that the pivot spells and the target drops entirely
    ("Губернатор встретился с жителями Советской Гавани.", "The governor met with residents.",
     "The governor met with residents of Sovetskaya Gavan.", [("minor", "Советской Гавани", None)]),
    # a name the source does not have and the pivot does not either; not an English word, an acronym,
    # a sentence's first word the lexicon knows, or a Ukrainian given name's form; nothing without a pivot
    ("Губернатор Хабаровского края призвал не демонизировать хабаровчан.",
     "The governor of Petrov Krai urged not to demonize Khabarovsk residents.",
     "The governor of the Khabarovsk Territory urged not to demonize Khabarovsk residents.", [("minor", None, "Petrov")]),
    ("Губернатор Хабаровского края призвал не демонизировать хабаровчан.",
     "The governor of Petrov Krai urged not to demonize Khabarovsk residents.", None, []),
    ("Газпром переходит на снабжение российских ТЭЦ.", "Gazprom is switching to supplying Russian CHPPs.",
     "Gazprom is switching to supplying Russian thermal power plants.", []),
    ("Бог в помощь!", "Godspeed!", "God help you!", []),
    ("Разговор Владимира Путина и Владимира Зеленского состоялся.",
     "The conversation between Vladimir Putin and Volodymyr Zelensky took place.",
     "The conversation between Vladimir Putin and Vladimir Zelensky took place.", []),
    # a place English names by its own word, dropped where the pivot names it; not one the target transliterates
    ("В Москве за сутки умерли еще 13 пациентов.", "Another 13 patients died over the past day.",
     "In Moscow, another 13 patients died over the past day.", [("minor", "Москве", None)]),
    ("Об этом сообщила «Вечерняя Москва».", "Vechernyaya Moskva reported this.", "Evening Moscow reported this.", []),
]


def _run(segment, ctx):
    document = Document(id="d", source_path=None, target_path=None, source_lang="ru", target_lang="en", segments=[segment])
    return list(names(document, ctx))


def test_the_table_as_one_document_gives_each_segment_its_own_findings(ctx):
    """One NER pass over the whole document (the check's way) finds what the table expects of each row."""
    segments = [Segment(id=str(n), source=c[0], target=c[1], pivot=c[2]) for n, c in enumerate(CASES)]
    document = Document(id="d", source_path=None, target_path=None, source_lang="ru", target_lang="en", segments=segments)
    found: dict[str, list] = {s.id: [] for s in segments}
    by_id = {s.id: s for s in segments}
    for f in names(document, ctx):
        seg = by_id[f.segment]
        found[f.segment].append(
            (f.severity.value, f.source_span.text(seg.source) if f.source_span else None, f.target_span.text(seg.target) if f.target_span else None)
        )
    wrong = [(c[0], found[str(n)], c[3]) for n, c in enumerate(CASES) if found[str(n)] != c[3]]
    assert not wrong


@pytest.fixture(scope="module")
def ctx():
    return CheckContext(settings=Settings())


@pytest.mark.parametrize(("source", "target", "pivot", "expected"), CASES)
def test_names(ctx, source, target, pivot, expected):
    segment = Segment(id="s1", source=source, target=target, pivot=pivot)
    found = [
        (
            f.severity.value,
            f.source_span.text(source) if f.source_span else None,
            f.target_span.text(target) if f.target_span else None,
        )
        for f in _run(segment, ctx)
    ]
    assert found == expected


SUGGESTIONS = [
    ("Визит в Германию отложен.", "The visit abroad is postponed.", None, ("Germany", "dictionary")),
    ("Об этом сообщил Павел Шариков.", "Reported by an expert.", None, ("Sharikov", "transliteration")),
    ("По словам Мясникова, это опасно.", "Experts say this is dangerous.", None, ("Myasnikov", "transliteration")),
    ("Об этом сообщил Павел Шариков.", "Reported by an expert.", "Reported by Pavel Sharikov.", ("Sharikov", "pivot")),
]


@pytest.mark.parametrize(("source", "target", "pivot", "expected"), SUGGESTIONS)
def test_suggestions(ctx, source, target, pivot, expected):
    (finding,) = _run(Segment(id="s1", source=source, target=target, pivot=pivot), ctx)
    assert [(s.text, s.origin) for s in finding.suggestions] == [expected]


SPELLINGS = [
    ("Рябков", "Ryabkov", True),
    ("Рябков", "Riabkov", True),
    ("Шариков", "Sharikov", True),
    ("Асатрян", "Asatryan", True),
    ("Уиткофф", "Witkoff", True),
    ("Байден", "Biden", True),
    ("Дарчиев", "Darchiyev", True),
    ("Джонсон", "Johnson", True),
    ("Шариков", "Sherbakov", False),
    ("Рябков", "Ryazanov", False),
    ("Путин", "Putnam", False),
]


@pytest.mark.parametrize(("russian", "english", "same"), SPELLINGS)
def test_transliteration_similarity(russian, english, same):
    _, score = best_match(transliterations(russian), latin_words(english))
    assert (score >= MATCH) is same


def test_a_compound_common_noun_taken_for_a_person_is_not_looked_for(ctx):
    """natasha sometimes tags «Фильм-биография» as a person (in document context); it is not a name."""
    finder = ctx.source.name_finder()
    source, target, pivot = "Фильм-биография вышла.", "The biopic is out.", "The film biography is out."
    segment = Segment(id="s1", source=source, target=target, pivot=pivot)
    words = [("Фильм", Span(0, 5), finder.lemmas("Фильм"))]
    slip = Name("person", "Фильм-биография", Span(0, 15), words)
    assert list(_name(slip, segment, latin_words(target), latin_words(pivot), finder, ctx)) == []
    real = Name("person", "Фильм", Span(0, 5), words)  # the same word as a one-word name is looked for
    assert [f.severity.value for f in _name(real, segment, latin_words(target), latin_words(pivot), finder, ctx)] == ["minor"]


@pytest.mark.parametrize(
    "a,b,expected",
    [
        ("Ryabkov", "Riabkov", 1 - 1 / 7),  # one substitution in seven letters
        ("Lavrov", "Lavrov", 1.0),
        ("Peskov", "Peskova", 1 - 1 / 7),  # one insertion, the longer has seven
        ("Witkoff", "Uitkof", 1 - 2 / 7),
        ("", "Lavrov", 0.0),
    ],
)
def test_similarity_is_one_minus_normalised_edit_distance(a, b, expected):
    assert similarity(a, b) == pytest.approx(expected)


def test_the_name_finder_and_the_morphology_share_one_analyser():
    """pymorphy3's dictionaries load once a run: the Russian pack's morphology and its name finder
    read the same MorphAnalyzer."""
    from qa.lang import get_language

    russian = get_language("ru")
    assert russian.name_finder()._morph is russian.morphology._morph
