"""The banded dynamic programme over beads: the lowest-cost path inside a band of the grid.

Rows are Chinese segments, columns English ones; row i of the band holds
columns lo[i] .. hi[i], so cost grows with n x band, not n x m. Bead costs are
computed for blocks of rows at once (scoring.py); the recurrence then takes,
row by row, the cheapest bead type arriving at each cell, and 0-1 beads
(skipping an English segment), which depend on the same row, are resolved
with a prefix-minimum scan.
"""

from __future__ import annotations

import numpy as np

from pipeline.align.features import SideFeatures
from pipeline.align.scoring import BLOCK_CELLS, BeadScorer, Cells, prefix_sums

INF = np.inf
Path = list[tuple[int, int, int, int]]  # beads as (end row, end column, a, b), in order


def band_limits(zh: SideFeatures, en: SideFeatures, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Column range of each row, `width` either side of the diagonal the cumulative lengths predict."""
    m = len(en.lengths)
    cz = prefix_sums(zh.lengths + 1)
    ce = prefix_sums(en.lengths + 1)
    centre = np.searchsorted(ce / ce[-1], cz / cz[-1], side="left")
    lo = np.clip(centre - width, 0, m)
    hi = np.clip(centre + width, 0, m)
    lo[0], hi[-1] = 0, m
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # never let a later row start before an earlier one ends
    hi = np.maximum.accumulate(hi)
    return lo.astype(np.int64), hi.astype(np.int64)


def search(scorer: BeadScorer, lo: np.ndarray, hi: np.ndarray, n: int, m: int) -> list[tuple[int, int, int, int]]:
    """The lowest-cost path inside the band, as (end row, end column, a, b) per bead, in order."""
    params = scorer.params
    width = int((hi - lo).max()) + 1
    # Row i of the table holds columns lo[i] .. hi[i]; memory is rows x band.
    table = np.full((n + 1, width), INF)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    beads = list(params.beads)
    skip_en = beads.index((0, 1)) if (0, 1) in beads else None
    skip_cost = params.penalties.skip
    steps = [(k, a, b) for k, (a, b) in enumerate(beads) if a > 0]
    lo_list, hi_list = lo.tolist(), hi.tolist()
    offsets = np.arange(width)
    skip_offset = skip_cost * offsets
    step_ids = np.array([k for k, _, _ in steps], dtype=np.int8)
    windows = _windows(steps, lo, hi, n)
    candidates = np.empty((len(steps), width))
    rows_per_block = max(1, BLOCK_CELLS // width)
    for first in range(0, n + 1, rows_per_block):
        rows = np.arange(first, min(n + 1, first + rows_per_block))
        # Cells past a row's band are clamped to its last column; their costs are never read.
        cols = np.minimum(lo[rows][:, None] + offsets[None, :], hi[rows][:, None])
        # Bead costs do not depend on the table: each pair type's cost for every
        # cell of the block in one pass; the recurrence below only adds and compares.
        cells = Cells(scorer, rows[:, None], cols)
        # A 1-0 bead costs `skip` wherever it stands: its entry is the constant itself.
        step_costs = [scorer.cost(a, b, cells) if b > 0 else np.full((1, width), skip_cost) for _, a, b in steps]
        for r, i in enumerate(rows.tolist()):
            length = hi_list[i] - lo_list[i] + 1
            if i == 0:
                best = np.full(length, INF)
                best[0] = 0.0
                arg = np.full(length, -1, dtype=np.int8)
            else:
                # One candidate row per bead type (INF where it cannot arrive);
                # argmin keeps the first bead type among equals, as a strict "<" would.
                cand = candidates[:, :length]
                cand.fill(INF)
                for t, (_, a, b) in enumerate(steps):
                    window = windows[t][i]
                    if window is None:
                        continue
                    first_ok, last_ok, shift = window
                    prev = table[i - a, first_ok + shift : last_ok + shift]
                    added = step_costs[t][r if b > 0 else 0, first_ok:last_ok]
                    np.add(prev, added, out=cand[t, first_ok:last_ok])
                choice = cand.argmin(axis=0)
                best = cand.min(axis=0)
                arg = np.where(best < INF, step_ids[choice], np.int8(-1))
            if skip_en is not None and length > 1:
                # best[j] = min(best[j], best[j-1] + skip): a prefix minimum of best - skip*j.
                offset = skip_offset[:length]
                running = np.minimum.accumulate(best - offset) + offset
                # Strictly better only: best - offset + offset can round below best.
                from_left = running < best - 1e-9
                best = np.where(from_left, running, best)
                arg[from_left] = skip_en
            table[i, :length] = best
            back[i, :length] = arg
    return _backtrace(back, lo, beads, n, m)


def _backtrace(back: np.ndarray, lo: np.ndarray, beads: list, n: int, m: int) -> list[tuple[int, int, int, int]]:
    """The path the back pointers give from (n, m) to (0, 0), in document order."""
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i, j - lo[i]])
        if k < 0:
            raise RuntimeError(f"alignment path broken at ({i}, {j})")
        a, b = beads[k]
        path.append((i, j, a, b))
        i, j = i - a, j - b
    path.reverse()
    return path


def _windows(steps, lo: np.ndarray, hi: np.ndarray, n: int) -> list[list]:
    """Per bead type and row i: (first, last, shift) such that columns first .. last-1 of row i
    come from columns first+shift .. of row i - a (those its band holds), or None."""
    out = []
    rows = np.arange(n + 1)
    for _, a, b in steps:
        source = np.maximum(rows - a, 0)
        shift = lo[rows] - lo[source] - b
        first = np.maximum(0, -shift)
        last = np.minimum(hi[rows] - lo[rows] + 1, hi[source] - lo[source] + 1 - shift)
        usable = (rows - a >= 0) & (last > first)
        out.append(
            [
                (f, l, s) if ok else None
                for f, l, s, ok in zip(first.tolist(), last.tolist(), shift.tolist(), usable.tolist())
            ]
        )
    return out
