"""The word-translation table that word links read (``qa/data/align/ru-en.lexicon.tsv.gz``).

Learned from parallel text by eflomal (a maintained Bayesian HMM aligner with fertility,
``pip install eflomal``): both directions of its links, over word stems (:func:`stem`), counted
as (source stem, target stem, links). Built from CC0 data only, so that the table can ship:

- MLQE-PE ru-en train (7,000 Reddit and Wikiquote sentences, each with its MT and its human
  post-edit: 14,000 pairs; CC0 1.0)
- TICO-19 en-ru (3,071 pairs, COVID-19 domain; CC0 1.0)

Rebuild it with::

    pip install eflomal
    python -m qa.align.lexicon ../shared/data/mlqe-pe-ru-en ../shared/data/tico19-en-ru

mtqa does not run eflomal when it checks: eflomal's sampler seeds itself from /dev/urandom, so
two runs would link words differently, and a gate must give the same answer every time. The
links of a checked text are decoded deterministically from this table (:mod:`qa.align.words`).
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

from qa.lang.morphology import fold

TABLE = Path(__file__).resolve().parent.parent / "data" / "align" / "ru-en.lexicon.tsv.gz"
#: words are compared by their first letters (lower case, ё as е): inflections share a stem
STEM = 5
#: pairs seen fewer times are dropped from the shipped table (alignment noise)
MIN_COUNT = 2

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)


def stem(word: str) -> str:
    """The alignment key of a word: its first :data:`STEM` letters, folded."""
    return fold(word)[:STEM]


class Lexicon:
    """Link counts between source and target stems, with each stem's total."""

    def __init__(self, pairs: dict[tuple[str, str], int]):
        self.pairs = pairs
        self.source_totals: Counter[str] = Counter()
        self.target_totals: Counter[str] = Counter()
        self.source_best: dict[str, int] = {}
        for (s, t), n in pairs.items():
            self.source_totals[s] += n
            self.target_totals[t] += n
            self.source_best[s] = max(self.source_best.get(s, 0), n)

    def __len__(self) -> int:
        return len(self.pairs)

    def count(self, source_stem: str, target_stem: str) -> int:
        return self.pairs.get((source_stem, target_stem), 0)

    def strength(self, source_stem: str, target_stem: str) -> float:
        """How strongly two stems translate each other: the geometric mean of p(t|s) and p(s|t)
        (0 for a pair never linked)."""
        n = self.pairs.get((source_stem, target_stem), 0)
        if not n:
            return 0.0
        return n / (self.source_totals[source_stem] * self.target_totals[target_stem]) ** 0.5

    def best(self, source_stem: str) -> int:
        """How often the source stem's most frequent translation was linked to it (0: never seen)."""
        return self.source_best.get(source_stem, 0)

    def knows(self, source_stem: str) -> bool:
        return source_stem in self.source_totals


@lru_cache(maxsize=4)
def load_lexicon(path: Path = TABLE) -> Lexicon:
    """The shipped table (read once per process); an empty lexicon where the file is missing."""
    pairs: dict[tuple[str, str], int] = {}
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                s, t, n = line.rstrip("\n").split("\t")
                pairs[s, t] = int(n)
    return Lexicon(pairs)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _corpus(mlqe: Path, tico: Path) -> tuple[list[list[str]], list[list[str]]]:
    def lines(path: Path) -> list[str]:
        return path.read_text(encoding="utf-8").splitlines()

    pe = mlqe / "post-editing"
    src, tgt = [], []
    for side in ("mt", "pe"):
        src += lines(pe / "train.src")
        tgt += lines(pe / f"train.{side}")
    with open(tico / "tico19_en-ru.tsv", encoding="utf-8", newline="") as f:
        for row in list(csv.DictReader(f, delimiter="\t")):
            src.append(row["ru"])
            tgt.append(row["en"])
    pairs = [(_tokens(s), _tokens(t)) for s, t in zip(src, tgt, strict=True)]
    pairs = [(s, t) for s, t in pairs if s and t]
    return [s for s, _ in pairs], [t for _, t in pairs]


def build(mlqe: Path, tico: Path, out: Path = TABLE) -> int:
    """Align the CC0 corpora with eflomal and write the stem-pair counts; returns the pair count."""
    import eflomal  # build time only

    src, tgt = _corpus(mlqe, tico)
    src_stems = [" ".join(stem(w) for w in s) + "\n" for s in src]
    tgt_stems = [" ".join(stem(w) for w in t) + "\n" for t in tgt]
    with tempfile.TemporaryDirectory() as tmp:
        fwd, rev = Path(tmp, "fwd"), Path(tmp, "rev")
        eflomal.Aligner().align(src_stems, tgt_stems, links_filename_fwd=str(fwd), links_filename_rev=str(rev))
        counts: Counter[tuple[str, str]] = Counter()
        for links_file in (fwd, rev):
            for s_line, t_line, links in zip(src_stems, tgt_stems, links_file.read_text().splitlines(), strict=True):
                s_words, t_words = s_line.split(), t_line.split()
                for link in links.split():
                    i, j = map(int, link.split("-"))
                    counts[s_words[i], t_words[j]] += 1
    kept = sorted((k, n) for k, n in counts.items() if n >= MIN_COUNT and _TOKEN.match(k[0])[0][0].isalnum())
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", mtime=0) as raw, open_text(raw) as f:
        for (s, t), n in kept:
            f.write(f"{s}\t{t}\t{n}\n")
    return len(kept)


def open_text(raw):
    import io

    return io.TextIOWrapper(raw, encoding="utf-8", newline="\n")


if __name__ == "__main__":  # pragma: no cover - a build step, run by hand
    if len(sys.argv) != 3:
        sys.exit("usage: python -m qa.align.lexicon MLQE_PE_DIR TICO19_DIR")
    n = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{n} stem pairs -> {TABLE}")
