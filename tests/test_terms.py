"""Term checks on hand-built segments: inflection on both sides, multi-word and nested terms,
forbidden renderings with and without their source term, and cases that must not fire.

Each row: (source, target, expected findings). A finding is written as
(check, severity, source words, target words); source/target words are the
exact text its spans must point at (None: no span). Segment checks and the
document-scoped term-missing run on a one-segment document.
"""

from __future__ import annotations

import pytest

from qa.checks import CHECKS
from qa.checks.base import CheckContext
from qa.records import Document, Segment
from qa.terms.glossary import load_glossaries

GLOSSARY = "\n".join(
    [
        "source\tapproved\tforbidden\tnote\tkind\tseverity\treference\tcase_sensitive\tpos",
        "слоны\tRepublicans|GOP\telephant\tRussian political slang for the US Republicans\tslang\tmajor\t\t\t",
        "раздражитель\tsticking point|point of friction\tirritant\tEstablished term in US–Russian diplomacy\tjargon\tmajor\t\t\t",
        "глубинное государство\tdeep state\tprofound state\t\tidiom\tminor\t\t\t",
        "Договор о СНВ\tNew START|START Treaty\tSNV Treaty\t\tterm\tmajor\t\t\t",
        "договор\ttreaty|agreement\t\t\tterm\tmajor\t\t\t",
        "Госдепартамент\tState Department|Department of State\t\t\tinstitution\tmajor\t\t\t",
        "Совет безопасности\tSecurity Council\tSafety Council\t\tinstitution\tmajor\t\t\t",
        "безопасность\tsecurity\tsafety\t\tterm\tminor\t\t\t",
        "Мир\tMir\t\tthe space station\tterm\tmajor\t\tyes\t",
        "сталь\tsteel\t\t\tterm\tmajor\t\t\t",
        "прокат\trolled steel\t\t\tterm\tmajor\t\t\tnoun",
        "Белоруссия\tBelarus\t\t\tterm\tminor\t\t\t",
        "МЧС\tEmergencies Ministry\t\t\tinstitution\tminor\t\t\t",
        "Минобороны\tDefence Ministry|Defense Ministry\t\t\tinstitution\tminor\t\t\t",
    ]
)

TERM_CHECKS = ("term-missing", "term-forbidden")

