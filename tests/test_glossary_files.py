"""Glossary files: TSV, CSV and TBX readers, lint with line numbers, merging and the signature.

LINT_CASES rows: (file name, content, expected problems as (line, level, words in the message)).
"""

from __future__ import annotations

import pytest

from qa.errors import GlossaryError
from qa.records import Severity
from qa.terms.glossary import builtin_path, lint_glossary, load_glossaries, read_glossary

HEADER = "source\tapproved\tforbidden\tnote\tkind\tseverity\treference"

LINT_CASES = [
    ("ok.tsv", f"{HEADER}\nслоны\tRepublicans\telephant\tslang\tslang\tmajor\t\n", []),
    # only source and approved are required; comments and blank lines are skipped
    ("short.tsv", "source\tapproved\n# a comment\n\nдоговор\ttreaty|agreement\n", []),
    ("no-header.tsv", "договор\ttreaty\n", [(1, "warning", "no header")]),
    ("empty-source.tsv", f"{HEADER}\n\ttreaty\t\t\t\t\t\n", [(2, "error", "empty source")]),
    ("no-approved.tsv", f"{HEADER}\nдоговор\t\t\t\tterm\t\t\n", [(2, "error", "no approved")]),
    # jargon may list forbidden renderings only (a warning, not an error)
    ("jargon.tsv", f"{HEADER}\nраздражитель\t\tirritant\t\tjargon\tinfo\t\n", [(2, "warning", "no approved")]),
    ("kind.tsv", f"{HEADER}\nдоговор\ttreaty\t\t\tthing\t\t\n", [(2, "error", "unknown kind")]),
    ("severity.tsv", f"{HEADER}\nдоговор\ttreaty\t\t\tterm\tsevere\t\n", [(2, "error", "unknown severity")]),
    ("both.tsv", f"{HEADER}\nдоговор\ttreaty\tTreaty\t\tterm\t\t\n", [(2, "error", "both approved and forbidden")]),
    ("inflected.tsv", "source\tapproved\tforbidden\nраздражитель\tirritants\tirritant\n", [(2, "error", "both approved")]),
    ("fields.tsv", f"{HEADER}\nдоговор\ttreaty\t\t\tterm\tmajor\t\textra\n", [(2, "error", "8 fields")]),
    (
        "dup.tsv",
        f"{HEADER}\nдоговор\ttreaty\t\t\t\t\t\nДоговор\tagreement\t\t\t\t\t\n",
        [(3, "warning", "duplicate source term")],
    ),
    ("swapped.tsv", "source\tapproved\ntreaty\tдоговор\n", [(2, "warning", "no Cyrillic"), (2, "warning", "Cyrillic letters")]),
    ("pipes.tsv", "source\tapproved\nдоговор\ttreaty||agreement\n", [(2, "warning", "empty rendering")]),
    ("case.tsv", "source\tapproved\tcase_sensitive\nМир\tMir\tmaybe\n", [(2, "error", "case_sensitive")]),
    ("pos.tsv", "source\tapproved\tpos\nсталь\tsteel\tthing\n", [(2, "error", "part of speech")]),
    ("header.tsv", "source\tforbidden\nслоны\telephant\n", [(1, "error", "no 'approved' column")]),
    ("unknown-column.tsv", "source\tapproved\tcolour\nдоговор\ttreaty\tred\n", [(1, "warning", "unknown column")]),
    ("bad.csv", 'source,approved\n"договор,treaty\n', [(2, "error", "malformed CSV")]),
    ("quote.csv", 'source,approved\nдоговор,treaty\n"x"y,z\n', [(3, "error", "malformed CSV")]),
    ("ok.csv", 'source,approved,note\nдоговор,"treaty|agreement","a note, with a comma"\n', []),
    ("latin1.tsv", "source\tapproved\n".encode() + "caf\xe9\tcafe\n".encode("latin-1"), [(2, "error", "not UTF-8")]),
]


def _write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("name, content, expected", LINT_CASES, ids=[c[0] for c in LINT_CASES])
def test_lint(tmp_path, name, content, expected):
    problems = lint_glossary(_write(tmp_path, name, content))
    got = [(p.line, p.level) for p in problems]
    assert got == [(line, level) for line, level, _ in expected]
    for problem, (_, _, words) in zip(problems, expected, strict=True):
        assert words in problem.message
        assert str(problem).startswith(f"{tmp_path / name}:{problem.line}: ")


