"""Where the bead DP searches: around the length diagonal, or on a long text around a coarse path,
repaired where it went wrong.

A short text is searched in a band around the diagonal its cumulative
lengths predict (search.py). A long one (a side of at least
`align.coarse.above` segments) is first aligned coarsely, in runs of
segments (Vecalign's coarse-to-fine idea), and the fine search keeps
`coarse.margin` segments either side of that path. A coarse path can lose
the true one (a passage left out, a chapter much terser than the rest), and
a fine band around a wrong guide cannot find it again; so the fine path is
checked, and each stretch that looks wrong is searched again on its own,
between the beads on either side of it, in a band of its own:

- where the path runs along an edge of the band that is not the document's
  own (it was pushed there), and
- where `coarse.window` consecutive beads cost more on average than leaving
  a segment unaligned (`penalties.skip`): text paired with text it does not
  translate.

A stretch found again is searched with a band twice as wide the next round
(`coarse.rounds` at most). The repaired path is never costlier than the one
it replaces: each stretch's band keeps the old path inside it.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from pipeline.align import coarse, evidence
from pipeline.align.features import SideFeatures
from pipeline.align.params import AlignParams
from pipeline.align.scoring import BeadScorer
from pipeline.align.search import Path, band_limits, search
from pipeline.types import Bead

# Evidence (margins) compares a bead with beads shifted by one segment: the final band keeps this
# many columns either side of the path.
EVIDENCE_MARGIN = 3


def align(zh: SideFeatures, en: SideFeatures, params: AlignParams) -> list[Bead]:
    """The lowest-cost sequence of beads covering every segment of both sides exactly once."""
    n, m = len(zh.lengths), len(en.lengths)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0, {}) for i in range(n)] + [Bead((), (j,), 0.0, {}) for j in range(m)]
    params = params.for_texts(float(zh.lengths.sum()), float(en.lengths.sum()), n, m)
    if max(n, m) < params.coarse.above:
        lo, hi = band_limits(zh, en, params.band_half_width(n, m))
        scorer = BeadScorer(zh, en, params, lo, hi)
        return evidence.beads(search(scorer, lo, hi, n, m), scorer)
    path = repaired(*_coarse_to_fine(zh, en, params), zh, en, params)
    lo, hi = band_along(path, n, m, EVIDENCE_MARGIN)
    return evidence.beads(path, BeadScorer(zh, en, params, lo, hi))


def _coarse_to_fine(zh: SideFeatures, en: SideFeatures, params: AlignParams) -> tuple[Path, np.ndarray, np.ndarray]:
    """A coarse path over runs of segments, then the fine search in a margin around it: the path and
    the band it was searched in."""
    n, m = len(zh.lengths), len(en.lengths)
    groups = min(n, m, params.coarse.groups)
    coarse_zh, coarse_en = coarse.merge(zh, groups), coarse.merge(en, groups)
    coarse_n, coarse_m = len(coarse_zh.lengths), len(coarse_en.lengths)
    lo, hi = band_limits(coarse_zh, coarse_en, params.band_half_width(coarse_n, coarse_m))
    # A group stands for max(n, m) / groups segments: leaving it unaligned costs what leaving
    # them would (at the sentence price, a coarse path skips where group borders merely disagree).
    coarse_params = dataclasses.replace(
        params.updated(penalties={"skip": params.penalties.skip * max(n, m) / groups}),
        ratio=params.ratio,
        variance=params.variance,
        estimate_ratio=False,
    )
    guide = search(BeadScorer(coarse_zh, coarse_en, coarse_params, lo, hi), lo, hi, coarse_n, coarse_m)
    lo, hi = coarse.band_around(guide, groups, n, m, params.coarse.margin)
    return search(BeadScorer(zh, en, params, lo, hi), lo, hi, n, m), lo, hi


def band_along(path: Path, n: int, m: int, margin: int) -> tuple[np.ndarray, np.ndarray]:
    """The cells every bead of `path` spans, `margin` columns wider either side, as a band."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i, j, a, b in path:
        lo[i - a : i + 1] = np.minimum(lo[i - a : i + 1], j - b)
        hi[i - a : i + 1] = np.maximum(hi[i - a : i + 1], j)
    lo = np.clip(lo - margin, 0, m)
    hi = np.clip(hi + margin, 0, m)
    lo[0], hi[-1] = 0, m
    return np.minimum.accumulate(lo[::-1])[::-1], np.maximum.accumulate(hi)


