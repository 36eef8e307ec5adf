"""Sets of integer ids per segment (concepts, anchors, character n-grams) and their overlaps in the band.

A CSR-like pair of numpy arrays, without scipy: the aligner only ever needs
how many ids two runs of segments share, for the cells of a band, and scipy's
import alone costs more than a 1,000-sentence alignment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# (row, id, column) matches counted at once: bounds the temporary arrays (~8 arrays of
# 8 bytes each per match) whatever the band's width or the texts' repetitiveness.
OVERLAP_MATCHES = 1 << 21
# Band cells counted at once (one int64 each): bounds the per-batch count table on a very wide band.
OVERLAP_CELLS = 1 << 22


@dataclass(frozen=True)
class RowSets:
    indptr: np.ndarray  # row r holds indices[indptr[r]:indptr[r + 1]], sorted and distinct
    indices: np.ndarray

    @classmethod
    def from_rows(cls, rows: list[list[int]]) -> RowSets:
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        indices = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
        return cls(indptr, indices)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def rows(self, start: int, end: int) -> RowSets:
        """Rows start .. end-1 as a RowSets of their own."""
        first, last = int(self.indptr[start]), int(self.indptr[end])
        return RowSets(self.indptr[start : end + 1] - first, self.indices[first:last])

    def sizes(self) -> np.ndarray:
        return np.diff(self.indptr).astype(np.float64)

    def row_of_each_index(self) -> np.ndarray:
        return np.repeat(np.arange(len(self)), np.diff(self.indptr))

    def merge(self, group_of_row: np.ndarray, groups: int) -> RowSets:
        """The union of the rows in each group (group_of_row: the group of every row, non-decreasing)."""
        group = group_of_row[self.row_of_each_index()]
        width = int(self.indices.max()) + 1 if len(self.indices) else 1
        keys = np.sort(group * width + self.indices)
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
        indptr = np.zeros(groups + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // width, minlength=groups), out=indptr[1:])
        return RowSets(indptr, keys % width)


def _repeat_ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """starts[0], starts[0]+1, .., starts[0]+counts[0]-1, starts[1], ..: every index of every range."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    steps = np.ones(total, dtype=np.int64)
    firsts = np.cumsum(counts) - counts  # where each range begins in the output
    nonempty = counts > 0
    steps[firsts[nonempty]] = starts[nonempty] - np.concatenate(([0], (starts + counts - 1)[nonempty][:-1]))
    return np.cumsum(steps)


def banded_prefix(left: RowSets, right: RowSets, col_lo: np.ndarray, col_hi: np.ndarray, width: int) -> np.ndarray:
    """prefix[r, k]: ids row r of `left` shares with rows col_lo[r] .. col_lo[r]+k-1 of `right`, summed.

    Only columns below col_hi[r] count. Matches are found through the right
    side's posting lists (id -> its rows, sorted), searched for each (row, id)
    of the left side between the row's column limits.
    """
    n, m = len(left), len(right)
    prefix = np.zeros((n, width), dtype=np.float32)
    right_rows = right.row_of_each_index()
    order = np.lexsort((right_rows, right.indices))
    # One sorted key per (id, right row): id * (m + 1) + row.
    keys = right.indices[order] * (m + 1) + right_rows[order]
    posting_rows = right_rows[order]
    left_rows = left.row_of_each_index()
    # How many matches each (row, id) of the left side has inside its row's columns.
    starts = np.searchsorted(keys, left.indices * (m + 1) + col_lo[left_rows])
    counts = np.searchsorted(keys, left.indices * (m + 1) + col_hi[left_rows]) - starts
    matches_to_row = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(left_rows, weights=counts, minlength=n).astype(np.int64), out=matches_to_row[1:])
    first = 0
    while first < n:
        # Rows from `first` while their matches fit the budget (at least one row).
        last = max(
            first + 1, int(np.searchsorted(matches_to_row, matches_to_row[first] + OVERLAP_MATCHES, side="right")) - 1
        )
        last = min(last, n, first + max(1, OVERLAP_CELLS // max(1, width - 1)))
        span = slice(int(left.indptr[first]), int(left.indptr[last]))
        rows = left_rows[span]
        match_rows = np.repeat(rows, counts[span])
        match_cols = posting_rows[_repeat_ranges(starts[span], counts[span])]
        cells = (match_rows - first) * (width - 1) + (match_cols - col_lo[match_rows])
        shared = np.bincount(cells, minlength=(last - first) * (width - 1)).reshape(last - first, width - 1)
        np.cumsum(shared, axis=1, out=prefix[first:last, 1:])
        first = last
    return prefix
