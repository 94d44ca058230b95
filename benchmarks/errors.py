"""What mtqa finds: real errors annotated on WMT21, injected errors, MLQE-PE word tags.

    .venv/bin/python benchmarks/errors.py ../shared/data/wmt21-news-ru-en [--split held-out|tune|all]
        [--mlqe ../shared/data/mlqe-pe-ru-en] [--injected N] [--list]

Three parts, each with no pivot, one pivot and two pivots (other systems' outputs, the file
engine's way: Online-B, then Online-W; a system that is itself a pivot gets Online-G instead):

1. **The annotated dev set** (``annotations/wmt21-ru-en*.jsonl``, see README.md): recall = share
   of error cases with a finding ≥ minor whose target span overlaps the error span, by type;
   false positives = share of clean cases (whole outputs without an error) with any finding ≥
   minor. ``--split`` picks the documents: ``tune`` (what the checks were tuned on), ``held-out``
   (every third document; the figures to report), or ``all``.
2. **Injected errors** on the outputs of the clean cases' lines (``--injected``): names replaced,
   numbers changed, negation added or removed, pronouns swapped, antonyms (WordNet), phrases
   dropped, words repeated; caught = a finding ≥ minor overlapping the injected place (for a
   dropped phrase: any finding ≥ minor in the segment), and false positives on the same outputs
   unperturbed.
3. **MLQE-PE dev word level** (``--mlqe``): precision, recall and MCC of the target words inside
   findings ≥ minor against the BAD tags. The pivot is the human post-edit: an oracle, and
   labelled so.

The checks run as ``mtqa check`` runs them (every check, the built-in glossary), one segment a
document, without a model (the file engine's pivots).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from wmt_systems import read_systems  # noqa: E402

from qa.checks.base import CheckContext  # noqa: E402
from qa.checks.runner import apply_checks, select_checks  # noqa: E402
from qa.pipeline import build_glossary  # noqa: E402
from qa.records import Document, Segment, Severity  # noqa: E402
from qa.settings import Settings  # noqa: E402

PIVOTS = ("Online-B", "Online-W", "Online-G")
SETUPS = {"no pivot": 0, "one pivot": 1, "two pivots": 2}


def pivots_for(system: str, outputs: dict[str, list[str]], count: int) -> list[list[str]]:
    """The first ``count`` pivot systems' outputs for ``system`` (never its own)."""
    return [outputs[p] for p in [p for p in PIVOTS if p != system][:count]]


def held_out_lines(dataset: Path) -> set[int]:
    """The lines of every third document (index 2 mod 3, in order of first appearance)."""
    order: dict[str, int] = {}
    lines = set()
    for row in (dataset / "docids.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        line, doc = row.split("\t")[:2]
        order.setdefault(doc, len(order))
        if order[doc] % 3 == 2:
            lines.add(int(line))
    return lines


def read_annotations(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


class Checker:
    """Every check, as ``mtqa check`` runs them, on one segment at a time."""

    def __init__(self) -> None:
        self.settings = Settings()
        self.checks = select_checks(self.settings)
        self.ctx = CheckContext(settings=self.settings, glossary=build_glossary(self.settings))

    def findings(self, source: str, target: str, pivots: list[str]):
        segment = Segment(id="1", source=source, target=target, pivot=pivots[0] if pivots else None,
                          other_pivots=list(pivots[1:]))
        document = Document(id="d", source_path=None, target_path=None, source_lang="ru", target_lang="en",
                            segments=[segment])
        apply_checks(document, self.checks, self.ctx)
        return document.findings


def gating(findings):
    return [f for f in findings if f.severity >= Severity.MINOR]


def overlaps(finding, start: int, end: int) -> bool:
    span = finding.target_span
    return span is not None and span.start < end and start < span.end


def dev_set(dataset: Path, rows: list[dict], split: str, checker: Checker, listing: bool) -> None:
    source, outputs = read_systems(dataset)
    held = held_out_lines(dataset)
    keep = {"held-out": lambda n: n in held, "tune": lambda n: n not in held, "all": lambda n: True}[split]
    rows = [r for r in rows if keep(r["line"])]
    errors = [r for r in rows if r["type"] != "clean"]
    clean = [r for r in rows if r["type"] == "clean"]
    print(f"\n## Annotated WMT21 dev set ({split}): {len(errors)} error cases, {len(clean)} clean cases")
    by_type = Counter(r["type"] for r in errors)
    print("types: " + ", ".join(f"{t} {n}" for t, n in sorted(by_type.items())))
    for setup, count in SETUPS.items():
        caught: Counter = Counter()
        by_check: Counter = Counter()
        cache: dict[tuple[int, str], list] = {}

        def found(row, cache=cache, count=count):
            key = (row["line"], row["system"])
            if key not in cache:
                n = row["line"] - 1
                pivots = [p[n] for p in pivots_for(row["system"], outputs, count)]
                cache[key] = checker.findings(source[n], outputs[row["system"]][n], pivots)
            return cache[key]

        missed = []
        for row in errors:
            hits = [f for f in gating(found(row)) if overlaps(f, row["start"], row["end"])]
            if hits:
                caught[row["type"]] += 1
                by_check.update({f.check for f in hits})
            else:
                missed.append(row)
        false = [(row, gating(found(row))) for row in clean if gating(found(row))]
        recall = sum(caught.values()) / max(len(errors), 1)
        print(f"{setup:>10}: recall {recall:.3f} ({sum(caught.values())}/{len(errors)}); "
              f"false positives {len(false) / max(len(clean), 1):.3f} ({len(false)}/{len(clean)} clean cases)")
        print("            by type: " + ", ".join(f"{t} {caught[t]}/{n}" for t, n in sorted(by_type.items())))
        print("            catching checks: " + ", ".join(f"{c} {n}" for c, n in by_check.most_common()))
        if listing:
            for row, fs in false:
                line = outputs[row["system"]][row["line"] - 1]
                for f in fs:
                    span = f.target_span.text(line) if f.target_span else None
                    print(f"    FP {row['system']} {row['line']}: {f.check} {f.severity.value} [{span}] {f.message}")
            for row in missed[:400]:
                line = outputs[row["system"]][row["line"] - 1]
                print(f"    MISS {row['type']} {row['system']} {row['line']}: [{line[row['start']:row['end']]}]"
                      f" -> {row.get('suggestion')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--annotations", type=Path, nargs="*",
                        default=sorted((HERE / "annotations").glob("wmt21-ru-en*.jsonl")))
    parser.add_argument("--split", choices=("held-out", "tune", "all"), default="held-out")
    parser.add_argument("--mlqe", type=Path)
    parser.add_argument("--injected", type=int, default=0, help="inject into this many clean outputs (0: skip)")
    parser.add_argument("--list", action="store_true", help="print each false positive and miss")
    args = parser.parse_args(argv)
    checker = Checker()
    rows = read_annotations(args.annotations)
    dev_set(args.dataset, rows, args.split, checker, args.list)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
