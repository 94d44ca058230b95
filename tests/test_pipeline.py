"""The whole flow on small article pairs: alignment gaps become findings, file pivots reach segments."""

from __future__ import annotations

from qa.engine.none import NoEngine
from qa.pipeline import check_bitexts
from qa.records import Bitext
from qa.settings import Settings

SOURCE = [
    "Россия и США поддерживают контакт. Переговоры продолжаются в рабочем режиме.",
    "Это обычная дипломатическая практика.",
    "Два раунда консультаций прошли в Стамбуле. Новых встреч пока нет.",
]
TARGET = [
    "Russia and the United States maintain contact. The talks continue in the working mode.",
    "This is a common diplomatic practice.",
    # second sentence of paragraph 3 dropped; a footer added
    "Two rounds of consultations took place in Istanbul.",
    "Translated by a machine translation service.",
]
PIVOT = [
    "Russia and the US keep in touch. The negotiations go on in working mode.",
    "This is normal diplomatic practice.",
    "Two rounds of consultations were held in Istanbul. There are no new meetings yet.",
]


def _bitext(targets=TARGET):
    return Bitext(id="doc", source_path=None, target_path=None, sources=SOURCE, targets=targets)


class ListPivots:
    """A file-engine stand-in: pivots supplied per source paragraph."""

    name = "file"
    unit = "paragraph"

    def signature(self):
        return {"engine": "file"}

    def translate(self, sources):
        assert sources == SOURCE
        return PIVOT

    def score(self, sources, targets):
        return [None] * len(sources)


def _findings(report, check):
    document = report.documents[0]
    return [(f, document.segment(f.segment)) for f in document.findings if f.check == check]


def test_dropped_sentence_and_footer_without_pivot():
    report = check_bitexts([_bitext()], Settings(engine="none"), engine=NoEngine())
    omissions = _findings(report, "omission")
    additions = _findings(report, "addition")
    assert [seg.source for _, seg in omissions] == ["Новых встреч пока нет."]
    assert [seg.target for _, seg in additions] == ["Translated by a machine translation service."]
    assert all(seg.pivot is None for seg in report.documents[0].segments)
    assert report.documents[0].scores == {}


def test_file_pivots_are_split_per_sentence_and_scored():
    report = check_bitexts([_bitext()], Settings(engine="file"), engine=ListPivots())
    document = report.documents[0]
    first = document.segments[0]
    assert first.source == "Россия и США поддерживают контакт."
    assert first.pivot == "Russia and the US keep in touch."
    assert 0 < first.scores["chrf"] < 100
    (omission, segment), = _findings(report, "omission")
    assert segment.pivot == "There are no new meetings yet."
    assert [s.text for s in omission.suggestions] == ["There are no new meetings yet."]
    assert "chrf" in document.scores


def test_merged_target_sentences_make_one_segment():
    targets = [
        "Russia and the United States maintain contact, and the talks continue in the working mode.",
        "This is a common diplomatic practice.",
        "Two rounds of consultations took place in Istanbul. There are no new meetings yet.",
    ]
    report = check_bitexts([_bitext(targets)], Settings(engine="file"), engine=ListPivots())
    document = report.documents[0]
    assert document.segments[0].link == "2:1"
    assert document.segments[0].source == SOURCE[0]
    assert not _findings(report, "omission") and not _findings(report, "addition")


def test_the_signature_pins_the_calibration_behind_the_combined_score():
    import hashlib
    from pathlib import Path

    from qa.engine.none import NoEngine
    from qa.pipeline import check_bitexts
    from qa.records import Bitext
    from qa.settings import Settings

    data = (Path(__file__).resolve().parents[1] / "qa" / "data" / "calibration.json").read_bytes()
    expected = "sha256:" + hashlib.sha256(data).hexdigest()[:16]
    bitext = Bitext(id="d", source_path=None, target_path=None, sources=["Да."], targets=["Yes."])
    report = check_bitexts([bitext], Settings(engine="none", use_cache=False), engine=NoEngine())
    assert report.signature["calibration"] == expected
    assert f"calibration:{expected}" in report.signature["string"]
