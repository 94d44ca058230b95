"""Sparse rows for the sentence aligner: the n-gram vectors and cognate presence of a document's
sentences (:class:`SparseRows`), and the dot products of the few sources the search still asks
about (:class:`RecentRows`). Both keep memory linear in the document's length."""

from __future__ import annotations

import numpy as np


class SparseRows:
    """A sparse matrix of ``count`` rows and ``width`` columns, held as its sorted entry keys
    (row * width + column) and values: the few numpy operations the aligner needs, without the
    per-call cost of a general sparse library on the many small documents of a batch."""

    def __init__(self, count: int, width: int, keys: np.ndarray, values: np.ndarray):
        self.count, self.width = count, width
        self.keys = keys.astype(np.int64, copy=False)
        self.values = values
        self.rows = self.keys // width
        self.columns = self.keys % width
        self.indptr = np.searchsorted(self.rows, np.arange(count + 1))

    def part(self, first: int, last: int) -> SparseRows:
        """Rows first..last-1."""
        a, b = self.indptr[first], self.indptr[last]
        return SparseRows(last - first, self.width, self.keys[a:b] - first * self.width, self.values[a:b])

    def dense(self, i: int) -> np.ndarray:
        """Row i as a dense vector."""
        out = np.zeros(self.width, dtype=self.values.dtype)
        a, b = self.indptr[i], self.indptr[i + 1]
        out[self.columns[a:b]] = self.values[a:b]
        return out

    def dots(self, vector: np.ndarray, lo: int = 0, hi: int | None = None) -> np.ndarray:
        """Rows lo..hi-1 dotted with a dense vector (a sparse block against a dense row, without
        BLAS: its threads fight over shared cores)."""
        hi = self.count if hi is None else hi
        if hi <= lo:
            return np.zeros(0)
        a, b = self.indptr[lo], self.indptr[hi]
        products = self.values[a:b] * vector[self.columns[a:b]]
        found = np.bincount(self.rows[a:b] - lo, weights=products, minlength=hi - lo)
        return found.astype(np.float64, copy=False)  # (an empty block counts as int64)

    def sums(self) -> np.ndarray:
        return np.bincount(self.rows, weights=self.values, minlength=self.count).astype(np.float64, copy=False)

    def squares(self) -> np.ndarray:
        """Each row's squared norm."""
        values = self.values.astype(np.float64)
        return np.bincount(self.rows, weights=values * values, minlength=self.count).astype(np.float64, copy=False)

    def next_dots(self) -> np.ndarray:
        """Each row dotted with the next one (count - 1 values)."""
        shifted = self.keys - self.width  # row r + 1's entries, keyed as row r
        at = np.searchsorted(self.keys, shifted)
        match = (at < len(self.keys)) & (self.keys[np.minimum(at, len(self.keys) - 1)] == shifted) & (self.rows > 0)
        products = self.values[match].astype(np.float64) * self.values[at[match]]
        return np.bincount(self.rows[match] - 1, weights=products, minlength=max(self.count - 1, 0))[: max(self.count - 1, 0)]

    def column_sums(self, row_weights: np.ndarray) -> np.ndarray:
        """Sum over rows of each row times its weight: a dense vector of ``width``."""
        return np.bincount(self.columns, weights=self.values * row_weights[self.rows], minlength=self.width)

    def with_next(self) -> SparseRows:
        """For 0/1 rows: row r holds the entries of rows r and r + 1 (count - 1 rows)."""
        own = self.keys[self.rows < self.count - 1]
        following = self.keys[self.rows > 0] - self.width
        keys = np.union1d(own, following)
        return SparseRows(max(self.count - 1, 0), self.width, keys, np.ones(len(keys), dtype=self.values.dtype))


class RecentRows:
    """Rows of dot products by source index, for the few sources the search still asks about
    (it moves forward one source at a time and looks two back): older rows are dropped."""

    KEEP = 4

    def __init__(self):
        self._rows: dict[int, tuple[int, np.ndarray]] = {}

    def get(self, i: int, lo: int, hi: int) -> np.ndarray | None:
        cached = self._rows.get(i)
        if cached is not None and cached[0] <= lo and cached[0] + len(cached[1]) >= hi:
            return cached[1][lo - cached[0] : hi - cached[0]]
        return None

    def put(self, i: int, lo: int, row: np.ndarray) -> None:
        self._rows[i] = (lo, row)
        if len(self._rows) > 2 * self.KEEP:
            for old in [k for k in self._rows if k < i - self.KEEP]:
                del self._rows[old]
