"""Id sets per segment and their banded overlaps, checked against plain Python sets."""

import math

import numpy as np

from pipeline.align.rowsets import RowSets, banded_prefix
from pipeline.align.scoring import log_two_sided_tail


def random_rows(rng, count, vocabulary):
    return [sorted(set(rng.integers(0, vocabulary, rng.integers(0, 6)).tolist())) for _ in range(count)]


def test_banded_prefix_counts_shared_ids_inside_each_rows_columns():
    rng = np.random.default_rng(7)
    left_rows, right_rows = random_rows(rng, 40, 12), random_rows(rng, 30, 12)
    col_lo = np.sort(rng.integers(0, 20, 40))
    col_hi = np.minimum(30, col_lo + rng.integers(0, 11, 40))
    width = int((col_hi - col_lo).max()) + 1
    prefix = banded_prefix(RowSets.from_rows(left_rows), RowSets.from_rows(right_rows), col_lo, col_hi, width)
    for r, ids in enumerate(left_rows):
        running = 0
        for k in range(width):
            assert prefix[r, k] == running, (r, k)
            column = col_lo[r] + k
            if column < col_hi[r]:
                running += len(set(ids) & set(right_rows[column]))


def test_merge_unites_the_rows_of_each_group():
    rows = [[1, 3], [3, 4], [], [0], [9]]
    merged = RowSets.from_rows(rows).merge(np.array([0, 0, 1, 1, 2]), 3)
    groups = [merged.indices[merged.indptr[g] : merged.indptr[g + 1]].tolist() for g in range(3)]
    assert groups == [[1, 3, 4], [0], [9]]
    assert merged.sizes().tolist() == [3, 1, 1]


def test_length_tail_matches_the_normal_distribution():
    for x in (0.0, 0.3, 1.0, 1.96, 4.5, 7.0):
        exact = math.log(math.erfc(x / math.sqrt(2)))
        assert abs(float(log_two_sided_tail(np.array([x]))[0]) - exact) < 1e-8


def test_banded_prefix_is_the_same_when_its_matches_are_counted_in_small_batches(monkeypatch):
    from pipeline.align import rowsets

    rng = np.random.default_rng(3)
    left, right = RowSets.from_rows(random_rows(rng, 25, 6)), RowSets.from_rows(random_rows(rng, 25, 6))
    col_lo = np.zeros(25, dtype=np.int64)
    col_hi = np.full(25, 25, dtype=np.int64)
    whole = banded_prefix(left, right, col_lo, col_hi, 26)
    monkeypatch.setattr(rowsets, "OVERLAP_MATCHES", 3)  # fewer than one row's matches: one row at a time
    assert (banded_prefix(left, right, col_lo, col_hi, 26) == whole).all()
