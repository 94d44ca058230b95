"""``mtqa glossary suggest``: propose glossary entries from JSON reports.

Two kinds of evidence, gathered over one or many reports:

- findings with a source span and a target span from term-inconsistent and
  figurative: the source words, the target words used and the suggestions
  made (term-missing and term-forbidden concern entries the glossary has);
- quotations: a short source quotation («…», up to four words) and the
  quotation at the same position in the target and in the pivot (when the
  segment has as many quotations on each side).

A source term (grouped by lemmas, so every inflection counts together) is
proposed when the targets render it in more than one way, or unlike the
pivot. Each proposal is one row in the glossary format: the pivot's (or the
suggestions') most frequent rendering as ``approved``, counts and examples in
``note``. A person reviews the file, fixes it and passes it back with
``--glossary``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.errors import InputError
from qa.lang import get_language
from qa.lang.morphology import Morphology
from qa.terms.entries import COLUMNS

#: findings whose spans say how a source term was rendered
MINED_CHECKS = ("term-inconsistent", "figurative")
MAX_EXAMPLES = 2
PUNCTUATION = " .,;:!?…"


@dataclass
class Candidate:
    """Evidence for one source term across the reports."""

    key: tuple[str, ...]
    forms: Counter = field(default_factory=Counter)
    target: Counter = field(default_factory=Counter)
    pivot: Counter = field(default_factory=Counter)
    suggested: Counter = field(default_factory=Counter)
    checks: Counter = field(default_factory=Counter)
    reports: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)
    unlike_pivot: int = 0
    quoted: bool = False

    @property
    def count(self) -> int:
        return sum(self.forms.values())


def _lemma_key(text: str, morph: Morphology) -> tuple[str, ...]:
    return tuple(morph.lemma(t.text) for t in morph.tokens(text))


def _same(a: str, b: str, morph: Morphology) -> bool:
    ta, tb = morph.tokens(a), morph.tokens(b)
    return len(ta) == len(tb) and all(not x.keys.isdisjoint(y.keys) for x, y in zip(ta, tb, strict=True))


def _read(path: Path) -> dict[str, Any]:
    from qa.load.aligned import parse_json
    from qa.load.decode import read_bytes

    try:
        raw = read_bytes(path)
    except InputError as exc:
        raise InputError(f"{path}: cannot read report ({str(exc).removeprefix(f'{path}: ')})") from None
    try:
        data = parse_json(raw.decode("utf-8"), str(path))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not a JSON report (not UTF-8 at byte {exc.start})") from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise InputError(f"{path}: not an mtqa JSON report (no 'documents' list)")
    return data


def suggest_entries(report_paths: list[str | Path], min_count: int = 1) -> list[dict[str, str]]:
    """Candidate glossary rows (glossary columns) from JSON reports, most evidence first."""
    from qa.checks.figurative import quoted_spans

    ru, en = get_language("ru").morphology, get_language("en").morphology
    candidates: dict[tuple[str, ...], Candidate] = {}

    def note(source: str, target: str | None, pivot: str | None, check: str, report: str, example: str) -> None:
        key = _lemma_key(source, ru)
        if not key:
            return
        c = candidates.setdefault(key, Candidate(key))
        c.forms[source] += 1
        c.checks[check] += 1
        c.reports.add(report)
        if target:
            c.target[target] += 1
        if pivot:
            c.pivot[pivot] += 1
            if target and not _same(target, pivot, en):
                c.unlike_pivot += 1
        if check == "quotation":
            c.quoted = True
        if len(c.examples) < MAX_EXAMPLES and example not in c.examples:
            c.examples.append(example)

    for path in map(Path, report_paths):
        report = _read(path)
        for document in report["documents"]:
            segments = {s.get("id"): s for s in document.get("segments", [])}
            for f in document.get("findings", []):
                segment = segments.get(f.get("segment"))
                if f.get("check") not in MINED_CHECKS or not segment or not f.get("source_span"):
                    continue
                s0, s1 = f["source_span"]
                source = segment["source"][s0:s1]
                target = None
                if f.get("target_span"):
                    t0, t1 = f["target_span"]
                    target = segment["target"][t0:t1]
                pivot = next((x["text"] for x in f.get("suggestions", []) if x.get("origin") == "pivot"), None)
                key = _lemma_key(source, ru)
                if key:
                    c = candidates.setdefault(key, Candidate(key))
                    for x in f.get("suggestions", []):
                        if x.get("origin") == "glossary":
                            c.suggested[x["text"]] += 1
                note(source, target, pivot, f["check"], str(path), f"{path.name} #{segment['id']}: «{source}» → \"{target or '-'}\"")
            for segment in segments.values():
                src, tgt, piv = segment.get("source") or "", segment.get("target") or "", segment.get("pivot") or ""
                quotes = quoted_spans(src)
                if not quotes:
                    continue
                tq, pq = quoted_spans(tgt), quoted_spans(piv) if piv else []
                if len(tq) != len(quotes):
                    continue
                for n, q in enumerate(quotes):
                    source = q.text(src).strip(PUNCTUATION)
                    if source[:1].isupper():
                        continue  # names of organisations, newspapers, operations
                    target = tq[n].text(tgt).strip(PUNCTUATION)
                    pivot = pq[n].text(piv).strip(PUNCTUATION) if len(pq) == len(quotes) else None
                    note(source, target, pivot, "quotation", str(path), f"{path.name} #{segment['id']}: «{source}» → \"{target}\"")

    rows = []
    for c in sorted(candidates.values(), key=lambda c: (-c.count, c.key)):
        inconsistent = len({_canonical(t, en) for t in c.target}) > 1
        if c.count < min_count or not (inconsistent or c.unlike_pivot or c.checks.keys() - {"quotation"}):
            continue
        rows.append(_row(c, ru, inconsistent, [str(p) for p in report_paths]))
    return rows


def _canonical(text: str, morph: Morphology) -> tuple[str, ...]:
    return _lemma_key(text, morph)


def _row(c: Candidate, ru: Morphology, inconsistent: bool, paths: list[str]) -> dict[str, str]:
    form = c.forms.most_common(1)[0][0]
    if len(c.key) == 1 and not form.isupper():
        form = c.key[0]
    approved = [t for t, _ in (c.suggested + c.pivot).most_common(3)] or [c.target.most_common(1)[0][0]]
    why = []
    if inconsistent:
        why.append("rendered in several ways")
    if c.unlike_pivot:
        why.append(f"unlike the pivot {c.unlike_pivot}×")
    for check in sorted(c.checks.keys() - {"quotation"}):
        why.append(f"{check} {c.checks[check]}×")
    parts = [f"CANDIDATE ({', '.join(why)}): seen {c.count}× in {len(c.reports)} report(s)"]
    if c.target:
        parts.append("target: " + ", ".join(f"{t} ({n})" for t, n in c.target.most_common(5)))
    if c.pivot:
        parts.append("pivot: " + ", ".join(f"{t} ({n})" for t, n in c.pivot.most_common(5)))
    parts.append("e.g. " + " | ".join(c.examples))
    cells = {
        "source": form,
        "approved": "|".join(dict.fromkeys(a.replace("|", "/") for a in approved)),
        "forbidden": "",
        "note": "; ".join(parts),
        "kind": "idiom" if c.quoted and not c.checks.keys() - {"quotation", "figurative"} else "term",
        "severity": "minor",
        "reference": "mtqa glossary suggest " + " ".join(Path(p).name for p in paths),
        "case_sensitive": "",
        "pos": "",
    }
    return {k: " ".join(v.replace("\t", " ").split()) for k, v in cells.items()}


def write_candidates(rows: list[dict[str, str]], path: str | Path) -> None:
    """Write candidate rows as a glossary TSV (the standard header, UTF-8, no quoting)."""
    columns = COLUMNS[:7]
    lines = ["\t".join(columns)]
    lines += ["\t".join(row.get(c, "") for c in columns) for row in rows]
    from qa.outputs import write_atomically

    write_atomically(path, "\n".join(lines) + "\n")
