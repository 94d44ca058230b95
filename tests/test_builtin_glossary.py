"""Guards the built-in ru→en glossary (qa/data/glossary-ru-en.tsv) against format
errors, duplicates and contradictions, and pins the rows the product relies on."""

from __future__ import annotations

import re
from importlib import resources

import pytest

HEADER = ["source", "approved", "forbidden", "note", "kind", "severity", "reference"]
KINDS = {"term", "institution", "title", "jargon", "slang", "idiom"}
SEVERITIES = {"info", "minor", "major", "critical"}
MIN_ENTRIES = 300


def _read_lines() -> list[str]:
    path = resources.files("qa").joinpath("data/glossary-ru-en.tsv")
    return path.read_text(encoding="utf-8").splitlines()


LINES = _read_lines()
ROWS = [line.split("\t") for line in LINES[1:]]
ENTRIES = [dict(zip(HEADER, row, strict=True)) for row in ROWS if len(row) == len(HEADER)]


def _items(cell: str) -> list[str]:
    return cell.split("|") if cell else []


def _fold_source(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _fold_rendering(text: str) -> str:
    words = re.split(r"[\s\-]+", text.lower().replace("’", "'"))
    return " ".join(_singular(w) for w in words if w)


def _entry(source: str) -> dict[str, str]:
    key = _fold_source(source)
    for entry in ENTRIES:
        if _fold_source(entry["source"]) == key:
            return entry
    raise AssertionError(f"no glossary entry for {source!r}")


def _approved(entry: dict[str, str]) -> set[str]:
    return {_fold_rendering(r) for r in _items(entry["approved"])}


def _forbidden(entry: dict[str, str]) -> set[str]:
    return {_fold_rendering(r) for r in _items(entry["forbidden"])}


def test_header_is_exact():
    assert LINES[0].split("\t") == HEADER


def test_utf8_without_bom_and_no_blank_or_comment_lines():
    raw = resources.files("qa").joinpath("data/glossary-ru-en.tsv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")
    for number, line in enumerate(LINES, start=1):
        assert line.strip(), f"line {number} is blank"
        assert not line.startswith("#"), f"line {number} is a comment"


def test_every_row_has_seven_fields():
    bad = [(n, len(row)) for n, row in enumerate(ROWS, start=2) if len(row) != len(HEADER)]
    assert not bad, f"rows with the wrong number of fields (line, fields): {bad}"


def test_enough_entries():
    assert len(ENTRIES) >= MIN_ENTRIES


def test_no_duplicate_sources():
    seen: dict[str, str] = {}
    duplicates = []
    for entry in ENTRIES:
        key = _fold_source(entry["source"])
        if key in seen:
            duplicates.append((seen[key], entry["source"]))
        seen[key] = entry["source"]
    assert not duplicates


@pytest.mark.parametrize("column", HEADER)
def test_no_leading_or_trailing_whitespace(column):
    bad = [e["source"] for e in ENTRIES if e[column] != e[column].strip()]
    assert not bad, f"{column} has surrounding whitespace in: {bad}"


@pytest.mark.parametrize("column", ["approved", "forbidden"])
def test_no_empty_or_padded_items(column):
    bad = []
    for entry in ENTRIES:
        for item in _items(entry[column]):
            if not item or item != item.strip() or "  " in item:
                bad.append(entry["source"])
    assert not bad, f"empty or padded {column} items in: {bad}"


@pytest.mark.parametrize("column", ["source", "approved", "note", "reference"])
def test_required_cells_are_filled(column):
    bad = [e["source"] or repr(e) for e in ENTRIES if not e[column]]
    assert not bad, f"empty {column} in: {bad}"


def test_no_duplicate_items_within_a_cell():
    bad = []
    for entry in ENTRIES:
        for column in ("approved", "forbidden"):
            folded = [_fold_rendering(r) for r in _items(entry[column])]
            if len(folded) != len(set(folded)):
                bad.append((entry["source"], column))
    assert not bad


def test_no_rendering_both_approved_and_forbidden():
    bad = [(e["source"], sorted(_approved(e) & _forbidden(e))) for e in ENTRIES if _approved(e) & _forbidden(e)]
    assert not bad


def test_renderings_are_english_and_sources_russian():
    cyrillic = re.compile("[а-яё]", re.IGNORECASE)
    for entry in ENTRIES:
        assert cyrillic.search(entry["source"]), entry["source"]
        for item in _items(entry["approved"]) + _items(entry["forbidden"]):
            assert not cyrillic.search(item), (entry["source"], item)


def test_sources_have_no_punctuation_between_words():
    """A phrase matches only where its words are separated by spaces or hyphens,
    so a source with a comma (or other punctuation) inside would never match."""
    bad = [e["source"] for e in ENTRIES if re.search(r"[,;:!?()\"«»]", e["source"])]
    assert not bad


def test_kind_and_severity_values():
    bad = [(e["source"], e["kind"], e["severity"]) for e in ENTRIES if e["kind"] not in KINDS or e["severity"] not in SEVERITIES]
    assert not bad


def test_flexible_kinds_flag_something_or_say_why():
    """Jargon, slang and idioms are only checked through forbidden renderings; one
    without any must be a case where the literal rendering is correct (severity info)."""
    bad = [
        e["source"]
        for e in ENTRIES
        if e["kind"] in {"jargon", "slang", "idiom"} and not e["forbidden"] and e["severity"] != "info"
    ]
    assert not bad


@pytest.mark.parametrize(
    ("source", "kind", "severity", "approved", "forbidden"),
    [
        ("слоны", "slang", "major", ["Republicans", "Republican Party", "GOP"], ["elephant"]),
        ("ослы", "slang", "major", ["Democrats", "Democratic Party"], ["donkey"]),
        ("раздражитель", "jargon", "info", ["sticking point", "point of friction"], ["irritant"]),
        ("развязка", "jargon", "minor", ["solution", "way out", "breakthrough", "settlement"], ["interchange", "denouement", "junction"]),
        ("Договор о СНВ", "term", None, ["New START Treaty", "START Treaty", "New START", "Strategic Arms Reduction Treaty"], []),
        ("СНВ", None, None, ["strategic offensive arms", "START"], []),
        ("договор", "term", None, ["treaty", "agreement"], []),
        ("кнут и пряник", "idiom", None, ["carrot and stick"], ["whip and gingerbread", "whip and cake"]),
        ("глубинное государство", None, None, ["deep state"], []),
        ("ледниковый период", "idiom", None, ["deep freeze", "freeze", "chill"], ["glacial period"]),
        ("бальзаковский возраст", "idiom", None, ["a woman in her thirties", "woman of a certain age"], ["Balzac age"]),
        ("МИД", "institution", None, ["Foreign Ministry", "Ministry of Foreign Affairs", "MFA"], []),
        ("Госдеп", "institution", None, ["State Department", "Department of State"], []),
        ("Госдепартамент", "institution", None, ["State Department", "Department of State"], []),
        ("Совфед", "institution", None, ["Federation Council"], []),
        ("силовики", None, None, ["security officials", "siloviki", "security services"], []),
        ("ВПК", None, None, ["military-industrial complex", "defense industry"], []),
        ("дипсобственность", None, None, ["diplomatic property"], []),
        ("трек", None, None, ["track", "negotiating track"], []),
        ("замглавы МИД", "title", None, ["Deputy Foreign Minister"], []),
        ("медвежья услуга", "idiom", None, ["disservice"], ["bear service"]),
        ("ястреб", None, None, ["hawk"], []),
        ("голубь", None, None, ["dove"], []),
        ("ящик Пандоры", None, None, ["Pandora's box"], []),
        ("козёл отпущения", None, None, ["scapegoat"], []),
    ],
)
def test_required_rows(source, kind, severity, approved, forbidden):
    entry = _entry(source)
    if kind:
        assert entry["kind"] == kind
    if severity:
        assert entry["severity"] == severity
    for rendering in approved:
        assert _fold_rendering(rendering) in _approved(entry), rendering
    for rendering in forbidden:
        assert _fold_rendering(rendering) in _forbidden(entry), rendering


@pytest.mark.parametrize("source", ["ястреб", "ящик Пандоры", "козёл отпущения", "потёмкинская деревня"])
def test_correct_literal_renderings_are_not_forbidden(source):
    """Where the English idiom is the literal one, the literal must stay approved."""
    entry = _entry(source)
    first = _fold_rendering(_items(entry["approved"])[0])
    assert first not in _forbidden(entry)


def test_irritant_note_explains_the_diplomatic_usage():
    note = _entry("раздражитель")["note"].lower()
    assert "diploma" in note
    assert "irritant" in note


def test_forbidden_words_do_not_hide_inside_approved_renderings():
    """An approved rendering that contains a forbidden one word for word would make
    the matcher flag a correct translation (e.g. 'bilateral irritant' vs 'irritant')."""
    bad = []
    for entry in ENTRIES:
        for f in _forbidden(entry):
            for a in _approved(entry):
                if re.search(rf"(?<![\w']){re.escape(f)}(?![\w'])", a):
                    bad.append((entry["source"], a, f))
    assert not bad


def test_builtin_glossary_lints_clean_in_full():
    """It is loaded as trusted (no inflection-aware contradiction check at run time); here it gets the full lint."""
    from qa.terms.glossary import builtin_path, lint_glossary

    errors = [p for p in lint_glossary(builtin_path()) if p.level == "error"]
    assert errors == []
