"""How often the numbers and names checks fire on a line-aligned test set, and a sample to read.

    .venv/bin/python benchmarks/numbers_names_findings.py /work/shared/data/wmt21-news-ru-en \
        --system Online-Y --pivot NVIDIA-NeMo --sample 30

DATASET is a WMT-style folder: newstest*.src.ru, newstest*.ref.*.en and
system-outputs/newstest*.hyp.<SYSTEM>.en, one segment per line. The target is
one system's output; the pivot (the retranslation the checks compare against)
is another system's output or a reference (`ref.A`), given to mtqa through the
`file` engine, or `none`. Runs the library's pipeline with only the numbers
and names checks and prints findings per 100 segments by check and severity,
then a random sample of findings with their source, target and pivot, for a
person to judge. Nothing is scored automatically: reading the sample is the
point.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from qa.pipeline import check_bitexts
from qa.records import Bitext
from qa.settings import Settings


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise SystemExit(f"{folder}: expected one file matching {pattern}, found {len(found)}")
    return found[0]


def _lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _side(folder: Path, name: str) -> Path:
    if name.startswith("ref."):
        return _one(folder, f"*.{name}.en")
    return _one(folder / "system-outputs", f"*.hyp.{name}.en")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--system", default="Online-Y", help="whose output is the target (or ref.A / ref.B)")
    parser.add_argument("--pivot", default="none", help="a system, ref.A / ref.B, or none")
    parser.add_argument("--sample", type=int, default=30, help="findings to print for reading")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jsonl", type=Path, help="write every finding here, one JSON object a line")
    args = parser.parse_args(argv)

    source_path = _one(args.dataset, "*.src.ru")
    target_path = _side(args.dataset, args.system)
    sources, targets = _lines(source_path), _lines(target_path)
    if len(sources) != len(targets):
        raise SystemExit(f"{target_path}: {len(targets)} lines, the source has {len(sources)}")
    bitext = Bitext(id=args.system, source_path=str(source_path), target_path=str(target_path),
                    sources=sources, targets=targets, aligned=True)
    settings = Settings(checks=["numbers", "names"], builtin_glossary=False, use_cache=False)
    if args.pivot == "none":
        settings = settings.replace(engine="none")
    else:
        settings = settings.replace(engine="file", pivot_files=[str(_side(args.dataset, args.pivot))])
    report = check_bitexts([bitext], settings)

    (document,) = report.documents
    segments = {s.id: s for s in document.segments}
    findings = document.findings
    n = len(document.segments)
    print(f"target {args.system}, pivot {args.pivot}: {n} segments, {len(findings)} findings, "
          f"{100 * len(findings) / n:.1f} per 100 segments")
    counts = Counter((f.check, f.severity.value) for f in findings)
    for (check, severity), count in sorted(counts.items()):
        print(f"  {check:8} {severity:6} {count:4}  ({100 * count / n:.1f} per 100)")
    if args.jsonl:
        with open(args.jsonl, "w", encoding="utf-8") as out:
            for f in findings:
                out.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")

    sample = random.Random(args.seed).sample(findings, min(args.sample, len(findings)))
    for number, f in enumerate(sorted(sample, key=lambda f: int(f.segment)), 1):
        segment = segments[f.segment]
        print(f"\n[{number}] line {f.segment} {f.check}/{f.severity.value}: {f.message}")
        print(f"    source: {segment.source}")
        print(f"    target: {segment.target}")
        if segment.pivot:
            print(f"    pivot:  {segment.pivot}")
        if f.suggestions:
            print(f"    suggest: {', '.join(f'{s.text} ({s.origin})' for s in f.suggestions)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
