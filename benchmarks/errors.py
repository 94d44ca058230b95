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
2. **Injected errors** into the outputs of the first N clean cases (``--injected N``; both splits,
   seed 2021): a name (a word spelling a capitalised source word) replaced by another or removed, a number changed, a negation added or
   removed, a pronoun swapped, a word replaced by its WordNet antonym, 3-5 words dropped, a word
   repeated; caught = a finding ≥ minor overlapping the injected words (for a removal: any finding
   ≥ minor in the segment). The false positives on the same outputs unperturbed are part 1's.
3. **MLQE-PE dev word level** (``--mlqe``): precision, recall and MCC of the target words inside
   findings ≥ minor against the BAD tags. The pivot is the human post-edit: an oracle, and
   labelled so.

The checks run as ``mtqa check`` runs them (every check, the built-in glossary), one segment a
document, without a model (the file engine's pivots).
"""

from __future__ import annotations

import argparse
import json
import random
import re
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


OTHER_NAMES = ("Petrov", "Smirnov", "Kuznetsova", "Volkov", "Sokolov", "Morozov", "Novikova")
NEGATABLE = re.compile(r"\b(is|was|are|were|will|has|have|had|can|could|would|should)\b")
NEGATORS = re.compile(r"\s*\b(not|never)\b|n't\b")
PRONOUNS = {"he": "she", "she": "he", "He": "She", "She": "He", "his": "my", "His": "My", "they": "we", "They": "We"}


def inject(kind: str, text: str, rng: random.Random, wn, source: str = "") -> tuple[str, tuple[int, int] | None] | None:
    """``text`` with one error of ``kind``, and the span of the error in it (None where the error is a
    removal: the place is gone); None where the text offers no place for it."""
    if kind in ("name replaced", "name removed"):
        from qa.align.words import _transliterates

        spelled = [w.lower() for w in re.findall(r"[А-ЯЁ][а-яё]{3,}", source)]
        names = [m for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]{3,}\b", text)  # a source name's spelling
                 if any(_transliterates(w, m.group().lower()) for w in spelled)]
        if not names:
            return None
        m = rng.choice(names)
        if kind == "name removed":
            return text[: m.start()].rstrip() + " " + text[m.end() :].lstrip(), None
        new = next(n for n in OTHER_NAMES if n not in text)
        return text[: m.start()] + new + text[m.end() :], (m.start(), m.start() + len(new))
    if kind == "number changed":
        numbers = list(re.finditer(r"\b\d+\b", text))
        if not numbers:
            return None
        m = rng.choice(numbers)
        new = str(int(m.group()) + rng.choice((1, 2, 10)))
        return text[: m.start()] + new + text[m.end() :], (m.start(), m.start() + len(new))
    if kind == "negation added":
        m = NEGATABLE.search(text)
        if m is None or NEGATORS.search(text):
            return None
        return text[: m.end()] + " not" + text[m.end() :], (m.end() + 1, m.end() + 4)
    if kind == "negation removed":
        m = NEGATORS.search(text)
        return None if m is None else (text[: m.start()] + text[m.end() :], None)
    if kind == "pronoun swapped":
        found = [m for m in re.finditer(r"\b(" + "|".join(PRONOUNS) + r")\b", text)]
        if not found:
            return None
        m = rng.choice(found)
        new = PRONOUNS[m.group()]
        return text[: m.start()] + new + text[m.end() :], (m.start(), m.start() + len(new))
    if kind == "antonym":
        options = []
        for m in re.finditer(r"\b[a-z]{4,}\b", text):
            opposite = sorted(a for a in wn.antonyms(m.group()) if " " not in a and a.isalpha()) if wn else []
            if opposite:
                options.append((m, opposite[0]))
        if not options:
            return None
        m, new = rng.choice(options)
        return text[: m.start()] + new + text[m.end() :], (m.start(), m.start() + len(new))
    if kind == "phrase dropped":
        words = list(re.finditer(r"\S+", text))
        if len(words) < 10:
            return None
        k = rng.randrange(2, len(words) - 6)
        a, b = words[k].start(), words[k + rng.randrange(3, 6)].start()
        return text[:a] + text[b:], None
    if kind == "word repeated":
        words = list(re.finditer(r"\b[a-z]{4,}\b", text))
        if not words:
            return None
        m = rng.choice(words)
        return text[: m.end()] + " " + m.group() + text[m.end() :], (m.start(), m.end() * 2 - m.start() + 1)
    raise ValueError(kind)


INJECTED = ("name replaced", "name removed", "number changed", "negation added", "negation removed",
            "pronoun swapped", "antonym", "phrase dropped", "word repeated")


def injected(
    dataset: Path, rows: list[dict], checker: Checker, limit: int, seed: int = 2021, kinds=INJECTED, setups=tuple(SETUPS),
    show: bool = False,
) -> None:
    """Errors injected into the outputs of the clean cases (both splits: the injection is the test).
    ``seed``: 2021 for the figures reported, another (7) to read misses by; ``show``: print each miss."""
    from qa.lang.en.wordnet import wordnet

    source, outputs = read_systems(dataset)
    clean = [r for r in rows if r["type"] == "clean"][:limit]
    rng = random.Random(seed)
    cases = []
    for row in clean:
        n = row["line"] - 1
        for kind in INJECTED:  # every kind drawn, so that a subset of kinds sees the same cases
            made = inject(kind, outputs[row["system"]][n], rng, wordnet(), source[n])
            if made is not None and kind in kinds:
                cases.append((row, kind, *made))
    print(f"\n## Injected errors: {len(cases)} in {len(clean)} clean outputs (seed {seed})")
    for setup, count in SETUPS.items():
        if setup not in setups:
            continue
        caught: Counter = Counter()
        total: Counter = Counter()
        before: dict[tuple[int, str], int] = {}  # findings >= minor on the unperturbed output
        for row in clean:
            n = row["line"] - 1
            pivots = [p[n] for p in pivots_for(row["system"], outputs, count)]
            before[n, row["system"]] = len(gating(checker.findings(source[n], outputs[row["system"]][n], pivots)))
        for row, kind, text, span in cases:
            n = row["line"] - 1
            pivots = [p[n] for p in pivots_for(row["system"], outputs, count)]
            found = gating(checker.findings(source[n], text, pivots))
            total[kind] += 1
            # an error without a span (a word removed) counts as caught only by a finding the
            # unperturbed output does not have
            if (span is None and len(found) > before[n, row["system"]]) or any(span and overlaps(f, *span) for f in found):
                caught[kind] += 1
            elif show:
                print(f"    MISS {kind} {row['system']} {row['line']}: {text}" + (f" [{text[span[0]:span[1]]}]" if span else ""))
                print(f"         source: {source[n]}")
                print(f"         pivot:  {pivots[0] if pivots else None}")
                print(f"         output: {outputs[row['system']][n]}")
        flagged = sum(1 for v in before.values() if v)
        print(f"{setup:>10}: " + ", ".join(f"{k} {caught[k] / total[k]:.2f} ({caught[k]}/{total[k]})" for k in INJECTED if total[k]))
        print(f"{'':>10}  unperturbed outputs flagged: {flagged / len(before):.3f} ({flagged}/{len(before)})")


def mlqe_word_level(mlqe: Path, checker: Checker, limit: int | None = None) -> None:
    """Target words inside findings ≥ minor against MLQE-PE dev's BAD word tags (gap tags ignored)."""
    pe_dir = mlqe / "post-editing"

    def lines(name: str) -> list[str]:
        return (pe_dir / name).read_text(encoding="utf-8").splitlines()[:limit]

    src, mt, pe, tags = lines("dev.src"), lines("dev.mt"), lines("dev.pe"), lines("dev.tags")
    gold: list[bool] = []
    for line, row in zip(mt, tags, strict=True):
        words = row.split()[1::2]  # gap, word, gap, ...: the word tags
        assert len(words) == len(line.split()), "tags and words disagree"
        gold += [t == "BAD" for t in words]
    print(f"\n## MLQE-PE ru-en dev word level: {len(mt)} segments, {len(gold)} MT words, "
          f"{sum(gold)} BAD ({sum(gold) / len(gold):.3f})")
    for setup, pivots in (("no pivot", None), ("post-edit as pivot (oracle)", pe)):
        predicted: list[bool] = []
        for n, (s, t) in enumerate(zip(src, mt, strict=True)):
            found = gating(checker.findings(s, t, [pivots[n]] if pivots else []))
            offset = 0
            for word in t.split():
                start = t.index(word, offset)
                offset = start + len(word)
                predicted.append(any(overlaps(f, start, offset) for f in found))
        tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
        fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
        fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
        tn = len(gold) - tp - fp - fn
        denominator = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)) ** 0.5
        mcc = (tp * tn - fp * fn) / denominator if denominator else 0.0
        print(f"{setup:>28}: precision {tp / max(tp + fp, 1):.3f}, recall {tp / max(tp + fn, 1):.3f}, "
              f"MCC {mcc:.3f} ({tp + fp} words flagged)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--annotations", type=Path, nargs="*",
                        default=sorted((HERE / "annotations").glob("wmt21-ru-en*.jsonl")))
    parser.add_argument("--split", choices=("held-out", "tune", "all"), default="held-out")
    parser.add_argument("--mlqe", type=Path)
    parser.add_argument("--injected", type=int, default=0, help="inject into this many clean outputs (0: skip)")
    parser.add_argument("--list", action="store_true", help="print each false positive and miss")
    parser.add_argument("--seed", type=int, default=2021, help="of the injection (2021: the reported figures; 7: for reading misses)")
    parser.add_argument("--kinds", nargs="+", choices=INJECTED, default=INJECTED, help="inject only these kinds")
    parser.add_argument("--setups", nargs="+", choices=tuple(SETUPS), default=tuple(SETUPS))
    parser.add_argument("--skip-annotated", action="store_true", help="only the injected errors (and MLQE-PE)")
    args = parser.parse_args(argv)
    checker = Checker()
    rows = read_annotations(args.annotations)
    if not args.skip_annotated:
        dev_set(args.dataset, rows, args.split, checker, args.list)
    if args.injected:
        injected(args.dataset, rows, checker, args.injected, args.seed, args.kinds, args.setups, args.list)
    if args.mlqe:
        mlqe_word_level(args.mlqe, checker)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
