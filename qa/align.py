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
  idea: the retranslation of a source sentence looks like its translation).

Paragraph numbers, when given, are a soft cue (hunalign's idea): a marker is
put between paragraphs on each side; marker to marker costs nothing, a marker
left unmatched costs a penalty, and a marker never links with a sentence nor
sits inside a merge. A target with an extra paragraph (a translator's footer)
thus still aligns, paying one penalty. A merge across a paragraph break is
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

    merge: float = 2.5  # extra cost of a 1:2 or 2:1 link
    skip: float = 4.0  # cost of a 1:0 or 0:1 link
    paragraph: float = 4.0  # cost of a paragraph break on one side only
    length_variance: float = 6.8  # Gale and Church's s^2 (characters)
    length_weight: float = 1.0  # weight of the length cost without pivots
    pivot_length_weight: float = 0.3  # weight of the length cost with pivots
    similarity_weight: float = 12.0  # weight of (1 - cosine) with pivots


_ERFCC = (
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
    0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
)  # fmt: skip
_KINDS = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1))
_HASH_DIM = 1 << 12
_MULTIPLIERS_3 = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)
_MULTIPLIERS_4 = (0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB)


def align(
    source: list[str],
    target: list[str],
    pivots: list[str | None] | None = None,
    *,
    source_paragraphs: list[int] | None = None,
    target_paragraphs: list[int] | None = None,
    costs: AlignCosts | None = None,
    band: int | None = None,
) -> list[Link]:
    """Monotonic alignment covering every index exactly once, in order.

    pivots[i] is the retranslation of source[i] into the target language
    (None: unknown). With pivots, the similarity of pivot and target sentences
    anchors the alignment; without, lengths alone (Gale-Church) do.
    source_paragraphs[i] / target_paragraphs[i]: paragraph number of each
    sentence, a soft hint. ``band``: the initial half-width of the search band
    (widened as needed).
    """
    costs = costs or AlignCosts()
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
    model = _CostModel(source_items, target_items, pivot_items, source_marker, target_marker, costs)
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

    def __init__(self, source, target, pivots, source_marker, target_marker, costs: AlignCosts):
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
        self.target_pair_marker = target_marker[:-1] | target_marker[1:]
        if self.use_pivots:
            self._init_similarity(pivots, target, known)

    # -- similarity -------------------------------------------------------
    def _init_similarity(self, pivots, target, known):
        vectors = _ngram_vectors([p or "" for p in pivots] + [t or "" for t in target])
        n = len(pivots)
        self.pivot_vectors = vectors[:n]
        self.target_vectors = vectors[n:]
        self.known = known
        p, t = self.pivot_vectors, self.target_vectors
        self.pivot_sq = np.einsum("ij,ij->i", p, p)
        self.target_sq = np.einsum("ij,ij->i", t, t)
        self.pivot_pair_sq = self.pivot_sq[:-1] + self.pivot_sq[1:] + 2 * np.einsum("ij,ij->i", p[:-1], p[1:])
        self.target_pair_sq = (
            self.target_sq[:-1] + self.target_sq[1:] + 2 * np.einsum("ij,ij->i", t[:-1], t[1:])
        )
        self._dot_cache: dict[int, tuple[int, np.ndarray]] = {}

    def _dots(self, i: int, lo: int, hi: int) -> np.ndarray:
        """pivot[i] . target[j] for j in [lo, hi) (clipped to the document)."""
        lo, hi = max(lo, 0), min(hi, len(self.target_len))
        cached = self._dot_cache.get(i)
        if cached is not None and cached[0] <= lo and cached[0] + len(cached[1]) >= hi:
            return cached[1][lo - cached[0] : hi - cached[0]]
        row = self.target_vectors[lo:hi] @ self.pivot_vectors[i]
        self._dot_cache[i] = (lo, row)
        return row

    def _similarity_cost(self, sources: tuple[int, ...], j0: np.ndarray, span: int) -> np.ndarray:
        """Weighted (1 - cosine) of pivots of ``sources`` vs targets j0..j0+span-1."""
        if not all(self.known[i] for i in sources):
            return np.full(len(j0), self.costs.similarity_weight * 0.5)
        lo, hi = int(j0.min()), int(j0.max()) + span
        rows = [self._dots(i, lo, hi) for i in sources]
        parts = [row[j0 - lo + k] for row in rows for k in range(span)]
        dot = np.sum(parts, axis=0)
        psq = self.pivot_sq[sources[0]] if len(sources) == 1 else self.pivot_pair_sq[sources[0]]
        tsq = self.target_sq[j0] if span == 1 else self.target_pair_sq[j0]
        similarity = _cosine(dot, psq * tsq)
        if len(parts) > 1:
            # a merge must be supported by each of its parts, not only by the whole:
            # a short sentence absorbed into a merge adds little to the whole's cosine
            if len(sources) == 2:
                part_sq = [self.pivot_sq[i] * self.target_sq[j0] for i in sources]
            else:
                part_sq = [self.pivot_sq[sources[0]] * self.target_sq[j0 + k] for k in range(span)]
            weakest = np.minimum(_cosine(parts[0], part_sq[0]), _cosine(parts[1], part_sq[1]))
            similarity = (similarity + weakest) / 2.0
        return self.costs.similarity_weight * (1.0 - similarity)

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
            return np.full(len(j0), c.paragraph if self.source_marker[i] else c.skip)
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
        if self.use_pivots:
            cost = cost + self._similarity_cost(tuple(range(i, i + ds)), j0, dt)
        return np.where(target_marker, math.inf, cost)

    def insertion_cost(self, j: np.ndarray) -> np.ndarray:
        """Cost of a 0:1 link taking target j."""
        return np.where(self.target_marker[j], self.costs.paragraph, self.costs.skip)


