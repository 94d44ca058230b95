"""Sentence alignment of a source document to its translation.

One dynamic programme over all sentences of the document finds the cheapest
monotonic path of links 1:1, 1:2, 2:1, 1:0 and 0:1. A link's cost adds:

- a prior for its kind (merges and skips cost extra);
- a length cost, Gale and Church's: how unlikely the target's length is given
  the source's, with the length ratio estimated from the document itself
  (with pivots, the pivot's length stands in for the source's: both are in
  the target language, so the ratio is near 1 and the spread smaller);
- with pivots, a similarity cost: 1 - cosine of TF-IDF weighted character
  3- and 4-gram vectors of the pivot(s) and the target sentence(s) (Bleualign's
  idea: the retranslation of a source sentence looks like its translation);
- without pivots, a reward for anchors: numbers, punctuation and names
  (capitalised words, transliterated) that the two sides share;
- cognates, with or without pivots: every word is cut to its first four
  letters, the source's transliterated and both spelled alike (президента ->
  "pres", like "president"). A word that the other side has near the same
  place in the document is a cognate; a link gains a reward for each cognate
  on both of its sides and pays a penalty for each one on one side only. Words
  with no counterpart nearby (most non-cognates, function words) count for
  nothing, so a sentence whose cognates are all missing from a candidate link
  (a dropped or an added sentence absorbed into a merge, a substitution) pays
  for each.

Paragraph numbers, when given, are a soft cue (hunalign's idea): a marker is
put between paragraphs on each side; marker to marker costs nothing, a marker
left unmatched costs a penalty, and a marker never links with a sentence nor
sits inside a merge. A marker left unmatched inside a paragraph of the other
side (a paragraph split or joined) costs more than one at a paragraph break of
the other side (a paragraph added or dropped). A target with an extra paragraph
(a translator's footer) thus still aligns, paying one penalty. A merge across a paragraph break is
not found (the marker would sit inside it): it comes out as a 1:1 and a 1:0.

The search runs in a band around the diagonal; if the best path touches the
edge of the band, the band is doubled and the search run again. Row updates
are vectorised with numpy, so a 1000-sentence document takes a fraction of a
second. Memory and time grow linearly with the document: the band starts at
10 + 2 sqrt(sentences) on each side of the diagonal but at most
``INITIAL_BAND`` wide, it is doubled up to ``MAX_BAND`` (so a document of up to
that many sentences may align anywhere, and a longer one strays at most that far
from the diagonal), the search keeps the scores of the last rows only, and the
cost model holds sparse vectors and the dot products of the band only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from qa.align.costs import LENGTH_COSTS, PIVOT_COSTS, AlignCosts, CostModel


@dataclass(frozen=True)
class Link:
    """One alignment link: source sentence indices to target sentence indices."""

    source: tuple[int, ...]
    target: tuple[int, ...]

    @property
    def kind(self) -> str:
        return f"{len(self.source)}:{len(self.target)}"


_KINDS = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1))

INITIAL_BAND = 250
"""The widest initial half-band (the rule 10 + 2 sqrt(sentences) reaches it at 14,400 sentences)."""
MAX_BAND = 2000
"""The widest half-band the search widens to: a path touching its edge is kept."""


MIN_PIVOT_CHRF = 20.0
"""Document chrF (pivots vs target) below which pivots are not used as anchors.

Pivots from a sound model or another system score 40 to 70 against the target;
the tiny random test model's pivots score about 8."""


def pivots_informative(pivots: list[str | None], target: list[str]) -> bool:
    """Whether the pivots resemble the target enough to anchor the alignment."""
    known = [p for p in pivots if p]
    if not known or not target:
        return False
    from sacrebleu.metrics import CHRF

    return CHRF().corpus_score([" ".join(known)], [[" ".join(target)]]).score >= MIN_PIVOT_CHRF


def align(
    source: list[str],
    target: list[str],
    pivots: list[str | None] | None = None,
    *,
    source_paragraphs: list[int] | None = None,
    target_paragraphs: list[int] | None = None,
    costs: AlignCosts | None = None,
    band: int | None = None,
    anchors: bool = True,
) -> list[Link]:
    """Monotonic alignment covering every index exactly once, in order.

    pivots[i] is the retranslation of source[i] into the target language
    (None: unknown). With pivots, the similarity of pivot and target sentences
    anchors the alignment; without, lengths alone (Gale-Church) do.
    source_paragraphs[i] / target_paragraphs[i]: paragraph number of each
    sentence, a soft hint. ``costs``: the cost model (default: PIVOT_COSTS
    or LENGTH_COSTS). ``anchors``: compare the words of source and target:
    cognates (the transliterated source words against the target's, with or
    without pivots) and, without pivots, numbers, punctuation and names
    (False: pivots alone, or lengths alone). ``band``: the initial half-width
    of the search band (widened as needed).

    Pivots that share too little with the target to anchor anything (document
    chrF below ``MIN_PIVOT_CHRF``: a broken or wrong-language model, a pivot file
    for another text) are set aside and lengths are used instead.
    """
    if pivots is not None and len(pivots) != len(source):
        raise ValueError(f"{len(pivots)} pivots for {len(source)} source sentences")
    if pivots is not None and not pivots_informative(pivots, target):
        pivots = None
    if costs is None:
        costs = PIVOT_COSTS if pivots is not None and any(p is not None for p in pivots) else LENGTH_COSTS
    n, m = len(source), len(target)
    if pivots is not None and len(pivots) != n:
        raise ValueError(f"{len(pivots)} pivots for {n} source sentences")
    for name, paragraphs, size in (
        ("source_paragraphs", source_paragraphs, n),
        ("target_paragraphs", target_paragraphs, m),
    ):
        if paragraphs is not None and len(paragraphs) != size:
            raise ValueError(f"{name} has {len(paragraphs)} entries for {size} sentences")
    if n == 0 or m == 0:
        return [Link((i,), ()) for i in range(n)] + [Link((), (j,)) for j in range(m)]
    source_items, source_marker = _with_markers(source, source_paragraphs, target_paragraphs)
    target_items, target_marker = _with_markers(target, target_paragraphs, source_paragraphs)
    pivot_items = None
    if pivots is not None:
        pivot_items, _ = _with_markers(pivots, source_paragraphs, target_paragraphs)
    model = CostModel(source_items, target_items, pivot_items, source_marker, target_marker, costs, anchors)
    big_n, big_m = len(source_items), len(target_items)
    width = band if band is not None else min(int(10 + 2 * math.sqrt(max(big_n, big_m))), INITIAL_BAND)
    while True:
        path, touched_edge = _search(model, big_n, big_m, width)
        if not touched_edge or width >= max(big_n, big_m) or width >= MAX_BAND:
            break
        width = min(width * 2, MAX_BAND)
    source_index = _original_index(source_marker)
    target_index = _original_index(target_marker)
    links = []
    for link in path:
        mapped = Link(
            tuple(int(source_index[i]) for i in link.source if not source_marker[i]),
            tuple(int(target_index[j]) for j in link.target if not target_marker[j]),
        )
        if mapped.source or mapped.target:
            links.append(mapped)
    return _skips_in_order(links)