def test_tsv_columns_are_read(tmp_path):
    path = _write(
        tmp_path,
        "g.tsv",
        "source\tapproved\tforbidden\tnote\tkind\tseverity\treference\tcase_sensitive\tpos\n"
        "раздражитель\tsticking point|point of friction\tirritant\tdiplomatic jargon\tjargon\tinfo\tMultitran\tno\tnoun\n"
        "Мир\tMir\t\t\t\t\t\tyes\t\n",
    )
    terms, problems = read_glossary(path)
    assert problems == []
    first, second = terms
    assert first.approved == ("sticking point", "point of friction")
    assert first.forbidden == ("irritant",)
    assert (first.kind, first.severity, first.pos, first.note) == ("jargon", Severity.INFO, "NOUN", "diplomatic jargon")
    assert first.origin == f"{path}:2"
    # defaults for a user row: kind term, severity major
    assert (second.kind, second.severity, second.case_sensitive) == ("term", Severity.MAJOR, True)


TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
  <text><body>
    <termEntry id="t1">
      <descrip type="definition">Diplomatic jargon for a point of contention.</descrip>
      <langSet xml:lang="ru"><tig><term>раздражитель</term>
        <termNote type="partOfSpeech">noun</termNote></tig></langSet>
      <langSet xml:lang="en">
        <tig><term>sticking point</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>irritant</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
    </termEntry>
    <termEntry id="t2">
      <langSet xml:lang="ru"><ntig><termGrp><term>договор</term></termGrp></ntig></langSet>
      <langSet xml:lang="en"><ntig><termGrp><term>treaty</term></termGrp></ntig></langSet>
    </termEntry>
  </body></text>
</martif>
"""

TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="ru"><termSec><term>слоны</term></termSec></langSec>
      <langSec xml:lang="en">
        <termSec><term>Republicans</term></termSec>
        <termSec><term>elephants</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="ru"><termSec><term>ослы</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""

TBX_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY boom "boom">]>
<martif><text><body><termEntry><langSet xml:lang="ru"><tig><term>&boom;</term></tig></langSet></termEntry></body></text></martif>
"""


def test_tbx_v2_basic(tmp_path):
    terms, problems = read_glossary(_write(tmp_path, "g.tbx", TBX_V2))
    assert problems == []
    assert [(t.source, t.approved, t.forbidden, t.pos) for t in terms] == [
        ("раздражитель", ("sticking point",), ("irritant",), "NOUN"),
        ("договор", ("treaty",), (), None),
    ]
    assert terms[0].note == "Diplomatic jargon for a point of contention."
    assert terms[0].origin.endswith(":6")


def test_tbx_v3_core(tmp_path):
    terms, problems = read_glossary(_write(tmp_path, "g.tbx", TBX_V3))
    assert [(t.source, t.approved, t.forbidden) for t in terms] == [("слоны", ("Republicans",), ("elephants",))]
    assert [(p.line, p.level) for p in problems] == [(12, "error")]
    assert "no approved en term" in problems[0].message


def test_tbx_entities_are_refused(tmp_path):
    terms, problems = read_glossary(_write(tmp_path, "g.tbx", TBX_ENTITY))
    assert terms == []
    assert len(problems) == 1 and "refused" in problems[0].message


def test_tbx_malformed_names_its_line(tmp_path):
    _, problems = read_glossary(_write(tmp_path, "g.tbx", "<martif>\n<text>\n</martif>\n"))
    assert problems[0].line == 3 and "malformed XML" in problems[0].message


def test_load_raises_on_the_first_error_with_file_and_line(tmp_path):
    path = _write(tmp_path, "g.tsv", f"{HEADER}\nдоговор\ttreaty\t\t\tthing\t\t\nслоны\t\t\t\t\t\t\n")
    with pytest.raises(GlossaryError) as err:
        load_glossaries([path], builtin=False)
    assert str(err.value).startswith(f"{path}:2: error: unknown kind")
    assert "1 more" in str(err.value)
    with pytest.raises(GlossaryError, match="not found"):
        load_glossaries([tmp_path / "missing.tsv"], builtin=False)


def test_later_files_win_and_the_signature_pins_the_content(tmp_path):
    first = _write(tmp_path, "a.tsv", "source\tapproved\nдоговор\ttreaty\nслоны\tRepublicans\n")
    second = _write(tmp_path, "b.csv", "source,approved\nДоговор,agreement\n")
    merged = load_glossaries([first, second], builtin=False)
    assert [(t.source, t.approved) for t in merged] == [("Договор", ("agreement",)), ("слоны", ("Republicans",))]
    signature = merged.signature()
    assert signature["terms"] == 2 and [f["path"] for f in signature["files"]] == [str(first), str(second)]
    assert load_glossaries([first, second], builtin=False).hash() == merged.hash()
    assert load_glossaries([second, first], builtin=False).hash() != merged.hash()


def test_builtin_glossary_is_clean_and_loaded_first(tmp_path):
    assert [p for p in lint_glossary(builtin_path()) if p.level == "error"] == []
    user = _write(tmp_path, "u.tsv", "source\tapproved\nслоны\tthe GOP\n")
    merged = load_glossaries([user], builtin=True)
    assert merged.signature()["files"][0]["path"] == "builtin:glossary-ru-en.tsv"
    assert merged.get("слоны").approved == ("the GOP",)
    assert len(merged) > 1
