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
second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from qa.align.similarity import (
    Cognates,
    Similarity,
    source_anchors,
    source_cognates,
    target_anchors,
    target_cognates,
)


@dataclass(frozen=True)
class Link:
    """One alignment link: source sentence indices to target sentence indices."""

    source: tuple[int, ...]
    target: tuple[int, ...]

    @property
    def kind(self) -> str:
        return f"{len(self.source)}:{len(self.target)}"


@dataclass(frozen=True)
class AlignCosts:
    """The knobs of the cost model (negative log-probabilities, roughly)."""

    merge: float = 3.5  # extra cost of a 1:2 or 2:1 link
    skip: float = 5.0  # cost of a 1:0 or 0:1 link
    paragraph: float = 4.0  # cost of a paragraph break on one side only, at a break of the other
    paragraph_split: float = 12.0  # cost of a paragraph break on one side inside a paragraph of the other
    length_variance: float = 6.8  # Gale and Church's s^2 (characters)
    length_weight: float = 1.0  # weight of the length cost without pivots
    pivot_length_weight: float = 0.6  # weight of the length cost with pivots
    similarity_weight: float = 12.0  # weight of (1 - cosine) with pivots
    normalise: bool = True  # scale similarity costs by each sentence's mean distance to others
    part_weight: float = 0.5  # share of a merge's similarity given to its weakest part
    anchor_weight: float = 4.0  # without pivots, a link gains this times the cosine of its anchors
    anchor_missing: float = 0.0  # without pivots, cost of a link with anchors on one side only
    cognate_reward: float = 1.4  # a link gains this for each cognate on both its sides
    cognate_miss: float = 0.05  # a link pays this for each cognate on one of its sides only


PIVOT_COSTS = AlignCosts()
"""Costs used with pivots (tuned on WMT21 ru-en Online-Y, see benchmarks/align.py; the cognate
costs on edit seeds 4-11, apart from the seeds the benchmark reports)."""
LENGTH_COSTS = AlignCosts(
    skip=3.0,
    merge=2.5,
    part_weight=0.8,
    anchor_weight=10.0,
    anchor_missing=3.0,
    cognate_reward=1.5,
    cognate_miss=1.2,
)
"""Costs used without pivots (tuned on Online-Y, edit seeds 1, 4 and 5)."""

_ERFCC = (
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
    0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
)  # fmt: skip
_KINDS = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1))


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
    model = _CostModel(source_items, target_items, pivot_items, source_marker, target_marker, costs, anchors)
    big_n, big_m = len(source_items), len(target_items)
    width = band if band is not None else int(10 + 2 * math.sqrt(max(big_n, big_m)))
    while True:
        path, touched_edge = _search(model, big_n, big_m, width)
        if not touched_edge or width >= max(big_n, big_m):
            break
        width *= 2
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