def repaired(
    path: Path, lo: np.ndarray, hi: np.ndarray, zh: SideFeatures, en: SideFeatures, params: AlignParams
) -> Path:
    """`path`, found in the band lo/hi, with each stretch that looks wrong searched again on its own
    (see the module's doc). lo/hi are updated to the bands the stretches were searched in."""
    n, m = len(zh.lengths), len(en.lengths)
    settings = params.coarse
    lo, hi = lo.copy(), hi.copy()
    width = 2 * settings.margin
    for round_ in range(settings.rounds):
        # Costs need a band holding the path only: one segment either side is cheap to build.
        scorer = BeadScorer(zh, en, params, *band_along(path, n, m, 1))
        edge = _edge_beads(path, lo, hi, m, max(1, int(settings.margin * settings.near_edge)))
        costs = evidence.costs(scorer, path)
        suspects = _suspects(path, costs, edge, settings.window, params.penalties.skip, 2**round_)
        if not suspects:
            break
        before = path
        for first, last in reversed(suspects):  # from the end, so earlier bead indices stay valid
            stretch, band = _again(path[first:last], zh, en, params, width)
            path = path[:first] + stretch + path[last:]
            if band is not None:
                (i0, j0, j1), (sub_lo, sub_hi) = band
                # The stretch's own ends are fixed, not pushed: only edges inside it count next round.
                lo[i0 : i0 + len(sub_lo)] = np.where(sub_lo == 0, 0, sub_lo + j0)
                hi[i0 : i0 + len(sub_hi)] = np.where(sub_hi == j1 - j0, m, sub_hi + j0)
        if path == before:
            break  # searching again changed nothing: wider would not either
        width *= 2
    return path


def _edge_beads(path: Path, lo: np.ndarray, hi: np.ndarray, m: int, near: int) -> np.ndarray:
    """Indices of beads with an end within `near` columns of a band edge that is not the document's."""
    ends = np.array([(i, j) for i, j, _, _ in path])
    starts = np.array([(i - a, j - b) for i, j, a, b in path])
    flagged = np.zeros(len(path), dtype=bool)
    for rows, cols in ((ends[:, 0], ends[:, 1]), (starts[:, 0], starts[:, 1])):
        flagged |= ((lo[rows] > 0) & (cols - lo[rows] < near)) | ((hi[rows] < m) & (hi[rows] - cols < near))
    return np.flatnonzero(flagged)


def _suspects(
    path: Path, costs: np.ndarray, edge: np.ndarray, window: int, skip: float, growth: int
) -> list[tuple[int, int]]:
    """Ranges [first, last) of bead indices to search again: beads at a band edge, and windows of
    `window` beads costing more on average than a skipped segment. Each range is widened by `growth`
    windows and, from the second round on, by its own length either side: a stretch that searching
    again could not mend is part of a longer one gone wrong."""
    flagged = np.zeros(len(path), dtype=bool)
    flagged[edge] = True
    if len(path) >= window:
        mean = np.convolve(costs, np.ones(window) / window, mode="valid")
        for start in np.flatnonzero(mean > skip).tolist():
            flagged[start : start + window] = True
    runs: list[tuple[int, int]] = []
    for k in np.flatnonzero(flagged).tolist():
        if runs and k <= runs[-1][1]:
            runs[-1] = (runs[-1][0], k + 1)
        else:
            runs.append((k, k + 1))
    ranges: list[tuple[int, int]] = []
    for first, last in runs:
        pad = growth * window + (last - first if growth > 1 else 0)
        first, last = max(0, first - pad), min(len(path), last + pad)
        if ranges and first <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], last))
        else:
            ranges.append((first, last))
    return ranges


def _again(stretch: Path, zh: SideFeatures, en: SideFeatures, params: AlignParams, width: int):
    """The stretch's beads searched again between its two ends, in a band of `width` around its own
    length diagonal that keeps the stretch itself inside (so the result is never costlier), and that
    band ((first row, first column, last column), (lo, hi)); the stretch as it was, and None, when
    the band would pass `coarse.max_cells`."""
    i0, j0 = stretch[0][0] - stretch[0][2], stretch[0][1] - stretch[0][3]
    i1, j1 = stretch[-1][0], stretch[-1][1]
    if i1 == i0 or j1 == j0:
        return stretch, None
    sub_zh, sub_en = zh.rows(i0, i1), en.rows(j0, j1)
    n, m = i1 - i0, j1 - j0
    lo, hi = band_limits(sub_zh, sub_en, max(width, params.band_half_width(n, m)))
    old_lo, old_hi = band_along([(i - i0, j - j0, a, b) for i, j, a, b in stretch], n, m, 0)
    lo = np.minimum.accumulate(np.minimum(lo, old_lo)[::-1])[::-1]
    hi = np.maximum.accumulate(np.maximum(hi, old_hi))
    if (n + 1) * (int((hi - lo).max()) + 1) > params.coarse.max_cells:
        return stretch, None
    found = search(BeadScorer(sub_zh, sub_en, params, lo, hi), lo, hi, n, m)
    return [(i + i0, j + j0, a, b) for i, j, a, b in found], ((i0, j0, j1), (lo, hi))
