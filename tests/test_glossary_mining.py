"""`mtqa glossary suggest`: candidate entries from JSON reports.

Rows: (segments as (source, target, pivot), findings, expected candidates as (source, approved, kind)).
Reports are written by hand in the JSON report schema (documents → segments, findings).
"""

from __future__ import annotations

import json

import pytest

from qa.errors import InputError
from qa.terms.glossary import lint_glossary, load_glossaries
from qa.terms.mining import suggest_entries, write_candidates

CASES = [
    # a quoted word rendered two ways, once unlike the pivot: proposed, with the pivot's rendering
    (
        [
            ("Ведь именно «слоны» так считают.", 'It is the "elephants" who think so.', 'It is the "Republicans" who think so.'),
            ("Но «слонов» это не смущает.", 'But the "Republicans" do not mind.', 'But the "Republicans" do not mind.'),
        ],
        [],
        [("слон", "Republicans", "idiom")],
    ),
    # rendered the same way as the pivot everywhere: nothing to propose
    (
        [("Это «утка».", 'It is a "canard".', 'It is a "canard".'), ("Снова «утка».", 'Another "canard".', 'Another "canard".')],
        [],
        [],
    ),
    # quoted names (capitalised) are not terms
    ([("Об этом сообщили «Известия».", 'This was reported by "Izvestia."', 'As reported by "News".')], [], []),
    # a term-inconsistent finding: the glossary's suggestion becomes the approved rendering
    (
        [("Срок действия договора истекает.", "The contract expires.", None)],
        [("term-inconsistent", "1", (14, 22), (4, 12), [("treaty", "glossary")])],
        [("договор", "treaty", "term")],
    ),
]


def _report(path, segments, findings):
    data = {
        "schema": "mtqa-report/1",
        "signature": {},
        "summary": {},
        "documents": [
            {
                "id": "doc",
                "segments": [
                    {"id": str(n + 1), "source": s, "target": t, "pivot": p, "scores": {}}
                    for n, (s, t, p) in enumerate(segments)
                ],
                "findings": [
                    {
                        "check": check,
                        "severity": "minor",
                        "segment": seg,
                        "source_span": list(ss),
                        "target_span": list(ts),
                        "message": "",
                        "suggestions": [{"text": text, "origin": origin} for text, origin in sugg],
                    }
                    for check, seg, ss, ts, sugg in findings
                ],
            }
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("segments, findings, expected", CASES, ids=[str(n) for n in range(len(CASES))])
def test_suggest(tmp_path, segments, findings, expected):
    report = _report(tmp_path / "r.json", segments, findings)
    rows = suggest_entries([report])
    assert [(r["source"], r["approved"].split("|")[0], r["kind"]) for r in rows] == expected
    for row in rows:
        assert row["note"].startswith("CANDIDATE") and "seen" in row["note"]


def test_candidates_are_a_clean_glossary_that_loads(tmp_path):
    report = _report(tmp_path / "r.json", *CASES[0][:2])
    other = _report(tmp_path / "s.json", *CASES[3][:2])
    rows = suggest_entries([report, other])
    out = tmp_path / "candidates.tsv"
    write_candidates(rows, out)
    assert out.read_text(encoding="utf-8").splitlines()[0] == "source\tapproved\tforbidden\tnote\tkind\tseverity\treference"
    assert lint_glossary(out) == []
    glossary = load_glossaries([out], builtin=False)
    assert {t.source for t in glossary} == {"слон", "договор"}
    assert "elephants (1)" in glossary.get("слон").note


def test_not_a_report(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError, match="not an mtqa JSON report"):
        suggest_entries([bad])
    with pytest.raises(InputError, match="cannot read"):
        suggest_entries([tmp_path / "missing.json"])
