"""Sentence alignment benchmark on WMT21 news ru-en with synthetic edits.

For each document (docids.tsv), the source lines are grouped into paragraphs of
1-4 lines (seeded), and a target is made from another translation of the same
lines (a system output or a reference) by editing it at random: a share of the
target sentences is dropped (gold 1:0), split in two at a comma or near the
middle (1:2), merged with the next one in the same paragraph (2:1), and
sentences from other documents are inserted (0:1). The alignment of source
to edited target is then compared with the known links, with pivots (another
system's output for each source line) and without, each with and without the
lexical cues (cognates; without pivots also anchors: numbers, names,
punctuation) and paragraphs. A row "no cognates" keeps the anchors but sets the
cognate costs to zero, to show what cognates add.

Scores are precision, recall and F1 of links (exact match of source and target
index tuples, 1:0 and 0:1 included), summed over all documents. Time is the
wall-clock time of the align() calls. A last run aligns the whole test set as
one 1000-line document, for speed.

    .venv/bin/python benchmarks/align.py --data /work/shared/data/wmt21-news-ru-en
"""

from __future__ import annotations

import argparse
import os
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, fields, replace
from pathlib import Path

from qa.align.links import LENGTH_COSTS, PIVOT_COSTS, Link, align


@dataclass
class Case:
    doc: str
    source: list[str]
    pivots: list[str]
    target: list[str]
    source_paragraphs: list[int]
    target_paragraphs: list[int]
    gold: list[Link]


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def translation_path(data: Path, name: str) -> Path:
    if name in ("ref.A", "ref.B"):
        return data / f"newstest2021.ru-en.{name}.en"
    return data / "system-outputs" / f"newstest2021.ru-en.hyp.{name}.en"


def documents(data: Path) -> list[tuple[str, list[int]]]:
    docs: dict[str, list[int]] = defaultdict(list)
    for row in read_lines(data / "docids.tsv")[1:]:
        line, doc_id = row.split("\t")[:2]
        docs[doc_id].append(int(line) - 1)
    return list(docs.items())


