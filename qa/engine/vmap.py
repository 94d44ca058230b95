"""A vocabulary shortlist for CTranslate2 (``vmap.txt``), built from the model's own translations.

As Bergamot's lexical shortlists do, decoding then scores only the target
tokens that the batch's source tokens have been seen to produce, plus the
most frequent target tokens, instead of the whole vocabulary: the output
projection is the largest single cost per generated token. Built from a
model's own pivots, the shortlist reproduces those pivots exactly; on other
text a pivot may change, which ``benchmarks/speed.py`` measures.

Format (one rule per line): ``source_token<TAB>target_token target_token ...``;
the line with an empty source lists the tokens that are always candidates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from qa.engine.vocab import MarianVocab


def shortlist(
    vocab: MarianVocab,
    pairs: Iterable[tuple[str, list[str]]],
    *,
    per_source_token: int = 0,
    always: int = 200,
) -> dict[str, list[str]]:
    """Rules from (source, pivot pieces) pairs: each source piece → the pivot pieces seen with it.

    The pivot pieces are what the model generated (``engine.pivot_pieces``), not a
    re-segmentation of the pivot text, so that the rules cover every generated piece.

    per_source_token: keep only the most frequent N (0: all); always: the N most
    frequent pivot pieces overall are candidates for every batch.
    """
    seen: dict[str, Counter] = defaultdict(Counter)
    overall: Counter = Counter()
    specials = {vocab.eos_token, vocab.pad_token, vocab.unk_token}
    for source, pieces in pairs:
        source_tokens = set(vocab.encode_source(source).tokens) - specials
        target_tokens = Counter(t for t in pieces if t not in specials)
        overall.update(target_tokens)
        for token in source_tokens:
            seen[token].update(target_tokens)
    rules = {"": [t for t, _ in overall.most_common(always)]}
    for token, counts in sorted(seen.items()):
        ranked = [t for t, _ in counts.most_common(per_source_token or None)]
        rules[token] = ranked
    return rules


def write_vmap(rules: dict[str, list[str]], path: str | Path) -> Path:
    path = Path(path)
    lines = [f"{source}\t{' '.join(targets)}" for source, targets in rules.items() if targets or source == ""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