CASES = [
    # inflection, Russian side: dative plural of the jargon term; jargon is never more than minor
    (
        "Работа по «раздражителям» идёт.",
        'Work on "irritants" is under way.',
        [("term-forbidden", "minor", "раздражителям", "irritants")],
    ),
    # inflection, English side: the approved rendering in the plural satisfies the term
    ("Стороны подписали два договора.", "The parties signed two treaties.", []),
    # multi-word term in an oblique case, approved rendering present: nothing
    ("Это сопротивление глубинного государства.", "This is resistance from the deep state.", []),
    # multi-word term, forbidden multi-word rendering
    (
        "Это сопротивление глубинного государства.",
        "This is resistance from the profound state.",
        [("term-forbidden", "minor", "глубинного государства", "profound state")],
    ),
    # nested terms: «Договор о СНВ» wins; its "New START" is enough, no term-missing for «договор»
    ("Россия готова обсуждать будущее Договора о СНВ.", "Russia is ready to discuss the future of New START.", []),
    # nested: the longer term's forbidden rendering
    (
        "Россия готова обсуждать будущее Договора о СНВ.",
        "Russia is ready to discuss the future of the SNV Treaty.",
        [("term-forbidden", "major", "Договора о СНВ", "SNV Treaty")],
    ),
    # term-missing names the rendering used instead, and points at it
    (
        "Срок действия договора истекает.",
        "The contract expires.",
        [("term-missing", "major", "договора", "contract")],
    ),
    # forbidden rendering with its source term: major, with suggestions from the glossary
    (
        "Ведь именно «слоны» считаются бенефициарами ВПК.",
        'After all, it is the "elephants" who are considered the beneficiaries.',
        [("term-forbidden", "major", "слоны", "elephants")],
    ),
    # forbidden rendering without its source term: an article about a zoo
    ("В зоопарке родился жирафёнок.", "Two elephants and a baby giraffe live in the zoo.", []),
    # slang not in quotation marks may be the animal: still reported, but below the default gate
    (
        "В зоопарке живут два слона.",
        "Two elephants live in the zoo.",
        [("term-forbidden", "minor", "слона", "elephants")],
    ),
    # overlapping forbidden renderings: only the longest is reported
    (
        "Совет безопасности собрался в пятницу.",
        "The Safety Council met on Friday.",
        [("term-forbidden", "major", "Совет безопасности", "Safety Council")],
    ),
    # a forbidden word inside another term's approved rendering is left alone
    ("Совет безопасности обсудил безопасность.", "The Security Council discussed security.", []),
    # institution missing
    (
        "Госдепартамент отказывается обсуждать это.",
        "The department refuses to discuss it.",
        [("term-missing", "major", "Госдепартамент", "department")],
    ),
    # ... and present in another inflection
    ("По словам Госдепартамента, всё в порядке.", "According to the State Department, all is well.", []),
    # left untranslated: the untranslated check reports it, not term-missing
    ("Госдепартамент молчит.", "The Госдепартамент is silent.", []),
    # jargon / slang / idioms are never term-missing
    ("Работа по раздражителям идёт.", "Work on the problems is under way.", []),
    # token boundaries: "state" inside "statement", «слон» inside «слоновая» do not match
    ("Изделия из слоновой кости запрещены.", "Elephant ivory products are banned.", []),
    # case-sensitive term: «мир» (peace) is not «Мир» (the station)
    ("Все хотят мир.", "Everyone wants peace.", []),
    ("Станция «Мир» сошла с орбиты.", "The station left orbit.", [("term-missing", "major", "Мир", None)]),
    # without a part of speech, «стали» (mostly the verb «стать») does not match «сталь»
    ("Они стали друзьями.", "They became friends.", []),
    # with pos=noun the noun's rarer parse counts: «проката» is the noun «прокат»
    ("Цены проката выросли.", "Prices went up.", [("term-missing", "major", "проката", None)]),
    # an approved rendering in a looser form keeps term-missing quiet: derived word, other word order
    ("Он играет за сборную Белоруссии.", "He plays for the Belarusian national team.", []),
    ("Как сообщили в МЧС, пожар потушен.", "The Ministry of Emergencies said the fire was out.", []),
    ("Путин переговорил с главой Минобороны.", "Putin spoke with the Defense Minister.", []),
    # ... but an opaque abbreviation is still a missing term
    ("Как сообщили в МЧС, пожар потушен.", "The MES said the fire was out.", [("term-missing", "minor", "МЧС", "MES")]),
    # punctuation between words breaks a multi-word term
    ("Это глубинное, государство.", "This is deep, the state.", []),
]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    path = tmp_path_factory.mktemp("glossary") / "terms.tsv"
    path.write_text(GLOSSARY + "\n", encoding="utf-8")
    return CheckContext(settings=None, glossary=load_glossaries([path], builtin=False))


def run(checks, document, ctx):
    findings = []
    for cid in checks:
        check = CHECKS[cid]
        if check.scope == "segment":
            for segment in document.segments:
                findings.extend(check(segment, ctx))
        else:
            findings.extend(check(document, ctx))
    return findings


def describe(finding, segment):
    return (
        finding.check,
        finding.severity.value,
        finding.source_span.text(segment.source) if finding.source_span else None,
        finding.target_span.text(segment.target) if finding.target_span else None,
    )


def one_segment(source, target, pivot=None):
    segment = Segment(id="1", source=source, target=target, pivot=pivot)
    return Document(id="d", source_path=None, target_path=None, source_lang="ru", target_lang="en", segments=[segment])


@pytest.mark.parametrize("source, target, expected", CASES, ids=[f"{n}:{c[0][:30]}" for n, c in enumerate(CASES)])
def test_term_cases(source, target, expected, ctx):
    document = one_segment(source, target)
    findings = run(TERM_CHECKS, document, ctx)
    assert sorted(describe(f, document.segments[0]) for f in findings) == sorted(expected)


