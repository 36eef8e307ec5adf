"""A coarse alignment that tells the fine one where to look (Vecalign's coarse-to-fine search).

On a long text the band around the length diagonal must be wide, because
the real path wanders from it (a chapter translated more tersely, a passage
left out), and the DP pays for every cell of that band. Aligning groups of
consecutive segments (each side in the same number of runs) first gives a path that follows the real one;
the fine DP then searches only a margin around it (dp.py repairs the
stretches where that went wrong).
"""

from __future__ import annotations

import numpy as np

from pipeline.align.features import SideFeatures


def bounds(count: int, groups: int) -> np.ndarray:
    """First segment of each of `groups` runs of (nearly) equal size, and `count` at the end."""
    return -(-np.arange(groups + 1) * count // groups)


def merge(side: SideFeatures, groups: int) -> SideFeatures:
    """The segments in `groups` runs of consecutive ones: lengths added, id sets united."""
    # The runs band_around maps back from, so the two can never disagree.
    group_of = np.repeat(np.arange(groups), np.diff(bounds(len(side.lengths), groups)))
    concepts = side.concepts.merge(group_of, groups)
    anchors = side.anchors.merge(group_of, groups)
    mt_grams = side.mt_grams.merge(group_of, groups) if side.mt_grams is not None else None
    return SideFeatures(
        lengths=np.bincount(group_of, weights=side.lengths, minlength=groups),
        concepts=concepts,
        content=concepts.sizes(),
        anchors=anchors,
        anchor_counts=anchors.sizes(),
        mt_grams=mt_grams,
        mt_counts=mt_grams.sizes() if mt_grams is not None else None,
    )


def band_around(
    path: list[tuple[int, int, int, int]], groups: int, n: int, m: int, margin: int
) -> tuple[np.ndarray, np.ndarray]:
    """Fine column range of each fine row: the coarse beads' rectangles, `margin` wider either side."""
    rows_at, cols_at = bounds(n, groups), bounds(m, groups)
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for end_i, end_j, a, b in path:
        rows = slice(int(rows_at[end_i - a]), int(rows_at[end_i]) + 1)
        lo[rows] = np.minimum(lo[rows], cols_at[end_j - b])
        hi[rows] = np.maximum(hi[rows], cols_at[end_j])
    lo = np.clip(lo - margin, 0, m)
    hi = np.clip(hi + margin, 0, m)
    lo[0], hi[-1] = 0, m
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    return lo, hi
