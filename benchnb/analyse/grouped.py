"""Reductions over many small groups at once, equal to the bit to what pandas gives each
group on its own.

``groupby(...).mean()`` sums with Kahan compensation and ``groupby(...).quantile()``
interpolates in its own way, so both can differ in the last bit from ``Series.mean()`` /
``Series.quantile()`` of the same rows (numpy's pairwise sum, ``np.percentile``), which the
analysis used per group when it looped over groups. Here the rows of the groups of one
length are stacked into one matrix and reduced along its rows: numpy reduces each row as
it reduces the row alone, so a sweep of 700 files costs a few numpy calls per group length
instead of a few pandas calls per file.
"""

from __future__ import annotations

import numpy as np
from pandas.core.sorting import nargsort


class Groups:
    """Rows labelled by group number (``0 .. size - 1``; a negative label leaves the row
    out); the rows of a group keep their order."""

    def __init__(self, labels: np.ndarray, size: int) -> None:
        labels = np.asarray(labels, dtype=np.int64)
        keep = np.flatnonzero(labels >= 0)
        order = keep[np.argsort(labels[keep], kind="stable")]
        self.size = size
        self._order = order
        self._labels = labels[order]
        self.counts = np.bincount(self._labels, minlength=size)
        self._starts = np.concatenate([[0], np.cumsum(self.counts)[:-1]]).astype(np.int64)

    def _stacked(self, values: np.ndarray, lengths: np.ndarray, starts: np.ndarray):
        """(groups, matrix) per distinct non-zero length: each matrix row a group's values."""
        for length in np.unique(lengths[lengths > 0]):
            which = np.flatnonzero(lengths == length)
            at = starts[which][:, None] + np.arange(length)
            yield which, values[at]

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Per group, ``np.sum`` of its values (0 for an empty group)."""
        ordered = np.asarray(values, dtype=np.float64)[self._order]
        out = np.zeros(self.size)
        for which, matrix in self._stacked(ordered, self.counts, self._starts):
            out[which] = matrix.sum(axis=1)
        return out

    def mean(self, values: np.ndarray) -> np.ndarray:
        """Per group, ``Series.mean()`` of its values: NaN skipped (as pandas does, by
        summing them as 0), NaN for a group with no number."""
        values = np.asarray(values, dtype=np.float64)
        present = ~np.isnan(values)
        count = np.bincount(self._labels, present[self._order], minlength=self.size)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(count > 0, self.sum(np.where(present, values, 0.0)) / count, np.nan)

    def std(self, values: np.ndarray) -> np.ndarray:
        """Per group, ``Series.std(ddof=1)`` of values holding no NaN (pandas' two-pass
        variance); NaN for a group of fewer than two values."""
        values = np.asarray(values, dtype=np.float64)
        avg = self.sum(values) / np.maximum(self.counts, 1)
        row_avg = np.empty(len(values))
        row_avg[self._order] = avg[self._labels]
        sqr = self.sum((row_avg - values) ** 2)
        d = self.counts - 1.0
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(d > 0, np.sqrt(sqr / np.where(d > 0, d, 1.0)), np.nan)

    def quantile(self, values: np.ndarray, q: float) -> np.ndarray:
        """Per group, ``Series.quantile(q)`` of values holding no NaN (``np.percentile``,
        linear); NaN for an empty group."""
        ordered = np.asarray(values, dtype=np.float64)[self._order]
        out = np.full(self.size, np.nan)
        for which, matrix in self._stacked(ordered, self.counts, self._starts):
            out[which] = np.percentile(matrix, q * 100, axis=1)
        return out

    def _rows(self, values: np.ndarray, reduce, fill: float = np.nan) -> np.ndarray:
        ordered = np.asarray(values, dtype=np.float64)[self._order]
        out = np.full(self.size, fill)
        for which, matrix in self._stacked(ordered, self.counts, self._starts):
            out[which] = reduce(matrix)
        return out

    def median(self, values: np.ndarray) -> np.ndarray:
        """Per group, ``Series.median()`` of values holding no NaN."""
        return self._rows(values, lambda m: np.median(m, axis=1))

    def min(self, values: np.ndarray) -> np.ndarray:
        return self._rows(values, lambda m: m.min(axis=1))

    def max(self, values: np.ndarray) -> np.ndarray:
        return self._rows(values, lambda m: m.max(axis=1))


def sort_within(code: np.ndarray, values: np.ndarray, ascending: bool = True) -> np.ndarray:
    """The rows' order by group, then by value (NaN last): for each group, what pandas'
    ``nargsort(values[rows of the group], ascending=ascending)`` orders its rows as.

    One sort of all the rows instead of a ``nargsort`` per group (thousands of groups at
    10,000 files). Where a group holds no value twice its order is the only one; a group
    that does is handed to ``nargsort`` itself, whose quicksort orders equal values its
    own way."""
    code = np.asarray(code)
    values = np.asarray(values, dtype=np.float64)
    missing = np.isnan(values)
    key = np.where(missing, 0.0, values if ascending else -values)
    # NaN last in row order; the row number decides nothing else (no two rows tie on it)
    order = np.lexsort((np.arange(len(values)), key, missing, code))
    c, v = code[order], values[order]
    tied = (c[1:] == c[:-1]) & (v[1:] == v[:-1])  # NaN equals nothing
    for group in np.unique(c[1:][tied]):
        lo, hi = np.searchsorted(c, group, "left"), np.searchsorted(c, group, "right")
        rows = np.sort(order[lo:hi])  # the group's rows in row order
        order[lo:hi] = rows[nargsort(values[rows], ascending=ascending, na_position="last")]
    return order
