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
import re
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
_HASH_DIM = 1 << 12
_MULTIPLIERS_3 = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)
_MULTIPLIERS_4 = (0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB)


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


class _Similarity:
    """One similarity channel: texts on the source side (pivots, or anchors) against texts on the
    target side, as weighted (1 - cosine) of character n-gram vectors, vectorised over targets.

    known[i] False: nothing is known of source i; links with it cost ``unknown``. When both sides
    of a link are empty texts (no anchors on either side), the link costs ``unknown`` too.
    """

    def __init__(
        self,
        left: list[str],
        right: list[str],
        known: np.ndarray,
        weight: float,
        unknown: float,
        part_weight: float,
        normalise: bool = False,
        typical: float = 0.9,
        reward: bool = False,
    ):
        vectors = _ngram_vectors(left + right)
        n = len(left)
        self.left_vectors = vectors[:n]
        self.right_vectors = vectors[n:]
        self.known = known
        self.weight = weight
        self.unknown = unknown
        self.part_weight = part_weight
        self.normalise = normalise
        self.reward = reward
        self.typical = typical
        p, t = self.left_vectors, self.right_vectors
        self.left_sq = np.einsum("ij,ij->i", p, p)
        self.right_sq = np.einsum("ij,ij->i", t, t)
        self.left_pair_sq = self.left_sq[:-1] + self.left_sq[1:] + 2 * np.einsum("ij,ij->i", p[:-1], p[1:])
        self.right_pair_sq = self.right_sq[:-1] + self.right_sq[1:] + 2 * np.einsum("ij,ij->i", t[:-1], t[1:])
        self._dot_cache: dict[int, tuple[int, np.ndarray]] = {}
        self._left_columns = [np.flatnonzero(row) for row in self.left_vectors]
        self.left_scale, self.right_scale = self._baselines()

    def _baselines(self) -> tuple[np.ndarray, np.ndarray]:
        """1 - mean cosine of each text with all texts on the other side (vecalign's
        normalisation: a generic sentence that resembles everything gains less). The mean of
        cosines is the cosine with the mean of unit vectors; elementwise, without BLAS."""
        p = self.left_vectors / np.sqrt(np.maximum(self.left_sq, 1e-12))[:, None]
        t = self.right_vectors / np.sqrt(np.maximum(self.right_sq, 1e-12))[:, None]
        left = 1.0 - (p * t.mean(axis=0)).sum(axis=1)
        right = 1.0 - (t * p.mean(axis=0)).sum(axis=1)
        return np.maximum(left, 0.05), np.maximum(right, 0.05)

    def _dots(self, i: int, lo: int, hi: int) -> np.ndarray:
        """left[i] . right[j] for j in [lo, hi) (clipped to the document)."""
        lo, hi = max(lo, 0), min(hi, len(self.right_sq))
        cached = self._dot_cache.get(i)
        if cached is not None and cached[0] <= lo and cached[0] + len(cached[1]) >= hi:
            return cached[1][lo - cached[0] : hi - cached[0]]
        # a sparse row against a dense block, without BLAS: its threads fight over shared cores
        columns = self._left_columns[i]
        row = (self.right_vectors[lo:hi, columns] * self.left_vectors[i, columns]).sum(
            axis=1, dtype=np.float64
        )
        self._dot_cache[i] = (lo, row)
        return row

    def cost(self, sources: tuple[int, ...], j0: np.ndarray, span: int) -> np.ndarray:
        """Cost of linking ``sources`` with targets j0..j0+span-1, for each j0."""
        if not all(self.known[i] for i in sources):
            return np.full(len(j0), self.unknown)
        lo, hi = int(j0.min()), int(j0.max()) + span
        rows = [self._dots(i, lo, hi) for i in sources]
        parts = [row[j0 - lo + k] for row in rows for k in range(span)]
        dot = np.sum(parts, axis=0)
        psq = self.left_sq[sources[0]] if len(sources) == 1 else self.left_pair_sq[sources[0]]
        tsq = self.right_sq[j0] if span == 1 else self.right_pair_sq[j0]
        similarity = _cosine(dot, psq * tsq)
        if len(parts) > 1:
            # A merge must be supported by each of its parts, not only by the whole: a short
            # sentence absorbed into a merge lowers the whole's cosine only a little. A part's
            # support is its cosine with the other side, scaled up by the share it should have
            # of its own side (so that a part fully present scores like the whole).
            if len(sources) == 2:
                whole = np.sqrt(self.left_pair_sq[sources[0]])
                part_norms = [np.sqrt(self.left_sq[i]) for i in sources]
                part_cosines = [_cosine(parts[k], self.left_sq[i] * tsq) for k, i in enumerate(sources)]
            else:
                whole = np.sqrt(tsq)
                part_norms = [np.sqrt(self.right_sq[j0 + k]) for k in range(span)]
                part_cosines = [_cosine(parts[k], psq * self.right_sq[j0 + k]) for k in range(span)]
            # an empty part (no anchors in it) neither supports nor weakens the merge
            support = [
                np.where(
                    n > 0,
                    np.minimum(1.0, np.divide(c * whole, n, out=np.zeros_like(c), where=n > 0)),
                    similarity,
                )
                for c, n in zip(part_cosines, part_norms, strict=True)
            ]
            similarity = (1.0 - self.part_weight) * similarity + self.part_weight * np.minimum(*support)
        if self.reward:
            # anchors on one side only (names or numbers gone missing) cost ``unknown``
            return np.where(
                (psq == 0) | (tsq == 0),
                np.where((psq == 0) & (tsq == 0), 0.0, self.unknown),
                -self.weight * similarity,
            )
        cost = self.weight * (1.0 - similarity)
        if self.normalise:
            left = np.mean([self.left_scale[i] for i in sources])
            right = (
                self.right_scale[j0] if span == 1 else (self.right_scale[j0] + self.right_scale[j0 + 1]) / 2
            )
            cost = cost * (2.0 * self.typical / (left + right))
        return np.where((psq == 0) & (tsq == 0), self.unknown, cost)