def split_in_two(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    """Split at a comma or semicolon near the middle, else at a word boundary near the middle."""
    words = sentence.split(" ")
    if len(words) < 6:
        return None
    middle = len(sentence) / 2
    cuts = [m.end() for m in re.finditer(r"[,;:] ", sentence)]
    cuts = [c for c in cuts if 0.25 * len(sentence) < c < 0.75 * len(sentence)]
    if not cuts:
        cuts = [m.end() for m in re.finditer(r" ", sentence)]
        cuts = [c for c in cuts if 0.3 * len(sentence) < c < 0.7 * len(sentence)]
    if not cuts:
        return None
    cut = min(cuts, key=lambda c: abs(c - middle) + rng.random())
    first, second = sentence[:cut].rstrip(" ,;:") + ".", sentence[cut:].strip()
    return first, second[:1].upper() + second[1:]


def make_case(doc, lines, src, piv, tgt, others, rng, rates) -> Case:
    source = [src[k] for k in lines]
    pivots = [piv[k] for k in lines]
    translation = [tgt[k] for k in lines]
    paragraphs, p = [], 0
    while len(paragraphs) < len(lines):
        paragraphs.extend([p] * rng.randint(1, 4))
        p += 1
    paragraphs = paragraphs[: len(lines)]
    target: list[str] = []
    target_paragraphs: list[int] = []
    gold: list[Link] = []

    def add(sentence: str, paragraph: int) -> int:
        target.append(sentence)
        target_paragraphs.append(paragraph)
        return len(target) - 1

    i = 0
    while i < len(lines):
        if rng.random() < rates["insert"]:
            gold.append(Link((), (add(rng.choice(others), paragraphs[i]),)))
        r = rng.random()
        if r < rates["drop"]:
            gold.append(Link((i,), ()))
            i += 1
            continue
        r -= rates["drop"]
        if r < rates["split"]:
            pieces = split_in_two(translation[i], rng)
            if pieces:
                a, b = add(pieces[0], paragraphs[i]), add(pieces[1], paragraphs[i])
                gold.append(Link((i,), (a, b)))
                i += 1
                continue
        r -= rates["split"]
        if r < rates["merge"] and i + 1 < len(lines) and paragraphs[i + 1] == paragraphs[i]:
            j = add(translation[i] + " " + translation[i + 1], paragraphs[i])
            gold.append(Link((i, i + 1), (j,)))
            i += 2
            continue
        gold.append(Link((i,), (add(translation[i], paragraphs[i]),)))
        i += 1
    return Case(doc, source, pivots, target, paragraphs, target_paragraphs, gold)


def score(cases: list[Case], use_pivots: bool, use_paragraphs: bool, overrides: dict, anchors: bool = True):
    costs = replace(PIVOT_COSTS if use_pivots else LENGTH_COSTS, **overrides)
    true_positive = predicted = expected = 0
    missed: Counter = Counter()
    gold_kinds: Counter = Counter()
    seconds = 0.0
    for case in cases:
        started = time.perf_counter()
        links = align(
            case.source,
            case.target,
            case.pivots if use_pivots else None,
            source_paragraphs=case.source_paragraphs if use_paragraphs else None,
            target_paragraphs=case.target_paragraphs if use_paragraphs else None,
            costs=costs,
            anchors=anchors,
        )
        seconds += time.perf_counter() - started
        found = set(links)
        true_positive += len(found & set(case.gold))
        predicted += len(links)
        expected += len(case.gold)
        for link in case.gold:
            gold_kinds[link.kind] += 1
            if link not in found:
                missed[link.kind] += 1
    precision = true_positive / max(predicted, 1)
    recall = true_positive / max(expected, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    per_kind = " ".join(
        f"{kind}:{1 - missed[kind] / gold_kinds[kind]:.3f}"
        for kind in ("1:1", "1:2", "2:1", "1:0", "0:1")
        if gold_kinds[kind]
    )
    return precision, recall, f1, seconds, per_kind, expected


NO_COGNATES = {"cognate_reward": 0.0, "cognate_miss": 0.0}

# (name, pivots, anchors, paragraphs, cost overrides); anchors: cognates, and without pivots also
# numbers, names and punctuation (align's default is anchors on)
MODES = [
    ("pivot + cognates + paragraphs", True, True, True, {}),
    ("pivot + cognates", True, True, False, {}),
    ("pivot + paragraphs", True, False, True, {}),
    ("pivot", True, False, False, {}),
    ("lengths + anchors + cognates + paragraphs", False, True, True, {}),
    ("lengths + anchors + cognates", False, True, False, {}),
    ("lengths + anchors + paragraphs (no cognates)", False, True, True, NO_COGNATES),
    ("lengths + paragraphs", False, False, True, {}),
    ("lengths", False, False, False, {}),
]
# the modes of the whole-set run
WHOLE_MODES = [MODES[0], MODES[2], MODES[4], MODES[7]]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="the wmt21-news-ru-en folder")
    parser.add_argument(
        "--target",
        action="append",
        help="translation edited into the target (repeatable); default Online-Y and ref.A",
    )
    parser.add_argument("--pivot", default="Online-B", help="system output used as pivot")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--drop", type=float, default=0.1)
    parser.add_argument("--split", type=float, default=0.1)
    parser.add_argument("--merge", type=float, default=0.1)
    parser.add_argument("--insert", type=float, default=0.05)
    parser.add_argument(
        "--cost",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override an AlignCosts field, e.g. --cost skip=3.5",
    )
    parser.add_argument("--no-whole", action="store_true", help="skip the 1000-line document run")
    args = parser.parse_args()
    costs = {}
    names = {f.name for f in fields(PIVOT_COSTS)}
    for item in args.cost:
        name, value = item.split("=")
        if name not in names:
            parser.error(f"unknown cost {name}; known: {', '.join(sorted(names))}")
        costs[name] = float(value)
    rates = {"drop": args.drop, "split": args.split, "merge": args.merge, "insert": args.insert}
    targets = args.target or ["Online-Y", "ref.A"]

    data = args.data
    src = read_lines(data / "newstest2021.ru-en.src.ru")
    piv = read_lines(translation_path(data, args.pivot))
    docs = documents(data)
    print(
        f"data: {data.name}, {len(docs)} documents, {len(src)} lines; pivot {args.pivot}; "
        f"edit rates {rates}; seeds {args.seeds}"
    )
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (times are wall-clock)")
    print(
        "P, R, F1, time: means over the seeds (time: all documents of one seed); recall by kind: first seed"
    )
    print(f"costs with pivots: {replace(PIVOT_COSTS, **costs)}")
    print(f"costs without: {replace(LENGTH_COSTS, **costs)}")
    print(
        f"{'target':10} {'mode':44} {'links':>6} {'P':>6} {'R':>6} {'F1':>6} {'time_s':>7}  recall by gold kind"
    )
    for name in targets:
        tgt = read_lines(translation_path(data, name))
        for mode, use_pivots, anchors, use_paragraphs, overrides in MODES:
            totals = []
            for seed in args.seeds:
                rng = random.Random(seed)
                cases = []
                for doc, lines in docs:
                    others = [tgt[k] for d, ls in docs if d != doc for k in ls]
                    cases.append(make_case(doc, lines, src, piv, tgt, others, rng, rates))
                totals.append(score(cases, use_pivots, use_paragraphs, costs | overrides, anchors))
            p = sum(t[0] for t in totals) / len(totals)
            r = sum(t[1] for t in totals) / len(totals)
            f = sum(t[2] for t in totals) / len(totals)
            seconds = sum(t[3] for t in totals) / len(totals)
            print(
                f"{name:10} {mode:44} {totals[0][5]:6d} {p:6.3f} {r:6.3f} {f:6.3f} {seconds:7.3f}  "
                f"{totals[0][4]} (seed {args.seeds[0]})"
            )
    if not args.no_whole:
        tgt = read_lines(translation_path(data, targets[0]))
        rng = random.Random(args.seeds[0])
        whole = make_case("all", list(range(len(src))), src, piv, tgt, tgt[:200], rng, rates)
        for mode, use_pivots, anchors, _, overrides in WHOLE_MODES:
            p, r, f, seconds, per_kind, n = score([whole], use_pivots, True, costs | overrides, anchors)
            print(
                f"whole test set as one document ({len(whole.source)} source, {len(whole.target)} target "
                f"sentences), {mode}: F1 {f:.3f}, align time {seconds:.3f} s"
            )


if __name__ == "__main__":
    main()