def test_suggestions_rank_glossary_then_pivot_and_agree_in_number(ctx):
    document = one_segment(
        "Работа по «раздражителям» идёт.",
        'Work on "irritants" is under way.',
        pivot='Work on "points of friction" is under way.',
    )
    (finding,) = run(["term-forbidden"], document, ctx)
    assert [(s.text, s.origin) for s in finding.suggestions] == [
        ("sticking points", "glossary"),
        ("points of friction", "glossary"),
    ]
    assert finding.note == "Established term in US–Russian diplomacy"


def test_forbidden_suggests_approved_never_the_forbidden_word(ctx):
    document = one_segment("Ведь именно «слоны» считаются бенефициарами.", 'It is the "elephants" who benefit.')
    (finding,) = run(["term-forbidden"], document, ctx)
    texts = [s.text for s in finding.suggestions]
    assert texts[0] == "Republicans" and finding.suggestions[0].origin == "glossary"
    assert not any("elephant" in t.lower() for t in texts)


def test_pivot_rendering_is_suggested_after_the_glossary(ctx):
    document = one_segment(
        "Срок действия договора истекает.", "The contract expires.", pivot="The agreement expires."
    )
    (finding,) = run(["term-missing"], document, ctx)
    assert [(s.text, s.origin) for s in finding.suggestions][:2] == [("treaty", "glossary"), ("agreement", "glossary")]
    document = one_segment("Срок действия договора истекает.", "The contract expires.", pivot="The pact expires.")
    (finding,) = run(["term-missing"], document, ctx)
    assert ("pact", "pivot") in [(s.text, s.origin) for s in finding.suggestions]


def test_every_occurrence_gets_its_own_span(ctx):
    document = one_segment(
        "«Слоны» спорят, а «слоны» в Сенате молчат.",
        '"Elephants" argue, and the "elephants" in the Senate are silent.',
    )
    findings = run(["term-forbidden"], document, ctx)
    segment = document.segments[0]
    assert [f.target_span.text(segment.target) for f in findings] == ["Elephants", "elephants"]
    assert [f.source_span.text(segment.source) for f in findings] == ["Слоны", "слоны"]


INCONSISTENT = [
    # «договор» as "treaty" (inside "START Treaty"), then "contract": term-inconsistent, suggesting "Treaty"
    (
        [
            ("Россия готова обсуждать будущее Договора о СНВ.", "Russia is ready to discuss the future of the START Treaty."),
            ("Путин предложил продлить ограничения после истечения договора.", "Putin proposed extending the limits after the contract expires."),
        ],
        [("term-inconsistent", "2", "договора", "contract", "Treaty")],
    ),
    # two approved renderings: the glossary accepts both, nothing to report
    (
        [
            ("Договор подписан.", "The treaty is signed."),
            ("Договор вступил в силу.", "The agreement has entered into force."),
        ],
        [],
    ),
    # "contract" everywhere, no approved rendering anywhere: term-missing on each, not term-inconsistent
    (
        [
            ("Договор подписан.", "The contract is signed."),
            ("Договор вступил в силу.", "The contract has entered into force."),
        ],
        [("term-missing", "1", "Договор", "contract", "treaty"), ("term-missing", "2", "Договор", "contract", "treaty")],
    ),
    # more candidate renderings in the target than source occurrences: ambiguous, skipped
    (
        [
            ("Договор подписан.", "The treaty is signed."),
            ("Договор подписан.", "The treaty, not a contract, is signed."),
        ],
        [],
    ),
]


@pytest.mark.parametrize("pairs, expected", INCONSISTENT, ids=[str(n) for n in range(len(INCONSISTENT))])
def test_term_inconsistent(pairs, expected, ctx):
    segments = [Segment(id=str(n + 1), source=s, target=t) for n, (s, t) in enumerate(pairs)]
    document = Document(id="d", source_path=None, target_path=None, source_lang="ru", target_lang="en", segments=segments)
    found = []
    for f in run(["term-missing", "term-forbidden", "term-inconsistent"], document, ctx):
        segment = document.segment(f.segment)
        found.append(
            (f.check, f.segment, f.source_span.text(segment.source), f.target_span.text(segment.target), f.suggestions[0].text)
        )
    assert sorted(found) == sorted(expected)


def test_no_glossary_no_findings():
    document = one_segment("Ведь именно «слоны» считаются бенефициарами.", 'It is the "elephants".')
    assert run(TERM_CHECKS + ("term-inconsistent",), document, CheckContext(settings=None)) == []


