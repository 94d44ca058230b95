"""What a sentence link costs: the weights of each cue (:class:`AlignCosts`, one set with pivots,
one with lengths alone) and the cost model that prices every candidate link of a document."""

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

class CostModel:
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