class _CostModel:
    """Per-link costs, vectorised over a range of target positions.

    source, target and pivots may hold paragraph markers (None, flagged in
    source_marker / target_marker).
    """

    def __init__(
        self, source, target, pivots, source_marker, target_marker, costs: AlignCosts, anchors: bool
    ):
        self.costs = costs
        self.source_marker = source_marker
        self.target_marker = target_marker
        target_len = np.array([len(t or "") for t in target], dtype=float)
        source_len = np.array([len(s or "") for s in source], dtype=float)
        self.use_pivots = pivots is not None and any(p is not None for p in pivots)
        if self.use_pivots:
            known = np.array([p is not None for p in pivots])
            pivot_len = np.array([len(p or "") for p in pivots], dtype=float)
            ratio = pivot_len[known].sum() / max(source_len[known].sum(), 1.0)
            source_len = np.where(known, pivot_len, source_len * ratio)
            self.length_weight = costs.pivot_length_weight
        else:
            self.length_weight = costs.length_weight
        self.ratio = max(target_len.sum(), 1.0) / max(source_len.sum(), 1.0)
        self.source_len = source_len
        self.target_len = target_len
        # lengths of consecutive pairs: pair[k] = len[k] + len[k + 1]
        self.source_pair_len = source_len[:-1] + source_len[1:]
        self.target_pair_len = target_len[:-1] + target_len[1:]
        self.source_pair_marker = source_marker[:-1] | source_marker[1:]
        # boundary[k]: position k (between items k - 1 and k) is at a paragraph break
        self.source_boundary = _boundaries(source_marker)
        self.target_boundary = _boundaries(target_marker)
        self.target_pair_marker = target_marker[:-1] | target_marker[1:]
        self.channels: list[Similarity] = []
        if self.use_pivots:
            self.channels.append(
                Similarity(
                    [p or "" for p in pivots],
                    [t or "" for t in target],
                    known,
                    costs.similarity_weight,
                    costs.similarity_weight * 0.5,
                    costs.part_weight,
                    normalise=costs.normalise,
                )
            )
        if anchors and (costs.cognate_reward or costs.cognate_miss):
            self.channels.append(
                Cognates(
                    [source_cognates(s) if s is not None else [] for s in source],
                    [target_cognates(t) if t is not None else [] for t in target],
                    costs.cognate_reward,
                    costs.cognate_miss,
                )
            )
        if anchors and not self.use_pivots:
            anchor_texts = [source_anchors(s) if s is not None else "" for s in source]
            self.channels.append(
                Similarity(
                    anchor_texts,
                    [target_anchors(t) if t is not None else "" for t in target],
                    np.array([not m for m in source_marker]),
                    costs.anchor_weight,
                    costs.anchor_missing,
                    costs.part_weight,
                    reward=True,
                )
            )

    # -- similarity -------------------------------------------------------
    # -- lengths ----------------------------------------------------------
    def _length_cost(self, ls: float | np.ndarray, lt: np.ndarray) -> np.ndarray:
        mean = np.maximum((ls + lt / self.ratio) / 2.0, 1.0)
        delta = np.abs(lt - ls * self.ratio) / np.sqrt(mean * self.costs.length_variance)
        return self.length_weight * _neg_log_erfc(delta / math.sqrt(2.0))

    # -- link costs ---------------------------------------------------------
    def link_cost(self, kind: tuple[int, int], i: int, j0: np.ndarray) -> np.ndarray:
        """Cost of a link of ``kind`` taking source i.. and target j0.. (vectorised over j0)."""
        c = self.costs
        ds, dt = kind
        if dt == 0:
            if self.source_marker[i]:
                return np.where(self.target_boundary[j0], c.paragraph, c.paragraph_split)
            return np.full(len(j0), c.skip)
        if ds == 1 and self.source_marker[i]:
            if dt == 2:
                return np.full(len(j0), math.inf)
            return np.where(self.target_marker[j0], 0.0, math.inf)
        if ds == 2 and self.source_pair_marker[i]:
            return np.full(len(j0), math.inf)
        target_marker = self.target_marker[j0] if dt == 1 else self.target_pair_marker[j0]
        ls = self.source_len[i] if ds == 1 else self.source_pair_len[i]
        lt = self.target_len[j0] if dt == 1 else self.target_pair_len[j0]
        cost = self._length_cost(ls, lt)
        if ds + dt == 3:
            cost = cost + c.merge
        for channel in self.channels:
            cost = cost + channel.cost(tuple(range(i, i + ds)), j0, dt)
        return np.where(target_marker, math.inf, cost)

    def insertion_cost(self, i: int, j: np.ndarray) -> np.ndarray:
        """Cost of a 0:1 link taking target j at source position i."""
        marker = self.costs.paragraph if self.source_boundary[i] else self.costs.paragraph_split
        return np.where(self.target_marker[j], marker, self.costs.skip)


def _search(model: _CostModel, n: int, m: int, half_width: int) -> tuple[list[Link], bool]:
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
    scores: list[np.ndarray] = []
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
        scores.append(running)
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

def _boundaries(marker: np.ndarray) -> np.ndarray:
    out = np.ones(len(marker) + 1, dtype=bool)
    out[1:-1] = marker[:-1] | marker[1:]
    return out


def _neg_log_erfc(x: np.ndarray) -> np.ndarray:
    """-log(erfc(x)) for x >= 0 (Numerical Recipes' erfcc, relative error < 1.2e-7)."""
    t = 1.0 / (1.0 + 0.5 * x)
    poly = np.zeros_like(t)
    for coefficient in reversed(_ERFCC):
        poly = coefficient + t * poly
    return -(np.log(t) - x * x + poly)
