"""How often do the term checks fire? Findings per 100 segments, by check, on WMT21 news ru-en.

Usage:
    .venv/bin/python benchmarks/term_findings.py /work/shared/data/wmt21-news-ru-en \\
        [--systems Online-A Online-B ...] [--sample 30] [--reports DIR] > benchmarks/results/term_findings.txt

For each system, the target is its output (system-outputs/newstest2021.ru-en.hyp.<SYS>.en) and the
pivot is the next system's output in the list (as `--engine file --pivot`), one aligned document per
WMT document (docids.tsv), so term-inconsistent sees whole articles. Only the glossary checks run
(term-missing, term-forbidden, term-inconsistent, figurative) with the built-in glossary.
It prints counts per check and a seeded random sample of findings with their segments, to be read
by a person (the verdicts are not computed here).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

from qa.engine.file import FileEngine
from qa.pipeline import build_glossary, check_bitexts
from qa.records import Bitext
from qa.settings import Settings

CHECKS = ["term-missing", "term-forbidden", "term-inconsistent", "figurative"]


class DocumentPivots(FileEngine):
    """The file engine for one document: its lines of the pivot system's output."""

    def __init__(self, lines: list[str], name: str):
        self.lines = lines
        self.path = Path(name)
        self._digest = "-"


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def documents(dataset: Path) -> list[tuple[str, list[int]]]:
    """(doc id, 0-based line numbers) in file order."""
    order: dict[str, list[int]] = {}
    for row in read_lines(dataset / "docids.tsv")[1:]:
        line, doc = row.split("\t")[:2]
        order.setdefault(doc, []).append(int(line) - 1)
    return list(order.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--systems", nargs="+", default=["Online-A", "Online-B", "Online-G", "Online-W", "Online-Y"])
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reports", type=Path, help="also write one JSON report per system here")
    args = parser.parse_args(argv)

    source = read_lines(args.dataset / "newstest2021.ru-en.src.ru")
    outputs = {s: read_lines(args.dataset / "system-outputs" / f"newstest2021.ru-en.hyp.{s}.en") for s in args.systems}
    docs = documents(args.dataset)
    settings = Settings(engine="file", checks=CHECKS)
    glossary = build_glossary(settings)
    print(f"dataset: {args.dataset.name}; {len(source)} segments, {len(docs)} documents")
    print(f"glossary: {glossary.signature()}")
    print(f"checks: {', '.join(CHECKS)}\n")

    everything = []
    totals: Counter = Counter()
    for n, system in enumerate(args.systems):
        pivot_system = args.systems[(n + 1) % len(args.systems)]
        counts: Counter = Counter()
        report_docs = []
        for doc_id, lines in docs:
            bitext = Bitext(
                id=doc_id,
                source_path=None,
                target_path=None,
                sources=[source[i] for i in lines],
                targets=[outputs[system][i] for i in lines],
                aligned=True,
                ids=[str(i + 1) for i in lines],
            )
            engine = DocumentPivots([outputs[pivot_system][i] for i in lines], pivot_system)
            report = check_bitexts([bitext], settings, engine=engine, glossary=glossary)
            document = report.documents[0]
            report_docs.append(document)
            for finding in document.findings:
                counts[finding.check] += 1
                everything.append((system, pivot_system, document, finding))
        totals.update(counts)
        per100 = ", ".join(f"{c} {counts[c]} ({100 * counts[c] / len(source):.1f})" for c in CHECKS)
        print(f"{system} (pivot {pivot_system}): {sum(counts.values())} findings in {len(source)} segments; "
              f"by check, count (per 100 segments): {per100}")
        if args.reports:
            import json

            from qa.records import Report

            args.reports.mkdir(parents=True, exist_ok=True)
            full = Report(signature={"benchmark": "term_findings", "system": system, "pivot": pivot_system},
                          documents=report_docs)
            (args.reports / f"{system}.json").write_text(json.dumps(full.to_dict(), ensure_ascii=False), encoding="utf-8")
    segments = len(source) * len(args.systems)
    print(f"\nall systems: {sum(totals.values())} findings in {segments} segments "
          f"({100 * sum(totals.values()) / segments:.2f} per 100); "
          + ", ".join(f"{c} {totals[c]} ({100 * totals[c] / segments:.2f})" for c in CHECKS))
    by_severity = Counter(f.severity.value for _, _, _, f in everything)
    print("by severity: " + ", ".join(f"{s} {by_severity[s]}" for s in ("info", "minor", "major", "critical")))

    rng = random.Random(args.seed)
    sample = rng.sample(everything, min(args.sample, len(everything)))
    print(f"\nsample of {len(sample)} findings (seed {args.seed}), to read:\n")
    for k, (system, pivot_system, document, finding) in enumerate(sample, start=1):
        segment = document.segment(finding.segment)
        src = finding.source_span.text(segment.source) if finding.source_span else "-"
        tgt = finding.target_span.text(segment.target) if finding.target_span else "-"
        print(f"[{k}] {system} (pivot {pivot_system}) line {segment.id} {finding.check} {finding.severity.value}: «{src}» / \"{tgt}\"")
        print(f"    message: {finding.message}")
        print("    suggestions: " + ", ".join(f"{s.text} ({s.origin})" for s in finding.suggestions[:4]))
        print(f"    source: {segment.source}")
        print(f"    target: {segment.target}")
        print(f"    pivot:  {segment.pivot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