def _cosine(dot: np.ndarray, squared_norms: np.ndarray) -> np.ndarray:
    denominator = np.sqrt(squared_norms)
    return np.divide(dot, denominator, out=np.zeros_like(dot), where=denominator > 0)


def _neg_log_erfc(x: np.ndarray) -> np.ndarray:
    """-log(erfc(x)) for x >= 0 (Numerical Recipes' erfcc, relative error < 1.2e-7)."""
    t = 1.0 / (1.0 + 0.5 * x)
    poly = np.zeros_like(t)
    for coefficient in reversed(_ERFCC):
        poly = coefficient + t * poly
    return -(np.log(t) - x * x + poly)


def _ngram_vectors(texts: list[str]) -> np.ndarray:
    """TF-IDF weighted, hashed character 3- and 4-gram counts, one row per text.

    The hash is computed with numpy over code points, so it is the same in
    every process (Python's own string hash is salted per process).
    """
    padded = [f" {' '.join(t.lower().split())} \x00" for t in texts]
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(texts)), [len(p) for p in padded])
    keys = []
    for size, multipliers in ((3, _MULTIPLIERS_3), (4, _MULTIPLIERS_4)):
        if len(codes) < size:
            continue
        count = len(codes) - size + 1
        h = np.zeros(count, dtype=np.uint64)
        for k, factor in enumerate(multipliers):
            h += codes[k : k + count] * np.uint64(factor)
        valid = (owner[:count] == owner[size - 1 :]) & (codes[size - 1 :] != 0)
        bucket = (h[valid] >> np.uint64(29)) % np.uint64(_HASH_DIM)
        keys.append(owner[:count][valid].astype(np.int64) * _HASH_DIM + bucket.astype(np.int64))
    counts = np.zeros((len(texts), _HASH_DIM), dtype=np.float32)
    if keys:
        unique, tally = np.unique(np.concatenate(keys), return_counts=True)
        counts.ravel()[unique] = tally
    df = (counts > 0).sum(axis=0)
    idf = np.log((len(texts) + 1) / (df + 1)).astype(np.float32) + 1.0
    return np.sqrt(counts) * idf


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
        step[1:] = model.insertion_cost(cols[1:] - 1)
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
