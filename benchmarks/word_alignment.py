"""Alignment error rate of mtqa's word links on MLQE-PE ru-en dev (``dev.src-mt.alignments``).

The reference links are those MLQE-PE distributes with its word-level QE data: automatic
source-MT links made by the dataset's authors, not links drawn by people, so the figure says how
close mtqa's links come to a standard aligner's, not to a human's. The dataset's tokenisation is
used as it is. AER = 1 - 2|A∩S| / (|A| + |S|) with every reference link taken as sure.

    python benchmarks/word_alignment.py ../shared/data/mlqe-pe-ru-en [--eflomal]

``--eflomal`` also aligns the dev set with eflomal itself (the dev set on its own, and in
documents of 30 sentences with the training corpora's links as priors), for comparison; its
figures vary from run to run (eflomal seeds from /dev/urandom).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa.align.lexicon import load_lexicon  # noqa: E402
from qa.align.words import link_words  # noqa: E402


def aer(predicted: list[set], gold: list[set]) -> tuple[float, float, float]:
    hit = sum(len(p & g) for p, g in zip(predicted, gold, strict=True))
    n_pred, n_gold = sum(map(len, predicted)), sum(map(len, gold))
    return 1 - 2 * hit / (n_pred + n_gold), hit / max(n_pred, 1), hit / n_gold


def parse(line: str) -> set[tuple[int, int]]:
    return {tuple(map(int, x.split("-"))) for x in line.split()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mlqe", type=Path)
    ap.add_argument("--eflomal", action="store_true")
    args = ap.parse_args()
    pe = args.mlqe / "post-editing"
    src = [s.split() for s in (pe / "dev.src").read_text(encoding="utf-8").splitlines()]
    mt = [s.split() for s in (pe / "dev.mt").read_text(encoding="utf-8").splitlines()]
    gold = [parse(line) for line in (pe / "dev.src-mt.alignments").read_text().splitlines()]
    lexicon = load_lexicon()
    t0 = time.perf_counter()
    ours = [set(link_words(s, t, lexicon).pairs) for s, t in zip(src, mt, strict=True)]
    elapsed = time.perf_counter() - t0
    words = sum(len(s) for s in src)
    print(f"MLQE-PE ru-en dev: {len(src)} sentence pairs, {sum(map(len, gold))} reference links")
    print(f"lexicon: {len(lexicon)} stem pairs")
    print("mtqa links:           AER %.3f  precision %.3f  recall %.3f" % aer(ours, gold),
          f"({elapsed:.2f} s, {words / elapsed:,.0f} source words/s)")
    alnum = [{(i, j) for i, j in g if src[k][i][0].isalnum() and mt[k][j][0].isalnum()} for k, g in enumerate(gold)]
    ours_alnum = [{(i, j) for i, j in o if src[k][i][0].isalnum() and mt[k][j][0].isalnum()} for k, o in enumerate(ours)]
    print("  words only (no punctuation): AER %.3f  precision %.3f  recall %.3f" % aer(ours_alnum, alnum))
    if args.eflomal:
        _eflomal(args.mlqe, src, mt, gold)


def _eflomal(mlqe: Path, src, mt, gold) -> None:
    import io
    import tempfile

    import eflomal

    from qa.align.lexicon import _corpus, stem

    def run(s_sents, t_sents, priors=None):
        s_lines = [" ".join(stem(w) for w in s) + "\n" for s in s_sents]
        t_lines = [" ".join(stem(w) for w in t) + "\n" for t in t_sents]
        with tempfile.TemporaryDirectory() as tmp:
            fwd, rev = Path(tmp, "f"), Path(tmp, "r")
            eflomal.Aligner().align(s_lines, t_lines, links_filename_fwd=str(fwd), links_filename_rev=str(rev),
                                    priors_input=io.StringIO(priors) if priors else None)
            return [parse(a) & parse(b) for a, b in zip(fwd.read_text().splitlines(), rev.read_text().splitlines(), strict=True)]

    print("eflomal, intersection of both directions:")
    print("  dev alone:            AER %.3f  precision %.3f  recall %.3f" % aer(run(src, mt), gold))
    tr_s, tr_t = _corpus(mlqe, Path(str(mlqe).replace("mlqe-pe-ru-en", "tico19-en-ru")))
    s_lines = [" ".join(stem(w) for w in s) + "\n" for s in tr_s]
    t_lines = [" ".join(stem(w) for w in t) + "\n" for t in tr_t]
    with tempfile.TemporaryDirectory() as tmp:
        fwd, rev = Path(tmp, "f"), Path(tmp, "r")
        eflomal.Aligner().align(s_lines, t_lines, links_filename_fwd=str(fwd), links_filename_rev=str(rev))
        pri = eflomal.calculate_priors(s_lines, t_lines, fwd.read_text().splitlines(), rev.read_text().splitlines())
    buf = io.StringIO()
    eflomal.write_priors(buf, *pri)
    out = []
    for k in range(0, len(src), 30):
        out += run(src[k : k + 30], mt[k : k + 30], buf.getvalue())
    print("  documents of 30, with priors: AER %.3f  precision %.3f  recall %.3f" % aer(out, gold))


if __name__ == "__main__":
    main()