NEARBY = 10
"""Cognates count for a link only when the other side has them within this many sentences of
the same relative position (so a long document's vocabulary does not penalise every link)."""


def _nearby(other: np.ndarray, count: int) -> np.ndarray:
    """For each of ``count`` sentences of one side, which words the other side's sentences near
    the same relative position have (rows of ``other``: 0/1 word presence per sentence)."""
    size = len(other)
    total = np.zeros((size + 1, other.shape[1]), dtype=np.float32)
    np.cumsum(other, axis=0, out=total[1:])
    centre = np.rint(np.arange(count) * size / max(count, 1)).astype(int)
    lo = np.clip(centre - NEARBY, 0, size)
    hi = np.clip(centre + NEARBY + 1, 0, size)
    return ((total[hi] - total[lo]) > 0).astype(np.float32)


class _Cognates:
    """Cognates on both sides of a link, vectorised over targets.

    A sentence's cognates are its words (as keys, see ``_cognate_words``) that the other side has
    near the same relative position (within NEARBY sentences): words with no counterpart there
    (most non-cognates, function words) say nothing. A link gains ``reward`` for each cognate on
    both of its sides and pays ``miss`` for each one on one side only. Markers (None) have no words.
    """

    def __init__(self, left: list[list[str]], right: list[list[str]], reward: float, miss: float):
        shared = {w for words in left for w in words} & {w for words in right for w in words}
        vocabulary = {w: k for k, w in enumerate(sorted(shared))}

        def presence(texts: list[list[str]]) -> np.ndarray:
            out = np.zeros((len(texts), max(len(vocabulary), 1)), dtype=np.float32)
            for row, words in enumerate(texts):
                out[row, [vocabulary[w] for w in words if w in vocabulary]] = 1.0
            return out

        left_words, right_words = presence(left), presence(right)
        left_words, right_words = (
            left_words * _nearby(right_words, len(left)),
            right_words * _nearby(left_words, len(right)),
        )
        # index 0: one sentence; index 1: a sentence and the next (the words of either)
        self.left = [left_words, np.maximum(left_words[:-1], left_words[1:])]
        self.right = [right_words, np.maximum(right_words[:-1], right_words[1:])]
        self.left_count = [words.sum(axis=1) for words in self.left]
        self.right_count = [words.sum(axis=1) for words in self.right]
        self.reward = reward
        self.miss = miss
        self._cache: dict[tuple[int, int, int], tuple[int, np.ndarray]] = {}
        self._columns = [[np.flatnonzero(row) for row in words] for words in self.left]

    def _found(self, i: int, ds: int, dt: int, lo: int, hi: int) -> np.ndarray:
        """Cognates of sources i.. (ds of them) also in targets j.. (dt of them), for j in [lo, hi)."""
        right = self.right[dt - 1]
        lo, hi = max(lo, 0), min(hi, len(right))
        cached = self._cache.get((i, ds, dt))
        if cached is not None and cached[0] <= lo and cached[0] + len(cached[1]) >= hi:
            return cached[1][lo - cached[0] : hi - cached[0]]
        # a sparse row against a dense block, without BLAS (see _Similarity._dots)
        found = right[lo:hi, self._columns[ds - 1][i]].sum(axis=1, dtype=np.float64)
        self._cache[(i, ds, dt)] = (lo, found)
        return found

    def cost(self, sources: tuple[int, ...], j0: np.ndarray, span: int) -> np.ndarray:
        """Cost of linking ``sources`` with targets j0..j0+span-1, for each j0."""
        i, ds = sources[0], len(sources)
        lo = int(j0.min())
        found = self._found(i, ds, span, lo, int(j0.max()) + 1)[j0 - lo]
        one_side = self.left_count[ds - 1][i] + self.right_count[span - 1][j0] - 2.0 * found
        return self.miss * one_side - self.reward * found


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
        self.channels: list[_Similarity] = []
        if self.use_pivots:
            self.channels.append(
                _Similarity(
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
                _Cognates(
                    [_source_cognates(s) if s is not None else [] for s in source],
                    [_target_cognates(t) if t is not None else [] for t in target],
                    costs.cognate_reward,
                    costs.cognate_miss,
                )
            )
        if anchors and not self.use_pivots:
            source_anchors = [_source_anchors(s) if s is not None else "" for s in source]
            self.channels.append(
                _Similarity(
                    source_anchors,
                    [_target_anchors(t) if t is not None else "" for t in target],
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


_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )
)
_WORD = re.compile(r"\w+|[?!:;()\"«»“”„%$€]")
# punctuation that a translation tends to keep, under one name per kind
_PUNCTUATION = {
    "?": "qmark",
    "!": "xmark",
    ":": "colon",
    ";": "semicolon",
    "(": "paren",
    ")": "paren",
    "%": "percent",
    "$": "dollar",
    "€": "euro",
} | dict.fromkeys('"«»“”„', "quote")


def _source_anchors(text: str) -> str:
    """Numbers, punctuation, capitalised words (not the first) and Latin-script words of a source
    sentence, transliterated to Latin."""
    out = []
    for k, word in enumerate(_WORD.findall(text)):
        if word in _PUNCTUATION:
            out.append(_PUNCTUATION[word])
        elif any(ch.isdigit() for ch in word):
            out.append("".join(ch for ch in word if ch.isdigit()))
        elif (k > 0 and word[0].isupper()) or word.isascii():
            out.append("".join(_TRANSLIT.get(ch, ch) for ch in word.lower()).replace("_", ""))
    return " ".join(out)


def _target_anchors(text: str) -> str:
    """Numbers, punctuation and capitalised words (not the first) of a target sentence."""
    out = []
    for k, word in enumerate(_WORD.findall(text)):
        if word in _PUNCTUATION:
            out.append(_PUNCTUATION[word])
        elif any(ch.isdigit() for ch in word):
            out.append("".join(ch for ch in word if ch.isdigit()))
        elif k > 0 and word[0].isupper():
            out.append(word.lower())
    return " ".join(out)


# Latin spellings that transliteration and English disagree on, folded alike (prezident /
# president, khokkei / hockey: kh and h are dropped)
_COGNATE_FOLD = str.maketrans(
    {"z": "s", "c": "k", "q": "k", "w": "v", "x": "ks", "y": "i", "j": "i", "f": "p", "h": ""}
)
_COGNATE_LETTERS = 4


def _cognate_words(latin: str) -> list[str]:
    """Cognate keys of a Latin-script text: its words of three letters or more (after folding) cut
    to their first four letters, and its numbers."""
    return [
        word[:_COGNATE_LETTERS]
        for word in re.findall(r"\w+", latin.replace("kh", "").translate(_COGNATE_FOLD))
        if len(word) >= 3 or word.isdigit()
    ]


def _source_cognates(text: str) -> list[str]:
    """Words of a source sentence as cognate keys (transliterated)."""
    return _cognate_words("".join(_TRANSLIT.get(ch, ch) for ch in text.lower()).replace("_", ""))


def _target_cognates(text: str) -> list[str]:
    """Words of a target sentence as cognate keys."""
    return _cognate_words(text.lower())


def _boundaries(marker: np.ndarray) -> np.ndarray:
    out = np.ones(len(marker) + 1, dtype=bool)
    out[1:-1] = marker[:-1] | marker[1:]
    return out


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