def test_seed_article_through_the_pipeline():
    """Acceptance on corpora/izvestia-ru-us-2025 with --engine none and the built-in glossary."""
    from pathlib import Path

    from qa.engine.none import NoEngine
    from qa.load import load
    from qa.pipeline import build_glossary, check_bitexts
    from qa.settings import Settings

    corpus = Path(__file__).resolve().parent.parent / "corpora" / "izvestia-ru-us-2025"
    settings = Settings(engine="none")
    bitext = load(corpus / "source.ru.txt", corpus / "target.en.txt")
    report = check_bitexts([bitext], settings, engine=NoEngine(), glossary=build_glossary(settings))
    document = report.documents[0]

    def found(check, target_words):
        out = []
        for f in document.findings:
            segment = document.segment(f.segment)
            if f.check == check and f.target_span and f.target_span.text(segment.target) == target_words:
                out.append((f, segment))
        return out

    ((elephants, segment),) = found("term-forbidden", "elephants")
    assert elephants.severity.value == "major" and segment.paragraph == 23
    assert elephants.source_span.text(segment.source) == "слоны"
    assert "Republicans" in [s.text for s in elephants.suggestions]

    ((contract, segment),) = found("term-inconsistent", "contract")
    assert segment.paragraph == 15 and contract.source_span.text(segment.source) == "договора"
    assert contract.suggestions[0].text.lower() in ("start treaty", "treaty")

    irritants = found("term-forbidden", "irritants")
    assert len(irritants) == 3
    for finding, _segment in irritants:
        assert finding.severity.value in ("info", "minor")
        assert "established term" in (finding.note or "").lower()
        texts = [s.text for s in finding.suggestions]
        assert "sticking points" in texts and "points of friction" in texts
    assert not [f for f in document.findings if f.severity.value == "major" and "irritant" in f.message.lower()]


PLURALS = [
    # (approved rendering, used rendering, suggestion)
    ("sticking point", "irritants", "sticking points"),
    ("point of friction", "irritants", "points of friction"),
    ("sporadically", "fragments", "sporadically"),
    ("Republican Party", "elephants", "Republican Party"),
    ("sticking point", "irritant", "sticking point"),
]


@pytest.mark.parametrize("approved,used,expected", PLURALS)
def test_suggestions_follow_the_number_of_the_rendering_they_replace(approved, used, expected):
    from qa.lang.en.morphology import EnglishMorphology
    from qa.terms.plural import like

    assert like(approved, used, EnglishMorphology()) == expected


def test_the_term_index_is_kept_on_disk_and_read_back(tmp_path, monkeypatch):
    """The built patterns are stored once (one file per glossary, code and library versions) and a
    second run reads them instead of analysing every term again, with the same matches; a damaged
    file is rebuilt; another glossary is another file."""
    from qa.lang import get_language
    from qa.terms.index import TermIndex

    glossary = load_glossaries([], builtin=True)
    ru, en = get_language("ru").morphology, get_language("en").morphology
    store = tmp_path / "term-index"
    built = TermIndex(glossary, ru, en, store=store)
    (path,) = store.iterdir()
    text = "Госдума приняла закон о санкциях; республиканцы и демократы в Конгрессе спорят."
    monkeypatch.setattr(TermIndex, "_build", lambda self, s, t: pytest.fail("rebuilt instead of read"))
    read = TermIndex(glossary, ru, en, store=store)
    assert read._source_patterns == built._source_patterns and read._renderings == built._renderings
    assert read.source_matches(text) == built.source_matches(text) and built.source_matches(text)
    monkeypatch.undo()
    path.write_text("{not json", encoding="utf-8")
    again = TermIndex(glossary, ru, en, store=store)
    assert again._source_patterns == built._source_patterns
    assert path.read_text(encoding="utf-8").startswith("{\"source\"")
    other = tmp_path / "other.tsv"
    other.write_text("source\ttarget\nГосдума\tState Duma\n", encoding="utf-8")
    TermIndex(load_glossaries([other], builtin=False), ru, en, store=store)
    assert len(list(store.iterdir())) == 2