def _with_markers(
    items: list, paragraphs: list[int] | None, other: list[int] | None
) -> tuple[list, np.ndarray]:
    """Items with a paragraph marker (None) between paragraphs, when both sides have paragraphs."""
    if paragraphs is None or other is None:
        return list(items), np.zeros(len(items), dtype=bool)
    out: list = []
    marker: list[bool] = []
    for k, item in enumerate(items):
        if k > 0 and paragraphs[k] != paragraphs[k - 1]:
            out.append(None)
            marker.append(True)
        out.append(item)
        marker.append(False)
    return out, np.array(marker, dtype=bool)


def _original_index(marker: np.ndarray) -> np.ndarray:
    """For each item of a list with markers, its index in the list without them."""
    return np.cumsum(~marker) - 1


def _skips_in_order(path: list[Link]) -> list[Link]:
    """Within each run of adjacent 1:0 and 0:1 links, put the 1:0 links first (either order is a
    valid path of the same cost; one order makes results comparable)."""
    out: list[Link] = []
    run: list[Link] = []
    for link in [*path, None]:
        if link is not None and not (link.source and link.target):
            run.append(link)
            continue
        out.extend(sorted(run, key=lambda skip: not skip.source))
        run = []
        if link is not None:
            out.append(link)
    return out


def _search(model: CostModel, n: int, m: int, half_width: int) -> tuple[list[Link], bool]:
    """Banded DP; returns the best path and whether it touched the band's edge."""
    inf = math.inf
    lo = np.empty(n + 1, dtype=int)
    hi = np.empty(n + 1, dtype=int)
    for i in range(n + 1):
        centre = round(i * m / n)
        lo[i] = max(0, centre - half_width)
        hi[i] = min(m, centre + half_width) + 1
    # make every row reachable from the previous one (moves advance j by at most 2)
    for i in range(1, n + 1):
        lo[i] = min(lo[i], hi[i - 1] - 1)
        hi[i] = max(hi[i], lo[i - 1] + 1)
    scores: dict[int, np.ndarray] = {}  # the last rows only: a link takes at most two sources
    moves: list[np.ndarray] = []

    def previous(row: int, cols: np.ndarray) -> np.ndarray:
        if row < 0:
            return np.full(len(cols), inf)
        inside = (cols >= lo[row]) & (cols < hi[row])
        out = np.full(len(cols), inf)
        out[inside] = scores[row][cols[inside] - lo[row]]
        return out

    for i in range(n + 1):
        cols = np.arange(lo[i], hi[i])
        best = np.full(len(cols), inf)
        move = np.full(len(cols), -1, dtype=np.int8)
        if i == 0:
            best[cols == 0] = 0.0
        for code, (ds, dt) in enumerate(_KINDS):
            if ds == 0 or ds > i:
                continue
            ok = cols >= dt
            if not ok.any():
                continue
            j = cols[ok]
            start = previous(i - ds, j - dt)
            reachable = np.isfinite(start)
            if not reachable.any():
                continue
            cand = np.full(len(j), inf)
            cand[reachable] = start[reachable] + model.link_cost((ds, dt), i - ds, j[reachable] - dt)
            full = np.full(len(cols), inf)
            full[ok] = cand
            better = full < best
            best[better] = full[better]
            move[better] = code
        # 0:1 links within the row: best[j] = min(best[j], best[j-1] + insertion[j])
        step = np.zeros(len(cols))
        step[1:] = model.insertion_cost(i, cols[1:] - 1)
        cumulative = np.cumsum(step)
        direct = best
        running = np.minimum.accumulate(direct - cumulative) + cumulative
        insert = running < direct - 1e-9
        move[insert] = 2
        scores[i] = running
        scores.pop(i - 3, None)
        moves.append(move)

    links: list[Link] = []
    i, j = n, m
    touched = False
    while i > 0 or j > 0:
        k = j - lo[i]
        if (k == 0 and lo[i] > 0) or (j == hi[i] - 1 and hi[i] < m + 1):
            touched = True
        code = int(moves[i][k])
        if code < 0:
            raise RuntimeError("alignment search found no path")  # cannot happen: (0, 0) reaches all
        ds, dt = _KINDS[code]
        links.append(Link(tuple(range(i - ds, i)), tuple(range(j - dt, j))))
        i, j = i - ds, j - dt
    links.reverse()
    return links, touched
